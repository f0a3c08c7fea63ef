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
        if (steps.isEmpty() || !(steps.get(0) instanceof Step.InputGram)) {
            throw new IllegalArgumentException("a kernel program starts with its input Gram step");
        }
    }

    /** The first step, the input Gram (the constructor makes sure it is there). */
    public Step.InputGram inputGram() {
        return (Step.InputGram) steps.get(0);
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
        for (Step s : allSteps()) {
            if (s instanceof Step.Elementwise e) {
                elementwise.add(e);
            }
        }
        List<NetworkLayer> newLayers = new ArrayList<>();
        List<Step> newSteps = new ArrayList<>();
        newSteps.add(steps.get(0));
        rebuild(layers, widths.iterator(), elementwise.iterator(), new int[] {inputDim}, newLayers, newSteps);
        return new KernelProgram(name, inputDim, outputWidth, newLayers, parameterization, newSteps, span);
    }

    /**
     * Rebuilds {@code layers} with the widths from {@code widths}: dense layers get new affine steps (neighbours fused,
     * as lowering does), elementwise steps are reused in order, residual blocks rebuilt around their rebuilt bodies.
     */
    private void rebuild(List<NetworkLayer> layers, java.util.Iterator<Integer> widths,
                         java.util.Iterator<Step.Elementwise> elementwise, int[] in, List<NetworkLayer> newLayers,
                         List<Step> newSteps) {
        for (NetworkLayer layer : layers) {
            if (layer instanceof NetworkLayer.Dense d) {
                int width = widths.next();
                newLayers.add(new NetworkLayer.Dense(in[0], width, d.weightStd(), d.biasStd(), d.origins()));
                Step.Affine affine = Step.Affine.dense(in[0], width, d.weightStd(), d.biasStd(), parameterization,
                        d.origins());
                Step last = newSteps.isEmpty() ? null : newSteps.get(newSteps.size() - 1);
                if (last instanceof Step.Affine previous) {
                    newSteps.set(newSteps.size() - 1, previous.then(affine));
                } else {
                    newSteps.add(affine);
                }
                in[0] = width;
            } else if (layer instanceof NetworkLayer.Residual r) {
                int blockIn = in[0];
                List<NetworkLayer> bodyLayers = new ArrayList<>();
                List<Step> bodySteps = new ArrayList<>();
                rebuild(r.body(), widths, elementwise, in, bodyLayers, bodySteps);
                if (in[0] != blockIn) {
                    throw new IllegalArgumentException("a residual block of network " + name
                            + " would change its width from " + blockIn + " to " + in[0]);
                }
                newLayers.add(new NetworkLayer.Residual(r.scale(), bodyLayers, r.origins()));
                newSteps.add(new Step.Residual(r.scale(), bodySteps, r.origins()));
            } else if (layer instanceof NetworkLayer.LayerNorm n) {
                newLayers.add(n);
                newSteps.add(new Step.LayerNorm(n.origins()));
            } else {
                newLayers.add(layer);
                newSteps.add(elementwise.next());
            }
        }
    }
}
