package org.ntkc.runtime;

/**
 * The elementwise functions of activation formulas that {@link Math} lacks, written once: symbolic evaluation in the
 * compiler and the code of generated kernels both call these, so both give the same bits.
 */
public final class Functions {
    private Functions() {
    }

    /** 1/(1 + e^−a), exponentiating only non-positive numbers so that neither branch overflows. */
    public static double sigmoid(double a) {
        if (a >= 0) {
            return 1.0 / (1.0 + Math.exp(-a));
        }
        double e = Math.exp(a);
        return e / (1.0 + e);
    }

    /** log(1 + e^a) without overflow for large a or cancellation for very negative a. */
    public static double softplus(double a) {
        return Math.max(a, 0.0) + Math.log1p(Math.exp(-Math.abs(a)));
    }

    /** max(a, 0); max(−0.0, 0.0) is +0.0, so relu never returns a negative zero. */
    public static double relu(double a) {
        return Math.max(a, 0.0);
    }

    /** Heaviside step: 1 for a &gt; 0, 0 for a ≤ 0 (so relu′(0) = 0), NaN for NaN. */
    public static double step(double a) {
        if (a > 0) {
            return 1.0;
        }
        return a <= 0 ? 0.0 : Double.NaN;
    }
}
