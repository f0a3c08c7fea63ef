package org.ntkc.runtime.quad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * tanh has no closed form; the two methods check each other instead. Where Gauss–Hermite converges fast
 * (small variance) a 400-node rule is exact to rounding and the split method must match it; where it does
 * not (large variance), split methods with different, arbitrary split points must agree.
 */
class SmoothCrossCheckTest {

    private static final DoubleUnaryOperator[] TANH = {Math::tanh, x -> 1 / Math.pow(Math.cosh(x), 2)};

    private static double[] expect(double[] breakpoints, double q1, double q2, double q12, QuadratureOptions o) {
        double[] out = new double[2];
        GaussianExpectation.expect2(TANH, TANH, breakpoints, q1, q2, q12, o, out);
        return out;
    }

    @Test
    void splitMethodMatchesHighOrderGaussHermite() {
        double[][] cases = {{0.3, 0.5, 0.2}, {0.5, 0.5, -0.45}, {0.1, 0.4, 0.19999}, {0.4, 0.2, 0}};
        for (double[] c : cases) {
            double[] hermite = expect(new double[0], c[0], c[1], c[2], QuadratureOptions.fixed(400));
            double[] split = expect(new double[] {-0.4}, c[0], c[1], c[2], QuadratureOptions.DEFAULT);
            double[] adaptive = expect(new double[0], c[0], c[1], c[2], QuadratureOptions.DEFAULT);
            for (int k = 0; k < 2; k++) {
                assertEquals(hermite[k], split[k], 1e-12, "split, component " + k);
                assertEquals(hermite[k], adaptive[k], 1e-12, "adaptive, component " + k);
            }
        }
    }

    @Test
    void splitMethodsAgreeAtLargeVariance() {
        double[][] cases = {{30, 20, 12}, {10, 10, -9.99}, {25, 3, 8.6602}, {5, 30, 12.2474486}};
        for (double[] c : cases) {
            double[] adaptive = expect(new double[0], c[0], c[1], c[2], QuadratureOptions.DEFAULT);
            double[] one = expect(new double[] {0.7}, c[0], c[1], c[2], QuadratureOptions.DEFAULT);
            double[] two = expect(new double[] {-2, 1.3}, c[0], c[1], c[2], QuadratureOptions.DEFAULT);
            for (int k = 0; k < 2; k++) {
                assertEquals(adaptive[k], one[k], 1e-12, "one split, component " + k);
                assertEquals(adaptive[k], two[k], 1e-12, "two splits, component " + k);
            }
        }
    }
}
