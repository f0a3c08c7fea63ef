package org.ntkc.ir;

import org.ntkc.runtime.Parameterization;
import java.util.ArrayList;
import java.util.List;
import org.ntkc.diag.SourceSpan;

/**
 * The kernel IR of one network: the recursion steps that carry (Σ, Θ) from the inputs to the outputs. The full
 * kernels are Σ ⊗ I and Θ ⊗ I over the {@code outputWidth} outputs; the program computes the scalar factors.
 * {@code layers} are the finite network's own layers (declared widths, per-layer σ_w and σ_b), for code that builds
 * or trains the network itself.
 */
public record KernelProgram(String name, int inputDim, int outputWidth, List<NetworkLayer> layers,
                            Parameterization parameterization, List<Step> steps, SourceSpan span) {
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

    /** The widths of the dense layers, in order. */
    public List<Integer> widths() {
        List<Integer> widths = new ArrayList<>();
        for (NetworkLayer l : layers) {
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
     * The same network with every hidden dense layer (all but the last) {@code width} units wide: the input
     * dimension and the output width stay. See {@link #withWidths}.
     */
    public KernelProgram withHiddenWidths(int width) {
        List<Integer> widths = new ArrayList<>(widths());
        for (int k = 0; k < widths.size() - 1; k++) {
            widths.set(k, width);
        }
        return withWidths(widths);
    }

    /**
     * The same network with the dense layers {@code widths} wide (one per dense layer, in order; the last, the output
     * width, must stay). In the NTK parameterization the kernels do not change; in the standard one Θ depends on the
     * widths, and the steps are rebuilt from the layers: affine steps anew, elementwise steps (whose duals do not
     * depend on widths) reused, then the same fusion of neighbouring dense layers as lowering does.
     */
    public KernelProgram withWidths(List<Integer> widths) {
        if (isSpatial()) {
            throw new ImagesNotSupportedException(this, "changing layer widths");
        }
        List<Integer> current = widths();
        if (widths.size() != current.size()) {
            throw new IllegalArgumentException("network " + name + " has " + current.size() + " dense layers, got "
                    + widths.size() + " widths");
        }
        if (!widths.get(widths.size() - 1).equals(outputWidth)) {
            throw new IllegalArgumentException("the output width of network " + name + " is " + outputWidth
                    + "; it cannot be changed to " + widths.get(widths.size() - 1));
        }
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("a layer width must be at least 1, got " + w);
            }
        }
        List<Step.Elementwise> elementwise = new ArrayList<>();
        for (Step s : steps) {
            if (s instanceof Step.Elementwise e) {
                elementwise.add(e);
            }
        }
        List<NetworkLayer> newLayers = new ArrayList<>();
        List<Step> newSteps = new ArrayList<>();
        newSteps.add(steps.get(0));
        int in = inputDim;
        int dense = 0;
        int act = 0;
        for (NetworkLayer layer : layers) {
            if (layer instanceof NetworkLayer.Dense d) {
                int width = widths.get(dense++);
                NetworkLayer.Dense resized = new NetworkLayer.Dense(in, width, d.weightStd(), d.biasStd(),
                        d.origins());
                newLayers.add(resized);
                Step.Affine affine = Step.Affine.dense(in, width, d.weightStd(), d.biasStd(), parameterization,
                        d.origins());
                Step last = newSteps.get(newSteps.size() - 1);
                if (last instanceof Step.Affine previous) {
                    newSteps.set(newSteps.size() - 1, previous.then(affine));
                } else {
                    newSteps.add(affine);
                }
                in = width;
            } else {
                newLayers.add(layer);
                newSteps.add(elementwise.get(act++));
            }
        }
        return new KernelProgram(name, inputDim, outputWidth, newLayers, parameterization, newSteps, span);
    }
}
