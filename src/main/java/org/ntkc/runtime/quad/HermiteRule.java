package org.ntkc.runtime.quad;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauss–Hermite rules for the standard normal weight: {@code E[h(z)] ≈ Σ weights[i] · h(nodes[i])} for
 * z ~ N(0, 1), exact for polynomials of degree {@code 2n − 1}. Rules are immutable and cached.
 *
 * <p>commons-math3's {@code GaussIntegratorFactory.hermite} is accurate to at least n = 384 but takes
 * about 0.4 s at n = 192 and 2.5 s at n = 384, so the rules are built here instead.
 *
 * <p>Public for other numerical code (the Hermite series of {@code org.ntkc.math.dual}); outside this package the
 * nodes and weights are read through copies, so that the shared cached rules cannot be altered.
 */
public final class HermiteRule {

    /** The weights of the outermost nodes underflow from about n = 360 on; higher orders gain nothing. */
    public static final int MAX_ORDER = 512;

    private static final ConcurrentHashMap<Integer, HermiteRule> CACHE = new ConcurrentHashMap<>();

    final double[] nodes;
    final double[] weights;

    private HermiteRule(double[] nodes, double[] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /** The n-node rule, n in [1, {@link #MAX_ORDER}]; nodes ascending and symmetric about 0. */
    public static HermiteRule of(int n) {
        if (n < 1 || n > MAX_ORDER) {
            throw new IllegalArgumentException("Gauss-Hermite order must be in [1, " + MAX_ORDER + "], got " + n);
        }
        return CACHE.computeIfAbsent(n, HermiteRule::compute);
    }

    /** A copy of the nodes, ascending. */
    public double[] nodes() {
        return nodes.clone();
    }

    /** A copy of the weights; weights[i] belongs to nodes[i], and mirrored nodes have equal weights. */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * Physicists' rule (weight e^{-x²}): Golub–Welsch eigenvalues of the Jacobi matrix (by bisection on its Sturm
     * sequence, JDK-only) as starting values
     * (Newton from the classical asymptotic guesses loses roots beyond n ≈ 200), polished by Newton's method
     * on the orthonormal recurrence, which also yields accurate weights even where they are 1e-150.
     * Then rescaled to the standard normal weight: node √2·x, weight w/√π.
     */
    private static HermiteRule compute(int n) {
        double[] x;
        if (n == 1) {
            x = new double[] {0.0};
        } else {
            double[] offDiagonal = new double[n - 1];
            for (int j = 1; j < n; j++) {
                offDiagonal[j - 1] = Math.sqrt(j / 2.0);
            }
            x = tridiagonalEigenvalues(offDiagonal);
        }
        for (int i = 0; i < n; i++) {
            double z = x[i];
            for (int iter = 0; iter < 20; iter++) {
                double[] pd = orthonormalHermite(n, z);
                double dz = pd[0] / pd[1];
                z -= dz;
                if (Math.abs(dz) <= 1e-15 * Math.max(1.0, Math.abs(z))) {
                    break;
                }
            }
            x[i] = z;
        }
        Arrays.sort(x);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double derivative = orthonormalHermite(n, x[i])[1];
            w[i] = 2.0 / (derivative * derivative);
        }
        // The exact rule is symmetric; averaging mirrored pairs keeps odd moments exactly zero.
        double[] nodes = new double[n];
        double[] weights = new double[n];
        double invSqrtPi = 1.0 / Math.sqrt(Math.PI);
        for (int i = 0; i < n; i++) {
            int mirror = n - 1 - i;
            nodes[i] = Math.sqrt(2.0) * 0.5 * (x[i] - x[mirror]);
            weights[i] = 0.5 * (w[i] + w[mirror]) * invSqrtPi;
        }
        return new HermiteRule(nodes, weights);
    }

    /**
     * The eigenvalues, ascending, of the symmetric tridiagonal matrix with zero diagonal and the given off-diagonal,
     * each by bisection to a few ulps: the number of eigenvalues below λ is the number of negative pivots of T − λI
     * (Sturm), and all lie within the Gershgorin bound max |b_{j−1}| + |b_j|.
     */
    static double[] tridiagonalEigenvalues(double[] offDiagonal) {
        int n = offDiagonal.length + 1;
        double[] squares = new double[n - 1];
        double bound = 0;
        for (int j = 0; j < n - 1; j++) {
            squares[j] = offDiagonal[j] * offDiagonal[j];
            double row = Math.abs(offDiagonal[j]) + (j + 1 < n - 1 ? Math.abs(offDiagonal[j + 1]) : 0);
            bound = Math.max(bound, row);
        }
        bound = bound * (1 + 1e-12) + Double.MIN_NORMAL;
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            double lo = k > 0 ? values[k - 1] : -bound;
            double hi = bound;
            for (int iter = 0; iter < 200 && hi - lo > 2 * Math.ulp(Math.max(Math.abs(lo), Math.abs(hi))); iter++) {
                double mid = 0.5 * (lo + hi);
                if (countBelow(squares, mid) > k) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            values[k] = 0.5 * (lo + hi);
        }
        return values;
    }

    /** How many eigenvalues lie below {@code lambda}: the negative pivots of the LDLᵀ factorisation of T − λI. */
    private static int countBelow(double[] squares, double lambda) {
        int count = 0;
        double d = -lambda;
        if (d < 0) {
            count++;
        }
        for (double b2 : squares) {
            if (d == 0) {
                d = Double.MIN_NORMAL;
            }
            d = -lambda - b2 / d;
            if (d < 0) {
                count++;
            }
        }
        return count;
    }

    /** Value and derivative of the orthonormal (w.r.t. e^{-x²}) Hermite polynomial of degree n at x. */
    private static double[] orthonormalHermite(int n, double x) {
        double p1 = 1.0 / Math.pow(Math.PI, 0.25);
        double p2 = 0.0;
        for (int j = 1; j <= n; j++) {
            double p3 = p2;
            p2 = p1;
            p1 = x * Math.sqrt(2.0 / j) * p2 - Math.sqrt((j - 1.0) / j) * p3;
        }
        return new double[] {p1, Math.sqrt(2.0 * n) * p2};
    }
}
