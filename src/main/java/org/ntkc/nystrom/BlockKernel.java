package org.ntkc.nystrom;

import org.ntkc.runtime.NtkKernel;

/**
 * The one kernel a Nyström solve uses: row-major blocks {@code K(a, b)}, {@code a.length × b.length}. Passing the
 * same array twice asks for the exactly symmetric matrix.
 */
@FunctionalInterface
public interface BlockKernel {
    double[] compute(double[][] a, double[][] b);

    /** Which of a network's two kernels a regression uses. */
    enum Kind {
        /** The Neural Tangent Kernel Θ: the trained network's prediction. */
        NTK,
        /** The NNGP kernel Σ: the Gaussian-process posterior mean. */
        NNGP;

        public static Kind parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "ntk" -> NTK;
                case "nngp" -> NNGP;
                default -> throw new IllegalArgumentException("unknown kernel kind '" + s + "' (ntk or nngp)");
            };
        }
    }

    /** The NTK or NNGP blocks of a compiled network. */
    static BlockKernel of(NtkKernel kernel, Kind kind) {
        return (a, b) ->
                kind == Kind.NTK ? kernel.ntk(a, b).data() : kernel.nngp(a, b).data();
    }
}
