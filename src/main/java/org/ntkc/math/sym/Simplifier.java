package org.ntkc.math.sym;

import java.util.ArrayList;
import java.util.List;
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
 * Smart constructors that build simplified nodes from simplified children, and {@link #simplify} which rebuilds a
 * tree bottom-up through them.
 *
 * <p>Idempotence holds by construction: a node is only ever created raw by the constructor for its type, in the branch
 * where no rule applies to its children, so rebuilding it from the same (already simplified) children takes the same
 * branch and gives the same node.
 *
 * <p>Constant folding keeps a node symbolic when the folded value would be NaN or infinite ({@code log(0)},
 * {@code 1 / 0}), except for negation, which is always exact.
 */
final class Simplifier implements Sym.Visitor<Sym> {

    static final Const ZERO = new Const(0.0);
    static final Const ONE = new Const(1.0);

    private static final Simplifier INSTANCE = new Simplifier();

    private Simplifier() {
    }

    static Sym simplify(Sym e) {
        return e.accept(INSTANCE);
    }

    static Sym neg(Sym a) {
        if (a instanceof Const c) {
            return new Const(-c.value());
        }
        if (a instanceof Neg n) {
            return n.arg();
        }
        if (a instanceof Sub s) {
            return sub(s.right(), s.left());
        }
        if (a instanceof Mul m && m.left() instanceof Const c) {
            return mul(new Const(-c.value()), m.right());
        }
        return new Neg(a);
    }

    static Sym add(Sym a, Sym b) {
        if (a instanceof Const ca && b instanceof Const cb) {
            return folded(ca.value() + cb.value(), new Add(a, b));
        }
        if (isConst(a, 0)) {
            return b;
        }
        if (isConst(b, 0)) {
            return a;
        }
        if (b instanceof Neg n) {
            return sub(a, n.arg());
        }
        if (a instanceof Neg n) {
            return sub(b, n.arg());
        }
        if (b instanceof Const c && c.value() < 0) {
            return sub(a, new Const(-c.value()));
        }
        if (b instanceof Mul m && m.left() instanceof Const c && c.value() < 0) {
            return sub(a, mul(new Const(-c.value()), m.right()));
        }
        return new Add(a, b);
    }

    static Sym sub(Sym a, Sym b) {
        if (a instanceof Const ca && b instanceof Const cb) {
            return folded(ca.value() - cb.value(), new Sub(a, b));
        }
        if (isConst(b, 0)) {
            return a;
        }
        if (isConst(a, 0)) {
            return neg(b);
        }
        if (a.equals(b)) {
            return ZERO;
        }
        if (isConst(b, 1) && a instanceof Call c && c.fn() == Fn.EXP) {
            return call(Fn.EXPM1, c.arg());
        }
        if (b instanceof Neg n) {
            return add(a, n.arg());
        }
        if (b instanceof Const c && c.value() < 0) {
            return add(a, new Const(-c.value()));
        }
        if (b instanceof Mul m && m.left() instanceof Const c && c.value() < 0) {
            return add(a, mul(new Const(-c.value()), m.right()));
        }
        return new Sub(a, b);
    }

    /**
     * Products are kept as {@code c * rest} with at most one constant factor, at the front, so that constants from
     * nested products merge and print first ({@code 0.5 * 2 * min(x, 0)} becomes {@code min(x, 0)}); negations are
     * moved out of products or into the constant.
     */
    static Sym mul(Sym a, Sym b) {
        if (a instanceof Const ca && b instanceof Const cb) {
            return folded(ca.value() * cb.value(), new Mul(a, b));
        }
        if (isConst(a, 0) || isConst(b, 0)) {
            return ZERO;
        }
        if (isConst(a, 1)) {
            return b;
        }
        if (isConst(b, 1)) {
            return a;
        }
        if (b instanceof Const) {
            return mul(b, a);
        }
        if (a instanceof Const c) {
            if (c.value() == -1) {
                return neg(b);
            }
            if (b instanceof Neg n) {
                return mul(new Const(-c.value()), n.arg());
            }
            if (b instanceof Mul m && m.left() instanceof Const d && Double.isFinite(c.value() * d.value())) {
                return mul(new Const(c.value() * d.value()), m.right());
            }
            return new Mul(a, b);
        }
        if (a instanceof Neg n) {
            return neg(mul(n.arg(), b));
        }
        if (b instanceof Neg n) {
            return neg(mul(a, n.arg()));
        }
        if (a instanceof Mul m && m.left() instanceof Const c) {
            return mul(c, mul(m.right(), b));
        }
        if (b instanceof Mul m && m.left() instanceof Const c) {
            return mul(c, mul(a, m.right()));
        }
        return new Mul(a, b);
    }

    static Sym div(Sym a, Sym b) {
        if (a instanceof Const ca && b instanceof Const cb) {
            return folded(ca.value() / cb.value(), new Div(a, b));
        }
        if (isConst(b, 1)) {
            return a;
        }
        return new Div(a, b);
    }

    static Sym pow(Sym a, Sym b) {
        if (a instanceof Const ca && b instanceof Const cb) {
            return folded(Math.pow(ca.value(), cb.value()), new Pow(a, b));
        }
        if (isConst(b, 0)) {
            return ONE;
        }
        if (isConst(b, 1)) {
            return a;
        }
        return new Pow(a, b);
    }

    static Sym call(Fn fn, Sym... args) {
        return call(fn, List.of(args));
    }

    static Sym call(Fn fn, List<Sym> args) {
        if (fn == Fn.LOG && args.get(0) instanceof Add sum && !(sum.left() instanceof Const && sum.right() instanceof Const)) {
            if (isConst(sum.left(), 1)) {
                return call(Fn.LOG1P, List.of(sum.right()));
            }
            if (isConst(sum.right(), 1)) {
                return call(Fn.LOG1P, List.of(sum.left()));
            }
        }
        Call call = new Call(fn, args);
        if (args.stream().allMatch(a -> a instanceof Const)) {
            return folded(call.eval(0.0), call);
        }
        return call;
    }

    static boolean isConst(Sym e, double value) {
        return e instanceof Const c && c.value() == value;
    }

    private static Sym folded(double value, Sym unfolded) {
        return Double.isFinite(value) ? new Const(value) : unfolded;
    }

    @Override
    public Sym visitConst(Const e) {
        return e;
    }

    @Override
    public Sym visitVar(Var e) {
        return e;
    }

    @Override
    public Sym visitNeg(Neg e) {
        return neg(simplify(e.arg()));
    }

    @Override
    public Sym visitAdd(Add e) {
        return add(simplify(e.left()), simplify(e.right()));
    }

    @Override
    public Sym visitSub(Sub e) {
        return sub(simplify(e.left()), simplify(e.right()));
    }

    @Override
    public Sym visitMul(Mul e) {
        return mul(simplify(e.left()), simplify(e.right()));
    }

    @Override
    public Sym visitDiv(Div e) {
        return div(simplify(e.left()), simplify(e.right()));
    }

    @Override
    public Sym visitPow(Pow e) {
        return pow(simplify(e.base()), simplify(e.exponent()));
    }

    @Override
    public Sym visitCall(Call e) {
        List<Sym> args = new ArrayList<>(e.args().size());
        for (Sym a : e.args()) {
            args.add(simplify(a));
        }
        return call(e.fn(), args);
    }
}
