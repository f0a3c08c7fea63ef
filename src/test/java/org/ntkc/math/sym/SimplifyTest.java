package org.ntkc.math.sym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntkc.math.sym.Sym.add;
import static org.ntkc.math.sym.Sym.c;
import static org.ntkc.math.sym.Sym.call;
import static org.ntkc.math.sym.Sym.div;
import static org.ntkc.math.sym.Sym.mul;
import static org.ntkc.math.sym.Sym.neg;
import static org.ntkc.math.sym.Sym.pow;
import static org.ntkc.math.sym.Sym.sub;

import org.junit.jupiter.api.Test;

class SimplifyTest {

    private static final Sym X = Sym.x();
    private static final Sym SIN = call(Fn.SIN, X);

    private static Sym s(Sym e) {
        return Symbolic.simplify(e);
    }

    @Test
    void foldsConstants() {
        assertEquals(c(14), s(add(c(2), mul(c(3), c(4)))));
        assertEquals(c(0.5), s(call(Fn.SIGMOID, c(0))));
        assertEquals(c(3), s(call(Fn.MAX, c(-1), pow(c(3), c(1)))));
        assertEquals(c(-2), s(neg(c(2))));
        assertEquals(c(8), s(pow(c(2), c(3))));
        assertEquals(c(1.0 / 3), s(div(c(1), c(3))));
        assertEquals(mul(c(12), X), s(mul(add(c(1), c(2)), mul(c(4), X))));
    }

    @Test
    void keepsNonFiniteFoldsSymbolic() {
        assertEquals(call(Fn.LOG, c(0)), s(call(Fn.LOG, c(0))));
        assertEquals(call(Fn.SQRT, c(-1)), s(call(Fn.SQRT, c(-1))));
        assertEquals(div(c(1), c(0)), s(div(c(1), c(0))));
        assertEquals(call(Fn.LOG, c(0)), s(call(Fn.LOG, sub(c(1), c(1)))));
        // The negation of a constant is always exact, so it folds even to infinity.
        assertEquals(c(Double.NEGATIVE_INFINITY), s(neg(c(Double.POSITIVE_INFINITY))));
    }

    @Test
    void identities() {
        assertEquals(SIN, s(add(c(0), SIN)));
        assertEquals(SIN, s(add(SIN, c(0))));
        assertEquals(SIN, s(sub(SIN, c(0))));
        assertEquals(neg(SIN), s(sub(c(0), SIN)));
        assertEquals(SIN, s(mul(c(1), SIN)));
        assertEquals(SIN, s(mul(SIN, c(1))));
        assertEquals(c(0), s(mul(c(0), SIN)));
        assertEquals(c(0), s(mul(call(Fn.LOG, X), c(0))));
        assertEquals(SIN, s(div(SIN, c(1))));
        assertEquals(SIN, s(pow(SIN, c(1))));
        assertEquals(c(1), s(pow(SIN, c(0))));
        assertEquals(SIN, s(neg(neg(SIN))));
        assertEquals(c(0), s(sub(SIN, SIN)));
        assertEquals(c(0), s(sub(mul(X, c(2)), mul(c(2), X))));
        assertEquals(mul(c(3), X), s(mul(X, c(3))));
        assertEquals(mul(c(6), X), s(mul(c(2), mul(c(3), X))));
        assertEquals(mul(c(6), mul(X, SIN)), s(mul(mul(c(2), X), mul(SIN, c(3)))));
        assertEquals(sub(X, SIN), s(add(X, neg(SIN))));
        assertEquals(sub(X, SIN), s(add(neg(SIN), X)));
        assertEquals(add(X, SIN), s(sub(X, neg(SIN))));
        assertEquals(sub(X, c(1)), s(add(X, c(-1))));
        assertEquals(sub(X, mul(c(2), SIN)), s(add(X, mul(c(-2), SIN))));
        assertEquals(sub(c(1), X), s(neg(sub(X, c(1)))));
        assertEquals(mul(c(-2), X), s(neg(mul(c(2), X))));
        assertEquals(neg(X), s(mul(c(-1), X)));
        assertEquals(neg(mul(X, SIN)), s(mul(neg(X), SIN)));
        assertEquals(X, s(mul(c(0.5), mul(c(2), X))));
    }

    @Test
    void leavesIrreducibleExpressionsAlone() {
        Sym[] alreadySimple = {
            X, c(2.5), call(Fn.TANH, X), add(X, c(1)), sub(c(1), X), mul(c(2), X), div(X, c(2)), pow(X, c(2)),
            call(Fn.MAX, X, c(0)), div(c(1), X), neg(call(Fn.EXP, X)),
        };
        for (Sym e : alreadySimple) {
            assertEquals(e, s(e));
        }
    }

    @Test
    void isIdempotent() {
        RandomSyms random = new RandomSyms(3, true);
        for (int i = 0; i < 3000; i++) {
            Sym e = random.next(5);
            Sym once = s(e);
            assertEquals(once, s(once), () -> "not idempotent on " + e);
        }
    }

    @Test
    void neverChangesTheValue() {
        RandomSyms random = new RandomSyms(5, false);
        int compared = 0;
        for (int i = 0; i < 3000; i++) {
            Sym e = random.next(5);
            Sym simplified = s(e);
            for (int k = 0; k < 5; k++) {
                double x = random.nextX();
                if (!RandomSyms.finiteEverywhere(e, x)) {
                    continue;
                }
                double before = e.eval(x);
                double after = simplified.eval(x);
                assertEquals(before, after, 1e-12 * Math.max(1, Math.abs(before)),
                        () -> e + " simplified to " + simplified + " at " + x);
                compared++;
            }
        }
        assertTrue(compared > 3000, "only " + compared + " finite comparisons");
    }

    @Test
    void constantAndDependence() {
        assertTrue(Symbolic.isConstant(c(1)));
        assertTrue(Symbolic.isConstant(call(Fn.LOG, add(c(1), c(2)))));
        assertFalse(Symbolic.isConstant(X));
        assertFalse(Symbolic.isConstant(call(Fn.MAX, c(1), mul(c(0), X))));
        assertTrue(Symbolic.dependsOnVar(pow(c(2), X)));
        assertFalse(Symbolic.dependsOnVar(pow(c(2), c(3))));
        // Structural, not semantic: 0 * x mentions x.
        assertTrue(Symbolic.dependsOnVar(mul(c(0), X)));
        assertFalse(Symbolic.dependsOnVar(s(mul(c(0), X))));
    }
}
