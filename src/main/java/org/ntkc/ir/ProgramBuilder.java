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
 *       quadrature options, a residual block one step holding its body's steps), after the input Gram step;</li>
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
        return build(name, Shape.vector(inputDim), inputOrigins, parameterization, quadrature, layers, span);
    }

    /**
     * The program of a network whose input has {@code inputShape}: a vector (the input Gram step first) or a signal
     * or image (the image input step first, then conv and pooling layers, and after flatten or global_avg_pool the
     * vector layers). The output width is the width after the last layer.
     */
    public static KernelProgram build(String name, Shape inputShape, List<SourceSpan> inputOrigins,
                                      Parameterization parameterization, QuadratureOptions quadrature,
                                      List<NetworkLayer> layers, SourceSpan span) {
        List<NetworkLayer> network = apply(LAYER_PASSES, layers);
        List<Step> steps = new ArrayList<>();
        int inputDim = inputShape.size();
        steps.add(inputShape.isVector() ? new Step.InputGram(inputDim, 1.0 / inputDim, inputOrigins)
                : new Step.ImageInput(inputShape, 1.0 / inputShape.channels(), inputOrigins));
        int[] widths = {inputDim, 0};
        steps.addAll(lower(name, network, parameterization, quadrature, widths));
        if (widths[1] == 0) {
            throw new IllegalArgumentException("network " + name + " has no dense or conv layer");
        }
        return new KernelProgram(name, inputDim, widths[0], network, parameterization, quadrature,
                apply(STEP_PASSES, steps), span);
    }

    /**
     * One step per layer of {@code layers} (a residual block one step holding its body's steps); {@code widths} holds
     * the width reached so far and the width of the last dense layer, updated as the layers go.
     */
    private static List<Step> lower(String name, List<NetworkLayer> layers, Parameterization parameterization,
                                    QuadratureOptions quadrature, int[] widths) {
        NetworkLayer.Visitor<Step> lowering = new NetworkLayer.Visitor<>() {
            @Override
            public Step visitDense(NetworkLayer.Dense layer) {
                if (layer.inWidth() != widths[0]) {
                    throw new IllegalArgumentException("network " + name + ": a dense layer from " + layer.inWidth()
                            + " units follows " + widths[0] + " units");
                }
                widths[0] = layer.width();
                widths[1] = layer.width();
                return Step.Affine.dense(layer.inWidth(), layer.width(), layer.weightStd(), layer.biasStd(),
                        parameterization, layer.origins());
            }

            @Override
            public Step visitElementwise(NetworkLayer.Elementwise layer) {
                return new Step.Elementwise(layer.activation(), layer.activation().dual(quadrature),
                        layer.origins());
            }

            @Override
            public Step visitResidual(NetworkLayer.Residual layer) {
                int before = widths[0];
                List<Step> body = lower(name, layer.body(), parameterization, quadrature, widths);
                if (widths[0] != before) {
                    throw new IllegalArgumentException("network " + name + ": a residual block from " + before
                            + " units ends with " + widths[0] + " units");
                }
                return new Step.Residual(layer.scale(), body, layer.origins());
            }

            @Override
            public Step visitLayerNorm(NetworkLayer.LayerNorm layer) {
                return new Step.LayerNorm(layer.origins());
            }

            @Override
            public Step visitConv(NetworkLayer.Conv layer) {
                if (layer.in().size() != widths[0]) {
                    throw new IllegalArgumentException("network " + name + ": a conv layer from " + layer.in()
                            + " follows " + widths[0] + " values");
                }
                widths[0] = layer.out().size();
                widths[1] = widths[0];
                return conv(layer, parameterization);
            }

            @Override
            public Step visitPool(NetworkLayer.Pool layer) {
                widths[0] = layer.out().size();
                return switch (layer.kind()) {
                    case AVG -> new Step.AvgPool(layer.in(), layer.out(), layer.window(), layer.origins());
                    case GLOBAL_AVG -> new Step.GlobalAvgPool(layer.in(), layer.origins());
                    case FLATTEN -> new Step.Flatten(layer.in(), layer.origins());
                };
            }
        };
        List<Step> steps = new ArrayList<>();
        for (NetworkLayer layer : layers) {
            steps.add(layer.accept(lowering));
        }
        return steps;
    }

    /**
     * A conv layer's step: the window, and the affine map of a dense layer whose fan-in is C_in·|k| (which only the
     * standard parameterization's Θ sees), described as written.
     */
    private static Step.Conv conv(NetworkLayer.Conv c, Parameterization parameterization) {
        Window w = c.window();
        int fanIn = c.in().channels() * w.volume();
        Step.Affine a = Step.Affine.dense(fanIn, c.out().channels(), c.weightStd(), c.biasStd(), parameterization,
                c.origins());
        String sigmas = a.description().substring(a.description().indexOf(" (") + 2, a.description().length() - 1);
        String description = c.dense() ? "dense " + c.out().channels() + " on each position (" + sigmas + ")"
                : "conv " + c.out().channels() + " (" + w.describe() + ", " + sigmas + ")";
        return new Step.Conv(c.in(), c.out(), w, new Step.Affine(a.sigmaScale(), a.sigmaShift(), a.thetaScale(),
                a.thetaFromSigma(), a.thetaShift(), description, a.origins()));
    }

    private static <T> List<T> apply(List<Pass<T>> passes, List<T> items) {
        for (Pass<T> pass : passes) {
            items = pass.apply(items);
        }
        return items;
    }
}
