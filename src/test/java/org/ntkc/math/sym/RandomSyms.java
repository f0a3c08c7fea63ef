package org.ntkc.math.sym;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random expression trees over every node type and function, for property tests. */
final class RandomSyms {

    private static final double[] CONSTANTS = {0, 1, -1, 2, 0.5, -0.5, 3, 0.1, -2.5, 1e-10, Math.PI, Math.E, 10};
    private static final double[] EXPONENTS = {0, 1, 2, 3, 0.5, -1, -2, 1.5};
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        1e300, 4.9e-324, 123456789.125, 1e20, 0.0001, 1e-5};

    private final Random random;
    private final boolean specialConstants;

    /** @param specialConstants also produce NaN, infinities, -0 and extreme constants */
    RandomSyms(long seed, boolean specialConstants) {
        this.random = new Random(seed);
        this.specialConstants = specialConstants;
    }

    Sym next(int depth) {
        if (depth == 0 || random.nextInt(5) == 0) {
            return random.nextInt(3) == 0 ? constant() : Sym.x();
        }
        switch (random.nextInt(8)) {
            case 0:
                return Sym.neg(next(depth - 1));
            case 1:
                return Sym.add(next(depth - 1), next(depth - 1));
            case 2:
                return Sym.sub(next(depth - 1), next(depth - 1));
            case 3:
                return Sym.mul(next(depth - 1), next(depth - 1));
            case 4:
                return Sym.div(next(depth - 1), next(depth - 1));
            case 5:
                Sym exponent = random.nextInt(3) == 0 ? next(depth - 1)
                        : Sym.c(EXPONENTS[random.nextInt(EXPONENTS.length)]);
                return Sym.pow(next(depth - 1), exponent);
            default:
                Fn fn = Fn.values()[random.nextInt(Fn.values().length)];
                List<Sym> args = new ArrayList<>();
                for (int i = 0; i < fn.arity(); i++) {
                    args.add(next(depth - 1));
                }
                return new Sym.Call(fn, args);
        }
    }

    double nextX() {
        return -4 + 8 * random.nextDouble();
    }

    private Sym constant() {
        if (specialConstants && random.nextInt(4) == 0) {
            return Sym.c(SPECIAL[random.nextInt(SPECIAL.length)]);
        }
        return Sym.c(CONSTANTS[random.nextInt(CONSTANTS.length)]);
    }

    /** The node's value and every subexpression's value at x are finite. */
    static boolean finiteEverywhere(Sym e, double x) {
        if (!Double.isFinite(e.eval(x))) {
            return false;
        }
        for (Sym child : children(e)) {
            if (!finiteEverywhere(child, x)) {
                return false;
            }
        }
        return true;
    }

    static List<Sym> children(Sym e) {
        return e.accept(new Sym.Visitor<List<Sym>>() {
            @Override
            public List<Sym> visitConst(Sym.Const c) {
                return List.of();
            }

            @Override
            public List<Sym> visitVar(Sym.Var v) {
                return List.of();
            }

            @Override
            public List<Sym> visitNeg(Sym.Neg n) {
                return List.of(n.arg());
            }

            @Override
            public List<Sym> visitAdd(Sym.Add a) {
                return List.of(a.left(), a.right());
            }

            @Override
            public List<Sym> visitSub(Sym.Sub s) {
                return List.of(s.left(), s.right());
            }

            @Override
            public List<Sym> visitMul(Sym.Mul m) {
                return List.of(m.left(), m.right());
            }

            @Override
            public List<Sym> visitDiv(Sym.Div d) {
                return List.of(d.left(), d.right());
            }

            @Override
            public List<Sym> visitPow(Sym.Pow p) {
                return List.of(p.base(), p.exponent());
            }

            @Override
            public List<Sym> visitCall(Sym.Call c) {
                return c.args();
            }
        });
    }
}
