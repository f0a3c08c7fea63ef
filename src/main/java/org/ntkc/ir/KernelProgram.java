package org.ntkc.ir;

import java.util.List;
import org.ntkc.diag.SourceSpan;

/**
 * The kernel IR of one network: the recursion steps that carry (Σ, Θ) from the inputs to the outputs. The full
 * kernels are Σ ⊗ I and Θ ⊗ I over the {@code outputWidth} outputs; the program computes the scalar factors.
 * {@code widths} are the declared widths of the dense layers, in order (the finite network's shape).
 */
public record KernelProgram(String name, int inputDim, int outputWidth, List<Integer> widths,
                            Parameterization parameterization, List<Step> steps, SourceSpan span) {
    public KernelProgram {
        widths = List.copyOf(widths);
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.get(0) instanceof Step.InputGram)) {
            throw new IllegalArgumentException("a kernel program starts with its input Gram step");
        }
    }

    /** The number of dense layers, L. */
    public int depth() {
        return widths.size();
    }
}
