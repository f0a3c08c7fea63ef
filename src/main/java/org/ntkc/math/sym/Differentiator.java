package org.ntkc.math.sym;

import static org.ntkc.math.sym.Simplifier.ONE;
import static org.ntkc.math.sym.Simplifier.ZERO;
import static org.ntkc.math.sym.Simplifier.add;
import static org.ntkc.math.sym.Simplifier.call;
import static org.ntkc.math.sym.Simplifier.div;
import static org.ntkc.math.sym.Simplifier.mul;
import static org.ntkc.math.sym.Simplifier.neg;
import static org.ntkc.math.sym.Simplifier.pow;
import static org.ntkc.math.sym.Simplifier.sub;

import org.ntkc.math.sym.Sym.Add;
import org.ntkc.math.sym.Sym.Call;
import org.ntkc.math.sym.Sym.Const;
import org.ntkc.math.sym.Sym.Div;
import org.ntkc.math.sym.Sym.Mul;
import org.ntkc.math.sym.Sym.Neg;
import org.ntkc.math.sym.Sym.Pow;
import org.ntkc.math.sym.Sym.Sub;
import org.ntkc.math.sym.Sym.Var;

/**
 * d/dx over simplified trees, built through {@link Simplifier}'s constructors so the result is simplified too. Kinks
 * get the almost-everywhere derivative with the conventions of {@link Fn#STEP}: relu'(0) = 0, abs'(0) = 0, and at a
 * tie max(a, b) and min(a, b) follow b.
 */
final class Differentiator implements Sym.Visitor<Sym> {

    private static final Differentiator INSTANCE = new Differentiator();
    private static final Const TWO = new Const(2.0);
    private static final Const TWO_OVER_SQRT_PI = new Const(2.0 / Math.sqrt(Math.PI));

    private Differentiator() {
    }

    /** Requires {@code e} to be simplified. */
    static Sym derivative(Sym e) {
        return e.accept(INSTANCE);
    }

    @Override
    public Sym visitConst(Const e) {
        return ZERO;
    }

    @Override
    public Sym visitVar(Var e) {
        return ONE;
    }

    @Override
    public Sym visitNeg(Neg e) {
        return neg(derivative(e.arg()));
    }

    @Override
    public Sym visitAdd(Add e) {
        return add(derivative(e.left()), derivative(e.right()));
    }

    @Override
    public Sym visitSub(Sub e) {
        return sub(derivative(e.left()), derivative(e.right()));
    }

    @Override
    public Sym visitMul(Mul e) {
        Sym a = e.left();
        Sym b = e.right();
        return add(mul(derivative(a), b), mul(a, derivative(b)));
    }

    @Override
    public Sym visitDiv(Div e) {
        Sym a = e.left();
        Sym b = e.right();
        if (!Symbolic.dependsOnVar(b)) {
            return div(derivative(a), b);
        }
        return div(sub(mul(derivative(a), b), mul(a, derivative(b))), pow(b, TWO));
    }

    @Override
    public Sym visitPow(Pow e) {
        Sym a = e.base();
        Sym b = e.exponent();
        if (!Symbolic.dependsOnVar(b)) {
            return mul(mul(b, pow(a, sub(b, ONE))), derivative(a));
        }
        if (!Symbolic.dependsOnVar(a)) {
            return mul(mul(e, call(Fn.LOG, a)), derivative(b));
        }
        Sym viaExponent = mul(derivative(b), call(Fn.LOG, a));
        Sym viaBase = div(mul(b, derivative(a)), a);
        return mul(e, add(viaExponent, viaBase));
    }

    @Override
    public Sym visitCall(Call e) {
        Sym a = e.arg();
        Sym da = derivative(a);
        return switch (e.fn()) {
            case EXP -> mul(e, da);
            case EXPM1 -> mul(call(Fn.EXP, a), da);
            case LOG -> div(da, a);
            case LOG1P -> div(da, add(ONE, a));
            case SQRT -> div(da, mul(TWO, e));
            case ABS -> mul(call(Fn.SIGN, a), da);
            case SIN -> mul(call(Fn.COS, a), da);
            case COS -> neg(mul(call(Fn.SIN, a), da));
            case TANH -> mul(sub(ONE, pow(e, TWO)), da);
            case ERF -> mul(mul(TWO_OVER_SQRT_PI, call(Fn.EXP, neg(pow(a, TWO)))), da);
            case SIGMOID -> mul(mul(e, sub(ONE, e)), da);
            case SOFTPLUS -> mul(call(Fn.SIGMOID, a), da);
            case RELU -> mul(call(Fn.STEP, a), da);
            case STEP, SIGN -> ZERO;
            case MAX -> selectDerivative(sub(a, e.args().get(1)), da, e.args().get(1));
            case MIN -> selectDerivative(sub(e.args().get(1), a), da, e.args().get(1));
        };
    }

    /** {@code step(g)·a' + (1 − step(g))·b'}: the derivative of whichever of a, b is selected where g &gt; 0. */
    private static Sym selectDerivative(Sym g, Sym da, Sym b) {
        Sym takesA = call(Fn.STEP, g);
        return add(mul(takesA, da), mul(sub(ONE, takesA), derivative(b)));
    }
}
