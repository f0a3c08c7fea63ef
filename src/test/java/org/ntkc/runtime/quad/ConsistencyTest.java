package org.ntkc.runtime.quad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/**
 * The diagonal of a kernel matrix comes from expect2 with q1 = q2 = q12 and must agree with the 1-D
 * expectation of the product to the last bits; and both must be right.
 */
class ConsistencyTest {

    private static void assertDiagonal(DoubleUnaryOperator[] f, DoubleUnaryOperator[] g, double[] breakpoints,
            double q) {
        int n = f.length;
        DoubleUnaryOperator[] product = new DoubleUnaryOperator[n];
        for (int k = 0; k < n; k++) {
            DoubleUnaryOperator fk = f[k];
            DoubleUnaryOperator gk = g[k];
            product[k] = x -> fk.applyAsDouble(x) * gk.applyAsDouble(x);
        }
        double[] two = new double[n];
        double[] one = new double[n];
        GaussianExpectation.expect2(f, g, breakpoints, q, q, q, QuadratureOptions.DEFAULT, two);
        GaussianExpectation.expect1(product, breakpoints, q, QuadratureOptions.DEFAULT, one);
        for (int k = 0; k < n; k++) {
            assertEquals(one[k], two[k], 1e-15 * Math.abs(one[k]), "component " + k + " at q = " + q);
        }
    }

    private static final double[] QS = {1e-3, 0.7, 5, 30};

    @Test
    void reluDiagonalMatchesOneDimensional() {
        DoubleUnaryOperator[] f = {ClosedFormTest.RELU, ClosedFormTest.STEP};
        for (double q : QS) {
            assertDiagonal(f, f, new double[] {0}, q);
            double[] out = new double[2];
            GaussianExpectation.expect2(f, f, new double[] {0}, q, q, q, QuadratureOptions.DEFAULT, out);
            assertEquals(q / 2, out[0], 1e-15 * q);
            assertEquals(0.5, out[1], 1e-15);
        }
    }

    @Test
    void smoothDiagonalMatchesOneDimensional() {
        DoubleUnaryOperator[] f = {Math::tanh, x -> 1 / Math.pow(Math.cosh(x), 2), Erf::erf};
        for (double q : QS) {
            assertDiagonal(f, f, new double[0], q);
        }
    }

    @Test
    void differentFunctionsWithKinksOffZero() {
        DoubleUnaryOperator[] f = {x -> Math.max(x, 1), x -> Math.abs(x - 0.5)};
        DoubleUnaryOperator[] g = {x -> Math.min(x, 0.5), x -> x > 1 ? 1 : 0};
        for (double q : QS) {
            assertDiagonal(f, g, new double[] {0.5, 1}, q);
        }
    }

    /**
     * Never on a breakpoint: functions undefined exactly there still work, a jump at 1 and a singularity at
     * 0. (A singularity at b ≠ 0 cannot be sampled closer than ulp(b), which caps the accuracy near √ulp for
     * |x − b|^{-1/2}; then the tolerance is not reached and a QuadratureException says so.)
     */
    @Test
    void functionsAreNotEvaluatedAtBreakpoints() {
        DoubleUnaryOperator jump = x -> x == 1 ? Double.NaN : x < 1 ? 0.5 : x;
        DoubleUnaryOperator singular = x -> x == 0 ? Double.NaN : 1 / Math.sqrt(Math.abs(x));
        DoubleUnaryOperator[] f = {jump, singular};
        DoubleUnaryOperator[] g = {x -> x == 1 || x == 0 ? Double.NaN : 1.0, jump};
        double[] breakpoints = {0, 1};
        double[] out = new double[2];
        for (double q : QS) {
            GaussianExpectation.expect1(f, breakpoints, q, QuadratureOptions.DEFAULT, out);
            assertTrue(out[0] > 0 && out[1] > 0, "q = " + q + ": " + out[0] + ", " + out[1]);
            GaussianExpectation.expect2(f, g, breakpoints, q, 2 * q, 0.4 * q, QuadratureOptions.DEFAULT, out);
            assertTrue(out[0] > 0 && out[1] > 0, "q = " + q + ": " + out[0] + ", " + out[1]);
        }
    }
}
