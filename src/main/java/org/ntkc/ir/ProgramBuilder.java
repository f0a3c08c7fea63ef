package org.ntkc.ir;

import java.util.ArrayList;
import java.util.List;
import org.ntkc.diag.SourceSpan;
import org.ntkc.ir.pass.FuseAffinePass;
import org.ntkc.ir.pass.FuseElementwisePass;
import org.ntkc.ir.pass.Pass;
import org.ntkc.runtime.Parameterization;
import org.ntkc.runtime.quad.QuadratureOptions;

/**
 * The one way a {@link KernelProgram} is made, from the layers of its network (sema's lowering, and
 * {@link KernelProgram#withWidths} at other widths, both come here):
 * <ol>
 *   <li>the {@link #LAYER_PASSES} over the layers: what they give is the finite network, kept in the program;</li>
 *   <li>one step per layer (a dense layer its affine map of (Σ, Θ), an activation its dual chosen with the
 *       quadrature options), after the input Gram step;</li>
 *   <li>the {@link #STEP_PASSES} over the steps: what they give is the kernel recursion.</li>
 * </ol>
 * A pass that only suits the kernel (it would merge two weight matrices of the network) is a step pass; one that is
 * exact for both is a layer pass, so that the network and the kernel get its result from one place.
 */
public final class ProgramBuilder {
    /** Applied, in order, to the layers before lowering. */
    public static final List<Pass<NetworkLayer>> LAYER_PASSES = List.of(new FuseElementwisePass());

    /** Applied, in order, to the steps after lowering. */
    public static final List<Pass<Step>> STEP_PASSES = List.of(new FuseAffinePass());

    private ProgramBuilder() {
    }

    /**
     * The program of network {@code name}: {@code inputDim} inputs (declared at {@code inputOrigins}), its layers in
     * order (each dense layer's input width the width before it), duals of numerical activations integrated with
     * {@code quadrature}.
     */
    public static KernelProgram build(String name, int inputDim, List<SourceSpan> inputOrigins,
                                      Parameterization parameterization, QuadratureOptions quadrature,
                                      List<NetworkLayer> layers, SourceSpan span) {
        List<NetworkLayer> network = apply(LAYER_PASSES, layers);
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.InputGram(inputDim, 1.0 / inputDim, inputOrigins));
        NetworkLayer.Visitor<Step> lowering = new NetworkLayer.Visitor<>() {
            @Override
            public Step visitDense(NetworkLayer.Dense layer) {
                return Step.Affine.dense(layer.inWidth(), layer.width(), layer.weightStd(), layer.biasStd(),
                        parameterization, layer.origins());
            }

            @Override
            public Step visitElementwise(NetworkLayer.Elementwise layer) {
                return new Step.Elementwise(layer.activation(), layer.activation().dual(quadrature),
                        layer.origins());
            }
        };
        int width = inputDim;
        int outputWidth = 0;
        for (NetworkLayer layer : network) {
            if (layer instanceof NetworkLayer.Dense d) {
                if (d.inWidth() != width) {
                    throw new IllegalArgumentException("network " + name + ": a dense layer from " + d.inWidth()
                            + " units follows " + width + " units");
                }
                width = d.width();
                outputWidth = width;
            }
            steps.add(layer.accept(lowering));
        }
        if (outputWidth == 0) {
            throw new IllegalArgumentException("network " + name + " has no dense layer");
        }
        return new KernelProgram(name, inputDim, outputWidth, network, parameterization, quadrature,
                apply(STEP_PASSES, steps), span);
    }

    private static <T> List<T> apply(List<Pass<T>> passes, List<T> items) {
        for (Pass<T> pass : passes) {
            items = pass.apply(items);
        }
        return items;
    }
}
