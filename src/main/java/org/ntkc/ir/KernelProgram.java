package org.ntkc.ir;

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
}
