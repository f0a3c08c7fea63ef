package org.ntkc.runtime.quad;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Covariances shared by the tests: random ones plus the edge cases the kernel recursion produces. */
final class Cases {

    record Cov(double q1, double q2, double q12, String label) {
        @Override
        public String toString() {
            return label + " (q1=" + q1 + ", q2=" + q2 + ", q12=" + q12 + ")";
        }
    }

    private Cases() {
    }

    /** q1·q2 − q12² without cancellation error (the same double-double as the implementation). */
    static double det(double q1, double q2, double q12) {
        double p = q1 * q2;
        double s = q12 * q12;
        double det = Math.max((p - s) + (Math.fma(q1, q2, -p) - Math.fma(q12, q12, -s)), 0.0);
        // (anti)parallel within rounding (1 − |ρ| ≤ 8 ulps) is exactly (anti)parallel, as in the code under test
        // (docs/math.md): e.g. q12 = √(q1·q2) rounded a hair below the root
        return det <= 16 * Math.ulp(1.0) * p ? 0.0 : det;
    }

    /** θ ∈ [0, π] with cos θ = ρ, accurate near both ends. */
    static double theta(double q1, double q2, double q12) {
        return Math.atan2(Math.sqrt(det(q1, q2, q12)), q12);
    }

    /** π − θ, accurate when θ is near π. */
    static double piMinusTheta(double q1, double q2, double q12) {
        return Math.atan2(Math.sqrt(det(q1, q2, q12)), -q12);
    }

    static Cov withRho(double q1, double q2, double rho, String label) {
        return new Cov(q1, q2, rho * Math.sqrt(q1 * q2), label);
    }

    /**
     * {@code randomCount} covariances with q log-uniform in [1e-3, 30] and ρ uniform in (−1, 1), then the
     * edge cases: |ρ| = 1 − 1e-4, 1 − 1e-8, 1 − 1e-12, ±1, ρ = 0, q1 = 0, q2 = 0, both 0 and q12 one ulp
     * above √(q1·q2).
     */
    static List<Cov> standard(long seed, int randomCount) {
        Random random = new Random(seed);
        List<Cov> cases = new ArrayList<>();
        for (int i = 0; i < randomCount; i++) {
            double q1 = logUniform(random);
            double q2 = logUniform(random);
            cases.add(withRho(q1, q2, 2 * random.nextDouble() - 1, "random"));
        }
        double[][] qs = {{1, 1}, {0.37, 2.9}, {1e-3, 30}, {30, 30}, {1e-3, 1e-3}};
        double[] rhos = {1 - 1e-4, 1 - 1e-8, 1 - 1e-12, -(1 - 1e-4), -(1 - 1e-8), -(1 - 1e-12), 0, 0.5, -0.5};
        for (double[] q : qs) {
            for (double rho : rhos) {
                cases.add(withRho(q[0], q[1], rho, "rho=" + rho));
            }
            double root = Math.sqrt(q[0]) * Math.sqrt(q[1]);
            cases.add(new Cov(q[0], q[1], root, "rho=+1"));
            cases.add(new Cov(q[0], q[1], -root, "rho=-1"));
            cases.add(new Cov(q[0], q[1], Math.nextUp(Math.sqrt(q[0] * q[1])), "q12 ulp above"));
            cases.add(new Cov(q[0], q[1], -Math.nextUp(Math.sqrt(q[0] * q[1])), "-q12 ulp above"));
            cases.add(new Cov(q[0], q[0], q[0], "q1=q2=q12"));
            cases.add(new Cov(0, q[1], 0, "q1=0"));
            cases.add(new Cov(q[0], 0, 0, "q2=0"));
        }
        cases.add(new Cov(0, 0, 0, "q1=q2=0"));
        return cases;
    }

    private static double logUniform(Random random) {
        return Math.exp(Math.log(1e-3) + random.nextDouble() * (Math.log(30) - Math.log(1e-3)));
    }
}
