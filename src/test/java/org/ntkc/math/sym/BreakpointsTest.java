package org.ntkc.math.sym;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntkc.math.sym.Sym.add;
import static org.ntkc.math.sym.Sym.c;
import static org.ntkc.math.sym.Sym.call;
import static org.ntkc.math.sym.Sym.div;
import static org.ntkc.math.sym.Sym.mul;
import static org.ntkc.math.sym.Sym.pow;
import static org.ntkc.math.sym.Sym.sub;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BreakpointsTest {

    private static final Sym X = Sym.x();
    private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494");

    private static void assertBreakpoints(Sym phi, double... expected) {
        assertArrayEquals(expected, Breakpoints.of(phi), 0.0, phi::toString);
    }

    /** The double nearest to k·π. */
    private static double kPi(int k) {
        return PI.multiply(BigDecimal.valueOf(k), MathContext.DECIMAL128).doubleValue();
    }

    @Test
    void affineArgumentsGiveExactZeros() {
        assertBreakpoints(call(Fn.RELU, X), 0.0);
        assertBreakpoints(call(Fn.MAX, X, c(1)), 1.0);
        assertBreakpoints(call(Fn.ABS, sub(X, c(0.3))), 0.3);
        assertBreakpoints(call(Fn.MIN, mul(c(2), X), c(-3)), -1.5);
        assertBreakpoints(call(Fn.STEP, sub(c(1000), X)), 1000.0);
        assertBreakpoints(div(c(1), sub(X, c(2))), 2.0);
        assertBreakpoints(call(Fn.SQRT, X), 0.0);
        assertBreakpoints(call(Fn.LOG, add(X, c(4))), -4.0);
        assertBreakpoints(pow(X, c(0.5)), 0.0);
        assertBreakpoints(pow(X, c(-1)), 0.0);
        assertBreakpoints(pow(add(X, c(1)), X), -1.0);
    }

    @Test
    void activations() {
        assertBreakpoints(add(call(Fn.MAX, X, c(0)), mul(c(0.5), pow(call(Fn.MIN, X, c(0)), c(2)))), 0.0);
        assertBreakpoints(add(call(Fn.MAX, X, c(0)), mul(c(1.5), sub(call(Fn.EXP, call(Fn.MIN, X, c(0))), c(1)))),
                0.0);
        assertBreakpoints(add(call(Fn.RELU, X), call(Fn.RELU, sub(X, c(1)))), 0.0, 1.0);
        assertBreakpoints(mul(X, call(Fn.TANH, X)));
        assertBreakpoints(mul(X, call(Fn.TANH, call(Fn.SOFTPLUS, X))));
        assertBreakpoints(mul(X, call(Fn.SIGMOID, X)));
        assertBreakpoints(mul(X, call(Fn.ERF, X)));
        assertBreakpoints(call(Fn.SQRT, add(c(1), pow(X, c(2)))));
        assertBreakpoints(pow(X, c(3)));
    }

    @Test
    void nonAffineArgumentsAreFoundNumerically() {
        assertBreakpoints(call(Fn.RELU, call(Fn.TANH, X)), 0.0);
        assertBreakpoints(call(Fn.MAX, pow(X, c(2)), c(1)), -1.0, 1.0);
        assertBreakpoints(call(Fn.SQRT, call(Fn.ABS, X)), 0.0);
        assertBreakpoints(call(Fn.SIGN, sub(pow(X, c(3)), X)), -1.0, 0.0, 1.0);
        // relu(relu(x)): the inner relu is zero on a whole half-line; only its end is a breakpoint.
        assertBreakpoints(call(Fn.RELU, call(Fn.RELU, sub(X, c(0.3)))), 0.3);

        double[] cubeRoot = Breakpoints.of(call(Fn.RELU, sub(pow(X, c(3)), c(2))));
        assertEquals(1, cubeRoot.length);
        assertEquals(Math.cbrt(2), cubeRoot[0], 1e-15 * Math.cbrt(2));

        double[] log2 = Breakpoints.of(call(Fn.ABS, sub(call(Fn.EXP, X), c(2))));
        assertEquals(1, log2.length);
        assertEquals(Math.log(2), log2[0], 1e-15 * Math.log(2));
    }

    @Test
    void reluOfSineHasAKinkAtEveryMultipleOfPiInTheWindow() {
        double[] points = Breakpoints.of(call(Fn.RELU, call(Fn.SIN, X)));
        // |k·π| <= 256 for k = -81..81.
        assertEquals(163, points.length);
        for (int i = 0; i < points.length; i++) {
            double expected = kPi(i - 81);
            assertEquals(expected, points[i], 1e-15 * Math.abs(expected), "k = " + (i - 81));
        }
        assertEquals(0.0, points[81]);
    }

    @Test
    void resultIsCappedAtTheKinksNearestZero() {
        // sin(64 x) has about 10,400 zeros in the window; the 512 kept are k·π/64 for |k| <= 255, plus k = 256 or -256.
        double[] points = Breakpoints.of(call(Fn.RELU, call(Fn.SIN, mul(c(64), X))));
        assertEquals(Breakpoints.MAX_POINTS, points.length);
        Set<Integer> ks = new HashSet<>();
        for (double p : points) {
            int k = (int) Math.round(p * 64 / Math.PI);
            double expected = kPi(k) / 64;
            assertEquals(expected, p, 1e-15 * Math.abs(expected), "k = " + k);
            assertTrue(Math.abs(k) <= 256, "k = " + k);
            ks.add(k);
        }
        assertEquals(Breakpoints.MAX_POINTS, ks.size());
    }

    @Test
    void sortedDistinctAndFinite() {
        Sym phi = add(call(Fn.ABS, call(Fn.SIN, X)), call(Fn.RELU, sub(X, c(Math.PI))));
        double[] points = Breakpoints.of(phi);
        assertEquals(163, points.length);
        for (int i = 0; i < points.length; i++) {
            assertTrue(Double.isFinite(points[i]));
            if (i > 0) {
                assertTrue(points[i - 1] < points[i]);
            }
        }
    }

    @Test
    void constantsAndSmoothFunctionsHaveNone() {
        assertBreakpoints(c(3));
        assertBreakpoints(call(Fn.MAX, c(1), c(2)));
        assertBreakpoints(call(Fn.ABS, c(-2)));
        assertBreakpoints(call(Fn.LOG, c(0)));
        assertBreakpoints(call(Fn.MAX, X, X));
        assertBreakpoints(call(Fn.EXP, X));
        assertBreakpoints(X);
        assertTrue(Breakpoints.isSmooth(mul(X, call(Fn.TANH, call(Fn.SOFTPLUS, X)))));
        assertTrue(Breakpoints.isSmooth(c(0)));
        assertFalse(Breakpoints.isSmooth(call(Fn.RELU, X)));
        assertFalse(Breakpoints.isSmooth(call(Fn.RELU, call(Fn.SIN, X))));
    }
}
