package org.ntkc.runtime.quad;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Integrable singularities at the breakpoint, in both variables of the nested integral:
 * E[|X|^p |Y|^p] = (2^p/π)·Γ((p+1)/2)²·₂F₁(−p/2, −p/2; 1/2; ρ²) for standard normals with correlation ρ,
 * here with p = −1/2 (the derivative of √|x|, up to sign) and p = 1/2.
 */
class SingularTest {

    private static final double GAMMA_QUARTER = 3.6256099082219083119;
    private static final double GAMMA_THREE_QUARTERS = 1.2254167024651776451;

    /** ₂F₁(a, a; 1/2; x) by its series, for 0 ≤ x &lt; 1. */
    private static double hypergeometric(double a, double x) {
        double sum = 1;
        double term = 1;
        for (int n = 0; n < 5000; n++) {
            term *= (a + n) * (a + n) / ((0.5 + n) * (n + 1)) * x;
            sum += term;
            if (Math.abs(term) < 1e-18 * Math.abs(sum)) {
                break;
            }
        }
        return sum;
    }

    private static void check(double p, double gammaHalf, double[] rhos) {
        DoubleUnaryOperator power = x -> Math.pow(Math.abs(x), p);
        DoubleUnaryOperator[] f = {power};
        double[][] qs = {{1, 1}, {0.2, 3}, {30, 0.01}};
        double[] out = new double[1];
        double worst = 0;
        for (double[] q : qs) {
            for (double rho : rhos) {
                double q12 = rho * Math.sqrt(q[0] * q[1]);
                GaussianExpectation.expect2(f, f, new double[] {0}, q[0], q[1], q12, QuadratureOptions.DEFAULT, out);
                double expected = Math.pow(q[0] * q[1], p / 2) * Math.pow(2, p) / Math.PI * gammaHalf * gammaHalf
                        * hypergeometric(-p / 2, rho * rho);
                double error = Math.abs(out[0] / expected - 1);
                worst = Math.max(worst, error);
                assertTrue(error < 1e-10, "p=" + p + " q=" + q[0] + "," + q[1] + " rho=" + rho + ": " + out[0]
                        + " vs " + expected);
            }
            GaussianExpectation.expect1(f, new double[] {0}, q[0], QuadratureOptions.DEFAULT, out);
            double expected = Math.pow(2 * q[0], p / 2) * gammaHalf / Math.sqrt(Math.PI);
            assertTrue(Math.abs(out[0] / expected - 1) < 1e-12, "1-D p=" + p + ": " + out[0] + " vs " + expected);
        }
        System.out.printf("|x|^%s   worst relative error %.2e%n", p, worst);
    }

    @Test
    void inverseSquareRoot() {
        check(-0.5, GAMMA_QUARTER, new double[] {0, 0.3, -0.6, 0.9});
    }

    @Test
    void squareRoot() {
        check(0.5, GAMMA_THREE_QUARTERS, new double[] {0, 0.3, -0.6, 0.95, -0.95});
    }
}
