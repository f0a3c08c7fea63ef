package org.ntkc.runtime.quad;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Breakpoints away from 0, where the outer and inner splits of the nested integral do not coincide:
 * max(x, 1) (kink at 1) and hardtanh on [−1, 2] (two kinks), with their derivatives (jumps). The reference
 * is a 1-D reduction: E[f(u)·E[g(v) | u]] with the conditional expectation in closed form, v | z1 ~
 * N(c·z1, τ²), integrated by composite Gauss–Legendre on a mesh graded around every kink and feature.
 */
class KinkOffZeroTest {

    private static final double LIMIT = 1e-10;

    /** E[(v − a)^+] for v ~ N(mu, tau²). */
    private static double positivePart(double mu, double tau, double a) {
        double x = (mu - a) / tau;
        return (mu - a) * CompositeLegendre.bigPhi(x) + tau * CompositeLegendre.phi(x);
    }

    private interface Conditional {
        /** E[g[k](v)] for v ~ N(mu, tau²), tau > 0. */
        double mean(int k, double mu, double tau);
    }

    private static void check(String name, DoubleUnaryOperator[] f, double[] breakpoints, Conditional conditional,
            double[][] qs, double[] rhos) {
        double worst = 0;
        String where = "";
        double[] out = new double[f.length];
        for (double[] q : qs) {
            double q1 = q[0];
            double q2 = q[1];
            double s1 = Math.sqrt(q1);
            double s2 = Math.sqrt(q2);
            for (double rho : rhos) {
                boolean degenerate = Double.isNaN(rho);
                double q12 = degenerate ? Math.nextUp(Math.sqrt(q1 * q2)) : rho * Math.sqrt(q1 * q2);
                GaussianExpectation.expect2(f, f, breakpoints, q1, q2, q12, QuadratureOptions.DEFAULT, out);
                double c = q12 / s1;
                double tau = Math.sqrt(Cases.det(q1, q2, q12) / q1);
                for (int k = 0; k < f.length; k++) {
                    DoubleUnaryOperator fk = f[k];
                    int kk = k;
                    CompositeLegendre mesh = new CompositeLegendre(-12, 12, 0.25);
                    for (double b : breakpoints) {
                        mesh.point(b / s1);
                        if (degenerate) {
                            mesh.point(b / s2);
                        } else {
                            mesh.graded(b / c, tau / Math.abs(c));
                        }
                    }
                    double expected = degenerate
                            ? mesh.integrate(z -> fk.applyAsDouble(s1 * z) * fk.applyAsDouble(s2 * z)
                                    * CompositeLegendre.phi(z))
                            : mesh.integrate(z -> fk.applyAsDouble(s1 * z) * conditional.mean(kk, c * z, tau)
                                    * CompositeLegendre.phi(z));
                    CompositeLegendre plain = new CompositeLegendre(-12, 12, 0.25);
                    for (double b : breakpoints) {
                        plain.point(b / s1).point(b / s2);
                    }
                    double m1 = plain.integrate(z -> Math.pow(fk.applyAsDouble(s1 * z), 2) * CompositeLegendre.phi(z));
                    double m2 = plain.integrate(z -> Math.pow(fk.applyAsDouble(s2 * z), 2) * CompositeLegendre.phi(z));
                    double error = Math.abs(out[k] - expected) / Math.sqrt(m1 * m2);
                    if (!(error <= worst)) {
                        worst = error;
                        where = "component " + k + " at q1=" + q1 + ", q2=" + q2 + ", rho="
                                + (degenerate ? "1 (degenerate)" : rho) + ": got " + out[k] + ", expected " + expected;
                    }
                }
            }
        }
        System.out.printf("%-10s worst error relative to scale %.2e (%s)%n", name, worst, where);
        assertTrue(worst <= LIMIT, name + ": " + worst + " at " + where);
    }

    private static final double[][] QS = {{1, 1}, {0.5, 2}, {0.01, 3}, {4, 0.2}};
    private static final double[] RHOS = {0.3, -0.8, 0.99, -0.99, 1 - 1e-6, -(1 - 1e-6), 1 - 1e-10, Double.NaN};

    @Test
    void maxWithOne() {
        DoubleUnaryOperator[] f = {x -> Math.max(x, 1), x -> x > 1 ? 1 : 0};
        check("max(x,1)", f, new double[] {1}, (k, mu, tau) -> k == 0
                ? 1 + positivePart(mu, tau, 1)
                : CompositeLegendre.bigPhi((mu - 1) / tau), QS, RHOS);
    }

    @Test
    void hardTanh() {
        DoubleUnaryOperator[] f = {x -> Math.min(Math.max(x, -1), 2), x -> x > -1 && x < 2 ? 1 : 0};
        check("hardtanh", f, new double[] {-1, 2}, (k, mu, tau) -> k == 0
                ? -1 + positivePart(mu, tau, -1) - positivePart(mu, tau, 2)
                : CompositeLegendre.bigPhi((mu + 1) / tau) - CompositeLegendre.bigPhi((mu - 2) / tau), QS, RHOS);
    }
}
