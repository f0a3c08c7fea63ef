package org.ntkc.runtime.quad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.junit.jupiter.api.Test;

/** {@code fixedOrder = n}: smooth functions get exactly the n-node tensor Gauss–Hermite rule. */
class FixedOrderTest {

    private static final QuadratureOptions EIGHT = QuadratureOptions.fixed(8);

    /** E[z^n] for z ~ N(0, 1). */
    private static double moment(int n) {
        if (n % 2 == 1) {
            return 0;
        }
        double m = 1;
        for (int j = n - 1; j > 1; j -= 2) {
            m *= j;
        }
        return m;
    }

    private static double binomial(int n, int k) {
        double b = 1;
        for (int j = 1; j <= k; j++) {
            b = b * (n - k + j) / j;
        }
        return b;
    }

    /** E[u^a v^b] with u = s1·z1, v = c·z1 + tau·w. */
    private static double polynomialMoment(int a, int b, double s1, double c, double tau) {
        double sum = 0;
        for (int j = 0; j <= b; j++) {
            sum += binomial(b, j) * Math.pow(c, j) * Math.pow(tau, b - j) * moment(a + j) * moment(b - j);
        }
        return Math.pow(s1, a) * sum;
    }

    @Test
    void eightNodesAreExactForDegreeFifteenAndNotSixteen() {
        double q1 = 1.7;
        double q2 = 0.6;
        double q12 = -0.55;
        double s1 = Math.sqrt(q1);
        double c = q12 / s1;
        double tau = Math.sqrt(q2 - q12 * q12 / q1);
        double[] out = new double[1];
        for (int a = 0; a <= 15; a++) {
            for (int b = 0; a + b <= 16; b++) {
                int pa = a;
                int pb = b;
                GaussianExpectation.expect2(new DoubleUnaryOperator[] {x -> Math.pow(x, pa)},
                        new DoubleUnaryOperator[] {x -> Math.pow(x, pb)}, new double[0], q1, q2, q12, EIGHT, out);
                double exact = polynomialMoment(a, b, s1, c, tau);
                double scale = Math.sqrt(moment(2 * a) * Math.pow(q1, a) * moment(2 * b) * Math.pow(q2, b));
                double error = Math.abs(out[0] - exact) / scale;
                if (a + b <= 15) {
                    assertTrue(error < 1e-13, "degree " + a + "+" + b + ": " + out[0] + " vs " + exact);
                } else if (a % 2 == 0 && b % 2 == 0) {
                    double relative = Math.abs(out[0] / exact - 1);
                    assertTrue(relative > 1e-8, "degree 16 should not be exact: " + a + "+" + b + ": " + relative);
                }
            }
        }
    }

    /** The 8-node rule from commons-math3 (weight e^{-x²}), applied by hand. */
    private static double manualTensor(DoubleUnaryOperator f, DoubleUnaryOperator g, double q1, double q2,
            double q12) {
        GaussIntegrator rule = new GaussIntegratorFactory().hermite(8);
        double s1 = Math.sqrt(q1);
        double c = q12 / s1;
        double tau = Math.sqrt(q2 - q12 * q12 / q1);
        double sum = 0;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double z1 = Math.sqrt(2) * rule.getPoint(i);
                double w = Math.sqrt(2) * rule.getPoint(j);
                sum += rule.getWeight(i) * rule.getWeight(j) * f.applyAsDouble(s1 * z1)
                        * g.applyAsDouble(c * z1 + tau * w);
            }
        }
        return sum / Math.PI;
    }

    @Test
    void tanhUsesTheEightNodeRule() {
        DoubleUnaryOperator tanh = Math::tanh;
        double q1 = 2.0;
        double q2 = 1.3;
        double q12 = 0.9;
        double[] fixed = new double[1];
        double[] adaptive = new double[1];
        DoubleUnaryOperator[] fs = {tanh};
        GaussianExpectation.expect2(fs, fs, new double[0], q1, q2, q12, EIGHT, fixed);
        GaussianExpectation.expect2(fs, fs, new double[0], q1, q2, q12, QuadratureOptions.DEFAULT, adaptive);
        double manual = manualTensor(tanh, tanh, q1, q2, q12);
        assertEquals(manual, fixed[0], 1e-14);
        assertTrue(Math.abs(fixed[0] - adaptive[0]) > 1e-6, fixed[0] + " vs " + adaptive[0]);

        double[] oneDim = new double[1];
        GaussianExpectation.expect1(new DoubleUnaryOperator[] {x -> Math.pow(Math.tanh(x), 2)}, new double[0], q1,
                EIGHT, oneDim);
        assertEquals(manualTensor(tanh, tanh, q1, q1, q1 * (1 - 1e-17)), oneDim[0], 1e-14);
    }

    @Test
    void oneDimensionalEightNodesExactToDegreeFifteen() {
        double q = 2.5;
        double[] out = new double[1];
        for (int n = 0; n <= 16; n += 2) {
            int p = n;
            GaussianExpectation.expect1(new DoubleUnaryOperator[] {x -> Math.pow(x, p)}, new double[0], q, EIGHT, out);
            double exact = moment(n) * Math.pow(q, n / 2.0);
            double error = Math.abs(out[0] / exact - 1);
            assertTrue(n < 16 ? error < 1e-13 : error > 1e-3, "degree " + n + ": " + error);
        }
    }

    @Test
    void breakpointsKeepAdaptiveQuadrature() {
        DoubleUnaryOperator[] f = {ClosedFormTest.RELU};
        double[] out = new double[1];
        GaussianExpectation.expect2(f, f, new double[] {0}, 1, 1, 0.5, EIGHT, out);
        double theta = Math.acos(0.5);
        assertEquals((Math.sin(theta) + (Math.PI - theta) * 0.5) / (2 * Math.PI), out[0], 1e-15);
    }
}
