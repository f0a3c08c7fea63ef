package org.ntkc.runtime.quad;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauss–Legendre rules on [−1, 1]: {@code ∫ h ≈ Σ weights[i] · h(nodes[i])}, exact for polynomials of degree
 * {@code 2n − 1}. Nodes by Newton's method on the three-term recurrence from the classical guesses
 * cos(π(i + ¾)/(n + ½)), which converge to every root for the orders used here; rules are symmetric by construction,
 * immutable and cached. JDK-only, for the panels of the Hermite series.
 */
public final class LegendreRule {
    /** Orders beyond this gain nothing in double precision for the panel rules that use them. */
    public static final int MAX_ORDER = 256;

    private static final ConcurrentHashMap<Integer, LegendreRule> CACHE = new ConcurrentHashMap<>();

    private final double[] nodes;
    private final double[] weights;

    private LegendreRule(double[] nodes, double[] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /** The n-point rule, n in [1, {@link #MAX_ORDER}]; nodes ascending and symmetric about 0. */
    public static LegendreRule of(int n) {
        if (n < 1 || n > MAX_ORDER) {
            throw new IllegalArgumentException("Gauss-Legendre order must be in [1, " + MAX_ORDER + "], got " + n);
        }
        return CACHE.computeIfAbsent(n, LegendreRule::compute);
    }

    /** A copy of the nodes, ascending. */
    public double[] nodes() {
        return nodes.clone();
    }

    /** A copy of the weights; weights[i] belongs to nodes[i]. */
    public double[] weights() {
        return weights.clone();
    }

    private static LegendreRule compute(int n) {
        double[] nodes = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative = 0;
            for (int iter = 0; iter < 100; iter++) {
                double[] pd = legendre(n, z);
                derivative = pd[1];
                double dz = pd[0] / pd[1];
                z -= dz;
                if (Math.abs(dz) <= 1e-16) {
                    break;
                }
            }
            derivative = legendre(n, z)[1];
            double w = 2 / ((1 - z * z) * derivative * derivative);
            // i counts the roots down from 1: the i-th largest is the mirror of the i-th smallest
            nodes[n - 1 - i] = z;
            nodes[i] = -z;
            weights[n - 1 - i] = w;
            weights[i] = w;
        }
        if (n % 2 == 1) {
            nodes[n / 2] = 0.0;
        }
        return new LegendreRule(nodes, weights);
    }

    /** P_n(z) and P_n′(z), by the three-term recurrence. */
    private static double[] legendre(int n, double z) {
        double p0 = 1;
        double p1 = z;
        if (n == 0) {
            return new double[] {1, 0};
        }
        for (int k = 2; k <= n; k++) {
            double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
            p0 = p1;
            p1 = p2;
        }
        return new double[] {p1, n * (z * p1 - p0) / (z * z - 1)};
    }
}
