package org.ntkc.ir;

import org.ntkc.runtime.NetworkArchitecture;
import org.ntkc.runtime.Parameterization;
import org.ntkc.runtime.quad.QuadratureOptions;
import java.util.ArrayList;
import java.util.List;
import org.ntkc.diag.SourceSpan;

/**
 * The kernel IR of one network: the recursion steps that carry (Σ, Θ) from the inputs to the outputs. The full
 * kernels are Σ ⊗ I and Θ ⊗ I over the {@code outputWidth} outputs; the program computes the scalar factors.
 * {@code layers} are the finite network's own layers (declared widths, per-layer σ_w and σ_b), for code that builds
 * or trains the network itself; {@code quadrature} is how the duals of numerical activations integrate. Programs are
 * made by {@link ProgramBuilder}.
 */
public record KernelProgram(String name, int inputDim, int outputWidth, List<NetworkLayer> layers,
                            Parameterization parameterization, QuadratureOptions quadrature, List<Step> steps,
                            SourceSpan span) {
    public KernelProgram {
        layers = List.copyOf(layers);
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.get(0) instanceof Step.InputGram || steps.get(0) instanceof Step.ImageInput)) {
            throw new IllegalArgumentException("a kernel program starts with its input Gram step");
        }
    }

    /** The first step, the input Gram of a vector input (the constructor makes sure it is there). */
    public Step.InputGram inputGram() {
        if (steps.get(0) instanceof Step.InputGram g) {
            return g;
        }
        throw new ImagesNotSupportedException(this, "a vector input Gram");
    }

    /** Whether the input is a signal or an image (then {@code inputDim} is the length of a data row, H·W·C). */
    public boolean isSpatial() {
        return steps.get(0) instanceof Step.ImageInput;
    }

    /** The shape of the input: a vector of {@code inputDim} features, or the signal's or image's shape. */
    public Shape inputShape() {
        return steps.get(0) instanceof Step.ImageInput i ? i.shape() : Shape.vector(inputDim);
    }

    /** The layout of the kernel state after each step (MATH.md §7, "Only the diagonal when nothing pools"). */
    public StateLayout stateLayout() {
        return StateLayout.of(this);
    }

    /** Every step in pre-order (a residual block before its body): the numbering of printed and generated steps. */
    public List<Step> allSteps() {
        return Step.preorder(steps);
    }

    /** Every layer in pre-order (a residual block before its body). */
    public List<NetworkLayer> allLayers() {
        return NetworkLayer.preorder(layers);
    }

    /** Whether the network has residual blocks or layer normalisation (it is not a plain chain). */
    public boolean branches() {
        return allLayers().stream().anyMatch(l -> l instanceof NetworkLayer.Residual
                || l instanceof NetworkLayer.LayerNorm);
    }

    /** The widths of the dense layers, in order (those inside residual blocks where they are written). */
    public List<Integer> widths() {
        List<Integer> widths = new ArrayList<>();
        for (NetworkLayer l : allLayers()) {
            if (l instanceof NetworkLayer.Dense d) {
                widths.add(d.width());
            }
        }
        return widths;
    }

    /** The number of dense layers, L. */
    public int depth() {
        return widths().size();
    }

    /**
     * The same network with the dense layers {@code widths} wide (one per dense layer, in order; the last, the output
     * width, must stay), built again by {@link ProgramBuilder} from the resized layers. In the NTK parameterization
     * the kernels do not change; in the standard one Θ depends on the widths. The widths of a network at other
     * widths come from its architecture: {@code program.withWidths(architecture.withHiddenWidths(n).widths())}.
     */
    public KernelProgram withWidths(List<Integer> widths) {
        if (isSpatial()) {
            throw new ImagesNotSupportedException(this, "changing layer widths");
        }
        NetworkArchitecture.checkWidths(name, widths(), widths);
        NetworkLayer.Visitor<NetworkLayer> resize = new NetworkLayer.Visitor<>() {
            private int in = inputDim;
            private int dense;

            @Override
            public NetworkLayer visitDense(NetworkLayer.Dense d) {
                int width = widths.get(dense++);
                NetworkLayer.Dense layer = new NetworkLayer.Dense(in, width, d.weightStd(), d.biasStd(), d.origins());
                in = width;
                return layer;
            }

            @Override
            public NetworkLayer visitElementwise(NetworkLayer.Elementwise e) {
                return e;
            }

            @Override
            public NetworkLayer visitResidual(NetworkLayer.Residual r) {
                List<NetworkLayer> body = new ArrayList<>();
                for (NetworkLayer layer : r.body()) {
                    body.add(layer.accept(this));
                }
                return new NetworkLayer.Residual(r.scale(), body, r.origins());
            }

            @Override
            public NetworkLayer visitLayerNorm(NetworkLayer.LayerNorm n) {
                return n;
            }

            @Override
            public NetworkLayer visitConv(NetworkLayer.Conv c) {
                throw new ImagesNotSupportedException(KernelProgram.this, "changing layer widths");
            }

            @Override
            public NetworkLayer visitPool(NetworkLayer.Pool p) {
                throw new ImagesNotSupportedException(KernelProgram.this, "changing layer widths");
            }
        };
        List<NetworkLayer> resized = new ArrayList<>();
        for (NetworkLayer layer : layers) {
            resized.add(layer.accept(resize));
        }
        return ProgramBuilder.build(name, inputDim, inputGram().origins(), parameterization, quadrature, resized,
                span);
    }
}
