package org.ntkc.math.sym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ntkc.math.sym.Sym.add;
import static org.ntkc.math.sym.Sym.c;
import static org.ntkc.math.sym.Sym.call;
import static org.ntkc.math.sym.Sym.div;
import static org.ntkc.math.sym.Sym.mul;
import static org.ntkc.math.sym.Sym.neg;
import static org.ntkc.math.sym.Sym.pow;
import static org.ntkc.math.sym.Sym.sub;

import org.junit.jupiter.api.Test;

class FormatTest {

    private static final Sym X = Sym.x();

    @Test
    void activations() {
        assertEquals("x * tanh(softplus(x))", mul(X, call(Fn.TANH, call(Fn.SOFTPLUS, X))).toString());
        assertEquals("max(x, 0) + 0.5 * min(x, 0)^2",
                add(call(Fn.MAX, X, c(0)), mul(c(0.5), pow(call(Fn.MIN, X, c(0)), c(2)))).toString());
        assertEquals("1 - sigmoid(x)", sub(c(1), call(Fn.SIGMOID, X)).toString());
        assertEquals("max(x, 0) + 1.5 * (exp(min(x, 0)) - 1)",
                add(call(Fn.MAX, X, c(0)), mul(c(1.5), sub(call(Fn.EXP, call(Fn.MIN, X, c(0))), c(1)))).toString());
        assertEquals("step(x) * sign(x)", mul(call(Fn.STEP, X), call(Fn.SIGN, X)).toString());
    }

    @Test
    void unaryMinusAndPowers() {
        assertEquals("-x^2", neg(pow(X, c(2))).toString());
        assertEquals("(-x)^2", pow(neg(X), c(2)).toString());
        assertEquals("2^3^2", pow(c(2), pow(c(3), c(2))).toString());
        assertEquals("(2^3)^2", pow(pow(c(2), c(3)), c(2)).toString());
        assertEquals("x^(-1)", pow(X, c(-1)).toString());
        assertEquals("2^(-x)", pow(c(2), neg(X)).toString());
        assertEquals("(-2)^x", pow(c(-2), X).toString());
        assertEquals("-(-x)", neg(neg(X)).toString());
        assertEquals("-(x + 1)", neg(add(X, c(1))).toString());
        assertEquals("-x * x", mul(neg(X), X).toString());
        assertEquals("-(x * x)", neg(mul(X, X)).toString());
        assertEquals("(x + 1)^(x * 2)", pow(add(X, c(1)), mul(X, c(2))).toString());
    }

    @Test
    void associativity() {
        assertEquals("x - (1 - x)", sub(X, sub(c(1), X)).toString());
        assertEquals("x - 1 - x", sub(sub(X, c(1)), X).toString());
        assertEquals("x + (1 + x)", add(X, add(c(1), X)).toString());
        assertEquals("x + 1 + x", add(add(X, c(1)), X).toString());
        assertEquals("x / (2 * x)", div(X, mul(c(2), X)).toString());
        assertEquals("x * 2 / x", div(mul(X, c(2)), X).toString());
        assertEquals("(x + 1) * (x - 1)", mul(add(X, c(1)), sub(X, c(1))).toString());
        assertEquals("x - -2", sub(X, c(-2)).toString());
    }

    @Test
    void constants() {
        assertEquals("2", c(2).toString());
        assertEquals("-2", c(-2).toString());
        assertEquals("0.5", c(0.5).toString());
        assertEquals("0.1", c(0.1).toString());
        assertEquals("1e-10", c(1e-10).toString());
        assertEquals("2.5e-7", c(2.5e-7).toString());
        assertEquals("0.0001", c(1e-4).toString());
        assertEquals("1e20", c(1e20).toString());
        assertEquals("1234567890123456", c(1234567890123456.0).toString());
        assertEquals("0.3333333333333333", c(1.0 / 3).toString());
        assertEquals("0.30000000000000004", c(0.1 + 0.2).toString());
        assertEquals("pi", c(Math.PI).toString());
        assertEquals("-pi", c(-Math.PI).toString());
        assertEquals("e", c(Math.E).toString());
        assertEquals("nan", c(Double.NaN).toString());
        assertEquals("inf", c(Double.POSITIVE_INFINITY).toString());
        assertEquals("-inf", c(Double.NEGATIVE_INFINITY).toString());
        assertEquals("0", c(0).toString());
        assertEquals("-0", c(-0.0).toString());
        assertEquals("5e-324", c(Double.MIN_VALUE).toString());
        assertEquals("1.7976931348623157e308", c(Double.MAX_VALUE).toString());
        assertEquals("2 * pi * x", mul(mul(c(2), c(Math.PI)), X).toString());
    }

    @Test
    void variableName() {
        assertEquals("z + 1", Symbolic.format(add(X, c(1)), "z"));
        assertEquals("relu(input)", Symbolic.format(call(Fn.RELU, X), "input"));
    }

    @Test
    void roundTripsThroughAParser() {
        RandomSyms random = new RandomSyms(17, true);
        for (int i = 0; i < 3000; i++) {
            Sym e = random.next(5);
            String text = Symbolic.format(e, "x");
            Sym parsed = TestParser.parse(text, "x");
            assertEquals(text, Symbolic.format(parsed, "x"));
            for (int k = 0; k < 3; k++) {
                double x = random.nextX();
                assertEquals(Double.doubleToLongBits(e.eval(x)), Double.doubleToLongBits(parsed.eval(x)),
                        () -> text + " at " + x);
            }
        }
    }
}
