package org.ntkc.math.sym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntkc.math.sym.Sym.add;
import static org.ntkc.math.sym.Sym.c;
import static org.ntkc.math.sym.Sym.call;
import static org.ntkc.math.sym.Sym.div;
import static org.ntkc.math.sym.Sym.mul;
import static org.ntkc.math.sym.Sym.neg;
import static org.ntkc.math.sym.Sym.pow;
import static org.ntkc.math.sym.Sym.sub;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DerivativeTest {

    private static final Sym X = Sym.x();
    private static final Sym MISH = mul(X, call(Fn.TANH, call(Fn.SOFTPLUS, X)));
    private static final Sym KINKED = add(call(Fn.MAX, X, c(0)), mul(c(0.5), pow(call(Fn.MIN, X, c(0)), c(2))));

    /** Checks d/dx f against central differences at 161 points of [lo, hi], skipping those near the given kinks. */
    private static void assertMatchesFiniteDifferences(Sym f, double lo, double hi, double... kinks) {
        Sym df = Symbolic.derivative(f);
        int checked = 0;
        for (int i = 0; i <= 160; i++) {
            // The irrational offset keeps sample points off integers and other special values.
            double x = lo + (hi - lo) * (i + 0.5 / Math.PI) / 161;
            if (nearAny(x, kinks)) {
                continue;
            }
            double h = 1e-5 * Math.max(1, Math.abs(x));
            double fd = (f.eval(x + h) - f.eval(x - h)) / (2 * h);
            double exact = df.eval(x);
            assertTrue(Math.abs(exact - fd) <= 1e-7 * Math.max(1, Math.abs(exact)),
                    () -> "d/dx " + f + " = " + df + " at x = " + x + ": " + exact + " vs finite difference " + fd);
            checked++;
        }
        assertTrue(checked > 100, "too few points checked for " + f);
    }

    private static boolean nearAny(double x, double[] kinks) {
        for (double k : kinks) {
            if (Math.abs(x - k) < 1e-3) {
                return true;
            }
        }
        return false;
    }

    private static double[] multiplesOfPi(int upTo) {
        double[] out = new double[2 * upTo + 1];
        for (int k = -upTo; k <= upTo; k++) {
            out[k + upTo] = k * Math.PI;
        }
        return out;
    }

    @Test
    void everyFunctionMatchesFiniteDifferences() {
        for (Fn fn : Fn.values()) {
            Sym f = fn.arity() == 1 ? call(fn, X) : call(fn, X, sub(c(0.3), mul(c(0.5), X)));
            boolean positiveOnly = fn == Fn.LOG || fn == Fn.SQRT || fn == Fn.LOG1P;
            double kink = fn.arity() == 1 ? 0.0 : 0.2;
            assertMatchesFiniteDifferences(f, positiveOnly ? 0.05 : -4, 4, kink);
        }
    }

    @Test
    void functionsOfNonlinearArgumentsMatchFiniteDifferences() {
        Sym inner = add(mul(c(0.7), X), mul(c(0.2), pow(X, c(2))));
        for (Fn fn : Fn.values()) {
            Sym f = fn.arity() == 1 ? call(fn, inner) : call(fn, inner, call(Fn.COS, X));
            if (fn == Fn.LOG || fn == Fn.SQRT) {
                f = call(fn, add(c(1), pow(inner, c(2))));
            }
            // Kinks where 0.2 x^2 + 0.7 x = 0, and for max/min where it crosses cos(x).
            assertMatchesFiniteDifferences(f, -3, 3, 0.0, -2.1834, 0.8050);
        }
    }

    @Test
    void activationsMatchFiniteDifferences() {
        assertMatchesFiniteDifferences(MISH, -6, 6);
        assertMatchesFiniteDifferences(KINKED, -4, 4, 0.0);
        assertMatchesFiniteDifferences(sub(pow(X, c(3)), mul(c(2), X)), -4, 4);
        assertMatchesFiniteDifferences(call(Fn.EXP, neg(pow(X, c(2)))), -4, 4);
        assertMatchesFiniteDifferences(call(Fn.SQRT, add(c(1), pow(X, c(2)))), -4, 4);
        assertMatchesFiniteDifferences(pow(X, X), 0.1, 5);
        assertMatchesFiniteDifferences(call(Fn.LOG, add(c(1), call(Fn.EXP, X))), -6, 6);
        assertMatchesFiniteDifferences(call(Fn.ERF, mul(c(2), X)), -3, 3);
        assertMatchesFiniteDifferences(div(X, add(c(1), call(Fn.ABS, X))), -4, 4, 0.0);
        assertMatchesFiniteDifferences(pow(c(2), call(Fn.SIN, X)), -4, 4);
        assertMatchesFiniteDifferences(pow(X, c(0.5)), 0.05, 4);
        assertMatchesFiniteDifferences(pow(call(Fn.SIGMOID, X), c(-2)), -4, 4);
    }

    @Test
    void compositionsMatchFiniteDifferencesAndTheChainRule() {
        Sym[][] pairs = {
            {MISH, call(Fn.RELU, X)},
            {call(Fn.TANH, X), add(mul(c(2), X), c(1))},
            {KINKED, call(Fn.SIN, X)},
            {call(Fn.SOFTPLUS, X), sub(pow(X, c(2)), c(1))},
            {MISH, MISH},
        };
        double[] kinks = multiplesOfPi(2);
        for (Sym[] pair : pairs) {
            Sym f = pair[0];
            Sym g = pair[1];
            Sym composed = Symbolic.substitute(f, g);
            assertMatchesFiniteDifferences(composed, -4, 4, kinks);
            Sym df = Symbolic.derivative(f);
            Sym dg = Symbolic.derivative(g);
            Sym dComposed = Symbolic.derivative(composed);
            for (double x = -3.9; x < 4; x += 0.37) {
                if (nearAny(x, kinks)) {
                    continue;
                }
                double chain = df.eval(g.eval(x)) * dg.eval(x);
                assertEquals(chain, dComposed.eval(x), 1e-12 * Math.max(1, Math.abs(chain)), composed + " at " + x);
            }
        }
    }

    @Test
    void kinksTakeTheAlmostEverywhereConvention() {
        assertEquals(0.0, Symbolic.derivative(call(Fn.RELU, X)).eval(0.0));
        assertEquals(1.0, Symbolic.derivative(call(Fn.RELU, X)).eval(1e-300));
        assertEquals(0.0, Symbolic.derivative(call(Fn.ABS, X)).eval(0.0));
        assertEquals(-1.0, Symbolic.derivative(call(Fn.ABS, X)).eval(-2.0));
        // max(x, 0) is relu; at a tie max and min take the second argument's derivative.
        assertEquals(0.0, Symbolic.derivative(call(Fn.MAX, X, c(0))).eval(0.0));
        assertEquals(0.0, Symbolic.derivative(call(Fn.MAX, X, c(1))).eval(1.0));
        assertEquals(1.0, Symbolic.derivative(call(Fn.MAX, X, c(1))).eval(1.5));
        assertEquals(0.0, Symbolic.derivative(call(Fn.MIN, X, c(0))).eval(0.0));
        assertEquals(1.0, Symbolic.derivative(call(Fn.MIN, X, c(0))).eval(-0.5));
        assertEquals(0.0, Symbolic.derivative(call(Fn.STEP, X)).eval(0.0));
        assertEquals(0.0, Symbolic.derivative(call(Fn.SIGN, X)).eval(0.0));
        assertEquals(0.0, Symbolic.derivative(KINKED).eval(0.0));
    }

    @Test
    void derivativesAreSimplifiedAndReadable() {
        assertEquals("tanh(softplus(x)) + x * ((1 - tanh(softplus(x))^2) * sigmoid(x))",
                Symbolic.derivative(MISH).toString());
        assertEquals("step(x) + min(x, 0) * step(-x)", Symbolic.derivative(KINKED).toString());
        assertEquals("3 * x^2 - 2", Symbolic.derivative(sub(pow(X, c(3)), mul(c(2), X))).toString());
        assertEquals("step(x)", Symbolic.derivative(call(Fn.RELU, X)).toString());
        assertEquals("sign(x)", Symbolic.derivative(call(Fn.ABS, X)).toString());
        assertEquals("2.256758334191025 * exp(-(2 * x)^2)",
                Symbolic.derivative(call(Fn.ERF, mul(c(2), X))).toString());
        assertEquals(new Sym.Const(0), Symbolic.derivative(c(4)));
        assertEquals(new Sym.Const(1), Symbolic.derivative(X));
        assertEquals(new Sym.Const(0), Symbolic.derivative(call(Fn.STEP, X)));

        RandomSyms random = new RandomSyms(7, false);
        List<Sym> derivatives = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            derivatives.add(Symbolic.derivative(random.next(4)));
        }
        for (Sym d : derivatives) {
            assertEquals(d, Symbolic.simplify(d));
        }
    }

    @Test
    void randomExpressionsMatchFiniteDifferences() {
        RandomSyms random = new RandomSyms(11, false);
        int checked = 0;
        for (int i = 0; i < 400; i++) {
            Sym f = random.next(3);
            Sym df = Symbolic.derivative(f);
            double x = random.nextX();
            double h = 1e-6 * Math.max(1, Math.abs(x));
            double[] values = new double[5];
            for (int k = -2; k <= 2; k++) {
                values[k + 2] = f.eval(x + k * h);
            }
            // Only where f is finite and not kinked nearby: differences of neighbouring steps must agree.
            double left = (values[2] - values[0]) / (2 * h);
            double right = (values[4] - values[2]) / (2 * h);
            double central = (values[3] - values[1]) / (2 * h);
            double wide = (values[4] - values[0]) / (4 * h);
            double exact = df.eval(x);
            double scale = Math.max(1, Math.abs(central));
            // Steps of h and 2h must agree too, which rules out sums like x + 1e10 where x + h rounds away h.
            boolean smoothHere = RandomSyms.finiteEverywhere(f, x) && Double.isFinite(exact)
                    && !hasHugeConstant(Symbolic.simplify(f))
                    && Math.abs(left - right) < 1e-3 * scale && Math.abs(central - wide) < 1e-6 * scale
                    && Math.abs(central) < 1e6;
            if (!smoothHere) {
                continue;
            }
            assertEquals(central, exact, 1e-5 * scale, () -> "d/dx " + f + " = " + df + " at " + x);
            checked++;
        }
        assertTrue(checked > 150, "only " + checked + " random expressions were smooth at their point");
    }

    /** Constants like 3e10 make x + k·h round away the step, so finite differences there mean nothing. */
    private static boolean hasHugeConstant(Sym e) {
        if (e instanceof Sym.Const c) {
            return Math.abs(c.value()) > 1e6;
        }
        if (e instanceof Sym.Neg n) {
            return hasHugeConstant(n.arg());
        }
        if (e instanceof Sym.Add a) {
            return hasHugeConstant(a.left()) || hasHugeConstant(a.right());
        }
        if (e instanceof Sym.Sub a) {
            return hasHugeConstant(a.left()) || hasHugeConstant(a.right());
        }
        if (e instanceof Sym.Mul a) {
            return hasHugeConstant(a.left()) || hasHugeConstant(a.right());
        }
        if (e instanceof Sym.Div a) {
            return hasHugeConstant(a.left()) || hasHugeConstant(a.right());
        }
        if (e instanceof Sym.Pow a) {
            return hasHugeConstant(a.base()) || hasHugeConstant(a.exponent());
        }
        return e instanceof Sym.Call c && c.args().stream().anyMatch(DerivativeTest::hasHugeConstant);
    }
}
