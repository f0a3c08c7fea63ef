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

    /** 2/√π. */
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    /** 1/√π. */
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

    /**
     * The error function, JDK-only, within a few ulps (measured against a 90-digit series: at most 5 ulps): for
     * |a| &lt; 1.2 its Maclaurin series 2/√π·Σ (−1)^n a^{2n+1}/(n!(2n+1)), whose terms never exceed 1.44 times the
     * sum; above, 1 − erfc(a) with erfc from its continued fraction e^{−a²}/√π / (a + ½/(a + 1/(a + 3⁄2/(a + …))));
     * ±1 from |a| = 6 on, where erfc is below half an ulp of 1.
     */
    public static double erf(double a) {
        if (Double.isNaN(a)) {
            return a;
        }
        double x = Math.abs(a);
        double r;
        if (x < 1.2) {
            double x2 = x * x;
            double term = 1;
            double sum = 1;
            for (int n = 1; ; n++) {
                term *= -x2 / n;
                double u = term / (2 * n + 1);
                sum += u;
                if (Math.abs(u) < 1e-17 * sum) {
                    break;
                }
            }
            r = TWO_OVER_SQRT_PI * x * sum;
        } else if (x < 6) {
            r = 1 - expMinusSquare(x) * ONE_OVER_SQRT_PI / erfcFraction(x);
        } else {
            r = 1;
        }
        return Math.copySign(Math.min(r, 1.0), a);
    }

    /** e^{−x²}, with x² = hi + lo exactly. */
    private static double expMinusSquare(double x) {
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        return Math.exp(-hi) * (1 - lo);
    }

    /** x + ½/(x + 1/(x + 3⁄2/(x + …))) by the modified Lentz method, for x ≥ 1.2. */
    private static double erfcFraction(double x) {
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 500; n++) {
            double an = 0.5 * n;
            d = 1 / (x + an * d);
            c = x + an / c;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return f;
    }
}
