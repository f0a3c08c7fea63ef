package org.ntkc.math.sym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntkc.math.sym.Sym.add;
import static org.ntkc.math.sym.Sym.c;
import static org.ntkc.math.sym.Sym.call;
import static org.ntkc.math.sym.Sym.mul;
import static org.ntkc.math.sym.Sym.pow;

import org.junit.jupiter.api.Test;

class SubstituteTest {

    private static final Sym X = Sym.x();

    @Test
    void fusesActivations() {
        Sym mish = mul(X, call(Fn.TANH, call(Fn.SOFTPLUS, X)));
        assertEquals("relu(x) * tanh(softplus(relu(x)))", Symbolic.substitute(mish, call(Fn.RELU, X)).toString());
        assertEquals("tanh(2 * x + 1)", Symbolic.substitute(call(Fn.TANH, X), add(mul(X, c(2)), c(1))).toString());
        assertEquals(c(Math.tanh(3)), Symbolic.substitute(call(Fn.TANH, X), c(3)));
        assertEquals(X, Symbolic.substitute(X, X));
        assertEquals(mul(c(6), X), Symbolic.substitute(mul(c(2), X), mul(c(3), X)));
    }

    @Test
    void isCompositionOnRandomExpressions() {
        RandomSyms random = new RandomSyms(29, false);
        int compared = 0;
        for (int i = 0; i < 2000; i++) {
            Sym f = random.next(4);
            Sym g = random.next(3);
            Sym composed = Symbolic.substitute(f, g);
            for (int k = 0; k < 4; k++) {
                double x = random.nextX();
                double gx = g.eval(x);
                if (!RandomSyms.finiteEverywhere(g, x) || !RandomSyms.finiteEverywhere(f, gx)) {
                    continue;
                }
                double expected = f.eval(gx);
                assertEquals(expected, composed.eval(x), 1e-12 * Math.max(1, Math.abs(expected)),
                        () -> f + " after " + g + " = " + composed + " at " + x);
                compared++;
            }
        }
        assertTrue(compared > 2000, "only " + compared + " finite comparisons");
    }

    @Test
    void compositionOfExactOperationsIsExact() {
        Sym f = add(call(Fn.SOFTPLUS, X), pow(call(Fn.MAX, X, c(0)), c(2)));
        Sym g = call(Fn.SIN, mul(c(3), X));
        Sym composed = Symbolic.substitute(f, g);
        for (double x = -4; x <= 4; x += 0.01) {
            assertEquals(f.eval(g.eval(x)), composed.eval(x), 0.0);
        }
    }
}
