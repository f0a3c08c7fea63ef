package org.ntkc.runtime.quad;

/**
 * Node tables of the double-exponential (Takahasi–Mori) trapezoidal rules used on the pieces of a split
 * Gaussian integral, for step h = 2^-level. Each level lists only the nodes that are new at that level
 * (odd multiples of h), so halving the step reuses every earlier function value.
 *
 * <p>Abscissas are stored as distances from the piece end they approach, never as positions: near an
 * end the distance can be 1e-40 while a position would round onto the end point, where the integrand
 * may be singular or ill defined.
 *
 * <ul>
 *   <li>Finite pieces: tanh-sinh, x = tanh(π/2·sinh t) on (−1, 1), t ∈ [−4, 4]. {@code tsDistance} is
 *       1 − |x| in units of the half-length (down to 1e-37, far enough for |x|^-1/2 end singularities),
 *       {@code tsWeight} is dx/dt; each entry serves the mirrored pair ±t.</li>
 *   <li>Half-infinite pieces: d = exp(t − e^{−t}), t ∈ [−4.5, 8]. It approaches the end
 *       double-exponentially (d ≈ 1e-41 at t = −4.5) and, for large t, d ≈ e^t makes a Gaussian tail decay
 *       double-exponentially. Measured on Gaussian-weighted test integrands it needs one level (half the
 *       nodes) less than exp-sinh, whose triple-exponential decay of a Gaussian narrows the strip of
 *       analyticity. Entries are in increasing t, so a scan can stop once past the truncation point.</li>
 * </ul>
 */
final class DoubleExponential {

    static final int MAX_LEVEL = 8;

    private static final double TS_T_MAX = 4.0;
    private static final double HALF_LINE_T_MIN = -4.5;
    private static final double HALF_LINE_T_MAX = 8.0;

    /** Weight of the tanh-sinh node t = 0 (the piece midpoint), present from level 0. */
    static final double TS_CENTER_WEIGHT = Math.PI / 2;

    static final double[][] TS_DISTANCE = new double[MAX_LEVEL + 1][];
    static final double[][] TS_WEIGHT = new double[MAX_LEVEL + 1][];
    static final double[][] HALF_LINE_DISTANCE = new double[MAX_LEVEL + 1][];
    static final double[][] HALF_LINE_WEIGHT = new double[MAX_LEVEL + 1][];

    static {
        for (int level = 0; level <= MAX_LEVEL; level++) {
            double h = step(level);
            // Level 0 takes every multiple of h = 1 (t = 0 is TS_CENTER_WEIGHT); later levels only the odd
            // multiples of h.
            double stride = level == 0 ? h : 2 * h;
            int n = (int) Math.floor((TS_T_MAX - h) / stride + 1e-9) + 1;
            TS_DISTANCE[level] = new double[n];
            TS_WEIGHT[level] = new double[n];
            for (int i = 0; i < n; i++) {
                double t = h + i * stride;
                double y = Math.PI / 2 * Math.sinh(t);
                double ey = Math.exp(y);
                double cosh = 0.5 * (ey + 1 / ey);
                TS_DISTANCE[level][i] = 2 / (1 + ey * ey);
                TS_WEIGHT[level][i] = Math.PI / 2 * Math.cosh(t) / (cosh * cosh);
            }

            double start = level == 0
                    ? Math.ceil(HALF_LINE_T_MIN)
                    : (2 * Math.ceil((HALF_LINE_T_MIN / h - 1) / 2) + 1) * h;
            int m = (int) Math.floor((HALF_LINE_T_MAX - start) / stride + 1e-9) + 1;
            HALF_LINE_DISTANCE[level] = new double[m];
            HALF_LINE_WEIGHT[level] = new double[m];
            for (int i = 0; i < m; i++) {
                double t = start + i * stride;
                double e = Math.exp(-t);
                double d = Math.exp(t - e);
                HALF_LINE_DISTANCE[level][i] = d;
                HALF_LINE_WEIGHT[level][i] = d * (1 + e);
            }
        }
    }

    private DoubleExponential() {
    }

    static double step(int level) {
        return Math.scalb(1.0, -level);
    }
}
