package org.ntkc.math.sym;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * The algebra of activations: simplification, differentiation, composition and printing of {@link Sym} trees.
 *
 * <p>Simplification folds constants (leaving a node symbolic when its value would be NaN or infinite) and applies
 * identities: {@code 0+a = a}, {@code a-0 = a}, {@code 0-a = -a}, {@code 1*a = a}, {@code 0*a = 0} (even where a is
 * infinite), {@code a/1 = a}, {@code a^1 = a}, {@code a^0 = 1}, {@code --a = a}, {@code a-a = 0}; products keep a
 * single constant factor in front ({@code c1*(c2*a) = (c1*c2)*a}), negations fold into constants and differences
 * ({@code a + -b = a - b}, {@code -(a - b) = b - a}). Apart from merging constant factors, which may round differently,
 * every rewrite preserves the value wherever the original is finite. It is idempotent.
 */
public final class Symbolic {

    private Symbolic() {
    }

    public static Sym simplify(Sym e) {
        return Simplifier.simplify(e);
    }

    /** d/dx, simplified; at kinks the almost-everywhere convention of {@link Fn#STEP} (relu'(0) = 0). */
    public static Sym derivative(Sym e) {
        return Differentiator.derivative(simplify(e));
    }

    /** The composition {@code e ∘ forVar}: {@code e} with the variable replaced by {@code forVar}, simplified. */
    public static Sym substitute(Sym e, Sym forVar) {
        Sym inner = simplify(forVar);
        return e.accept(new Sym.Visitor<Sym>() {
            @Override
            public Sym visitConst(Const c) {
                return c;
            }

            @Override
            public Sym visitVar(Var v) {
                return inner;
            }

            @Override
            public Sym visitNeg(Neg n) {
                return Simplifier.neg(n.arg().accept(this));
            }

            @Override
            public Sym visitAdd(Add a) {
                return Simplifier.add(a.left().accept(this), a.right().accept(this));
            }

            @Override
            public Sym visitSub(Sub s) {
                return Simplifier.sub(s.left().accept(this), s.right().accept(this));
            }

            @Override
            public Sym visitMul(Mul m) {
                return Simplifier.mul(m.left().accept(this), m.right().accept(this));
            }

            @Override
            public Sym visitDiv(Div d) {
                return Simplifier.div(d.left().accept(this), d.right().accept(this));
            }

            @Override
            public Sym visitPow(Pow p) {
                return Simplifier.pow(p.base().accept(this), p.exponent().accept(this));
            }

            @Override
            public Sym visitCall(Call c) {
                List<Sym> args = new ArrayList<>(c.args().size());
                for (Sym a : c.args()) {
                    args.add(a.accept(this));
                }
                return Simplifier.call(c.fn(), args);
            }
        });
    }

    /** A number as {@link #format} prints constants: shortest round-trip text, {@code 2} not {@code 2.0}. */
    public static String formatNumber(double value) {
        return format(Sym.c(value), "x");
    }

    /**
     * Infix text with the fewest parentheses that parses back to the same value: precedence {@code + -} &lt;
     * {@code * /} &lt; unary minus &lt; {@code ^} (right-associative, so {@code -x^2} is {@code -(x^2)}); constants in
     * their shortest round-tripping decimal form, {@code pi}, {@code e}, {@code nan}, {@code inf} by name.
     */
    public static String format(Sym e, String varName) {
        Objects.requireNonNull(varName, "varName");
        return e.accept(new Formatter(varName)).text();
    }

    /** True when {@code e} has the same value for every x (it does not mention the variable). */
    public static boolean isConstant(Sym e) {
        return !dependsOnVar(e);
    }

    public static boolean dependsOnVar(Sym e) {
        return e.accept(new Sym.Visitor<Boolean>() {
            @Override
            public Boolean visitConst(Const c) {
                return false;
            }

            @Override
            public Boolean visitVar(Var v) {
                return true;
            }

            @Override
            public Boolean visitNeg(Neg n) {
                return n.arg().accept(this);
            }

            @Override
            public Boolean visitAdd(Add a) {
                return a.left().accept(this) || a.right().accept(this);
            }

            @Override
            public Boolean visitSub(Sub s) {
                return s.left().accept(this) || s.right().accept(this);
            }

            @Override
            public Boolean visitMul(Mul m) {
                return m.left().accept(this) || m.right().accept(this);
            }

            @Override
            public Boolean visitDiv(Div d) {
                return d.left().accept(this) || d.right().accept(this);
            }

            @Override
            public Boolean visitPow(Pow p) {
                return p.base().accept(this) || p.exponent().accept(this);
            }

            @Override
            public Boolean visitCall(Call c) {
                return c.args().stream().anyMatch(a -> a.accept(this));
            }
        });
    }

    /**
     * The number of nodes of {@code e} as a tree (a subexpression shared by reference counts at every use, as the
     * evaluators and the generated code see it), saturating at {@link Long#MAX_VALUE}; linear in the number of
     * distinct nodes.
     */
    public static long size(Sym e) {
        return count(e, false, new IdentityHashMap<>());
    }

    /** How often the variable occurs in {@code e} as a tree, saturating like {@link #size}. */
    public static long occurrences(Sym e) {
        return count(e, true, new IdentityHashMap<>());
    }

    /** The depth of {@code e}: 1 for a leaf. */
    public static int depth(Sym e) {
        return depth(e, new IdentityHashMap<>());
    }

    private static long count(Sym e, boolean varsOnly, Map<Sym, Long> memo) {
        Long known = memo.get(e);
        if (known != null) {
            return known;
        }
        long n = e instanceof Var ? 1 : varsOnly ? 0 : 1;
        for (Sym child : children(e)) {
            long c = count(child, varsOnly, memo);
            n = n > Long.MAX_VALUE - c ? Long.MAX_VALUE : n + c;
        }
        memo.put(e, n);
        return n;
    }

    private static int depth(Sym e, Map<Sym, Integer> memo) {
        Integer known = memo.get(e);
        if (known != null) {
            return known;
        }
        int d = 0;
        for (Sym child : children(e)) {
            d = Math.max(d, depth(child, memo));
        }
        memo.put(e, d + 1);
        return d + 1;
    }

    private static List<Sym> children(Sym e) {
        if (e instanceof Neg n) {
            return List.of(n.arg());
        } else if (e instanceof Add a) {
            return List.of(a.left(), a.right());
        } else if (e instanceof Sub a) {
            return List.of(a.left(), a.right());
        } else if (e instanceof Mul a) {
            return List.of(a.left(), a.right());
        } else if (e instanceof Div a) {
            return List.of(a.left(), a.right());
        } else if (e instanceof Pow a) {
            return List.of(a.base(), a.exponent());
        } else if (e instanceof Call c) {
            return c.args();
        }
        return List.of();
    }
}
