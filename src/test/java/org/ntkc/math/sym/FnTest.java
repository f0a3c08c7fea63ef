package org.ntkc.math.sym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FnTest {

    @Test
    void valuesOfEveryFunction() {
        assertEquals(Math.exp(0.7), Fn.EXP.apply(0.7));
        assertEquals(Math.log(0.7), Fn.LOG.apply(0.7));
        assertEquals(Math.sqrt(0.7), Fn.SQRT.apply(0.7));
        assertEquals(0.7, Fn.ABS.apply(-0.7));
        assertEquals(Math.sin(0.7), Fn.SIN.apply(0.7));
        assertEquals(Math.cos(0.7), Fn.COS.apply(0.7));
        assertEquals(Math.tanh(0.7), Fn.TANH.apply(0.7));
        assertEquals(0.5204998778130465, Fn.ERF.apply(0.5), 1e-15);
        assertEquals(-0.5204998778130465, Fn.ERF.apply(-0.5), 1e-15);
        assertEquals(1 / (1 + Math.exp(-0.7)), Fn.SIGMOID.apply(0.7), 1e-16);
        assertEquals(Math.log(1 + Math.exp(0.7)), Fn.SOFTPLUS.apply(0.7), 1e-15);
        assertEquals(0.7, Fn.RELU.apply(0.7));
        assertEquals(0.0, Fn.RELU.apply(-0.7));
        assertEquals(3.0, Fn.MAX.apply(-2, 3));
        assertEquals(-2.0, Fn.MIN.apply(-2, 3));
        assertEquals(1.0, Fn.STEP.apply(1e-300));
        assertEquals(0.0, Fn.STEP.apply(-1e-300));
        assertEquals(-1.0, Fn.SIGN.apply(-3));
        assertEquals(1.0, Fn.SIGN.apply(3));
    }

    @Test
    void conventionsAtZero() {
        assertEquals(0.0, Fn.STEP.apply(0.0));
        assertEquals(0.0, Fn.STEP.apply(-0.0));
        assertEquals(0.0, Fn.SIGN.apply(0.0));
        // relu(-0) is +0, not -0.
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(Fn.RELU.apply(-0.0)));
        assertEquals(0.5, Fn.SIGMOID.apply(0.0));
        assertEquals(Math.log(2), Fn.SOFTPLUS.apply(0.0), 1e-16);
    }

    @Test
    void nanPropagates() {
        for (Fn fn : Fn.values()) {
            double v = fn.arity() == 1 ? fn.apply(Double.NaN) : fn.apply(Double.NaN, 1.0);
            assertTrue(Double.isNaN(v), fn.sourceName());
        }
    }

    @Test
    void sigmoidAndSoftplusDoNotOverflow() {
        assertEquals(0.0, Fn.SIGMOID.apply(-800));
        assertEquals(1.0, Fn.SIGMOID.apply(800));
        assertEquals(Math.exp(-40), Fn.SIGMOID.apply(-40), 1e-16 * Math.exp(-40) * 4);
        assertEquals(1000.0, Fn.SOFTPLUS.apply(1000));
        assertEquals(0.0, Fn.SOFTPLUS.apply(-1000));
        // For very negative a, softplus(a) ~ e^a: the naive log(1 + e^a) would round to 0 here.
        assertEquals(Math.exp(-40), Fn.SOFTPLUS.apply(-40), 1e-15 * Math.exp(-40));
        assertEquals(Double.POSITIVE_INFINITY, Fn.SOFTPLUS.apply(Double.POSITIVE_INFINITY));
    }

    @Test
    void namesAndArity() {
        assertEquals(Optional.of(Fn.RELU), Fn.byUserName("relu"));
        assertEquals(Optional.of(Fn.MAX), Fn.byUserName("max"));
        assertEquals(Optional.empty(), Fn.byUserName("step"));
        assertEquals(Optional.empty(), Fn.byUserName("sign"));
        assertEquals(Optional.empty(), Fn.byUserName("gelu"));
        assertFalse(Fn.STEP.isUserFunction());
        assertFalse(Fn.SIGN.isUserFunction());
        assertTrue(Fn.SOFTPLUS.isUserFunction());
        assertEquals("softplus", Fn.SOFTPLUS.sourceName());
        assertEquals(2, Fn.MIN.arity());
        assertEquals(1, Fn.ERF.arity());
        for (Fn fn : Fn.values()) {
            if (fn.isUserFunction()) {
                assertEquals(Optional.of(fn), Fn.byUserName(fn.sourceName()));
            }
        }
    }

    @Test
    void wrongArityIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Fn.MAX.apply(1.0));
        assertThrows(IllegalArgumentException.class, () -> Fn.EXP.apply(1.0, 2.0));
        assertThrows(IllegalArgumentException.class, () -> Sym.call(Fn.MAX, Sym.x()));
        assertThrows(IllegalArgumentException.class, () -> new Sym.Call(Fn.TANH, List.of(Sym.x(), Sym.x())));
    }

    @Test
    void callCopiesItsArguments() {
        List<Sym> args = new java.util.ArrayList<>(List.of(Sym.x()));
        Sym.Call call = new Sym.Call(Fn.EXP, args);
        args.set(0, Sym.c(2));
        assertEquals(Sym.x(), call.arg());
        assertThrows(UnsupportedOperationException.class, () -> call.args().add(Sym.x()));
    }
}
