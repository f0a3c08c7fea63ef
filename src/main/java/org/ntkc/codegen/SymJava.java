package org.ntkc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.ntkc.math.sym.Sym;

/**
 * A symbolic activation as a Java expression over a {@code double x}, performing exactly the operations of
 * {@link Sym#eval} (same order, same library functions, no algebraic rewriting such as x^2 → x·x), so the generated
 * code and the compiler's own evaluation give the same bits. Fully parenthesised; the readable formula goes in the
 * javadoc above it.
 */
final class SymJava implements Sym.Visitor<CodeBlock> {
    private static final ClassName FUNCTIONS = ClassName.get("org.ntkc.runtime", "Functions");

    /**
     * Deepest expression written inline: javac recurses over nested expressions (deeply so over nested calls), so
     * deeper subexpressions go to local variables first (the same operations on the same values: the same bits).
     */
    static final int MAX_INLINE_DEPTH = 32;

    private final Map<Sym, String> locals = new IdentityHashMap<>();

    /** A method body that returns {@code e}: {@code return <expression>;}, after locals where it is deep. */
    static CodeBlock body(Sym e) {
        SymJava writer = new SymJava();
        List<Sym> deep = new ArrayList<>();
        writer.plan(e, new IdentityHashMap<>(), deep);
        CodeBlock.Builder b = CodeBlock.builder();
        for (Sym d : deep) {
            CodeBlock code = d.accept(writer); // its own children may be locals already, never itself
            String name = "t" + writer.locals.size();
            b.addStatement("double $L = $L", name, code);
            writer.locals.put(d, name);
        }
        return b.addStatement("return $L", writer.sub(e)).build();
    }

    /** The depth {@code e} has once the subexpressions in {@code deep} (post-order) are locals. */
    private int plan(Sym e, Map<Sym, Integer> memo, List<Sym> deep) {
        Integer known = memo.get(e);
        if (known != null) {
            return known;
        }
        int d = 0;
        for (Sym child : children(e)) {
            d = Math.max(d, plan(child, memo, deep));
        }
        d++;
        if (d > MAX_INLINE_DEPTH) {
            deep.add(e);
            d = 1;
        }
        memo.put(e, d);
        return d;
    }

    private static List<Sym> children(Sym e) {
        if (e instanceof Sym.Neg n) {
            return List.of(n.arg());
        } else if (e instanceof Sym.Add a) {
            return List.of(a.left(), a.right());
        } else if (e instanceof Sym.Sub a) {
            return List.of(a.left(), a.right());
        } else if (e instanceof Sym.Mul a) {
            return List.of(a.left(), a.right());
        } else if (e instanceof Sym.Div a) {
            return List.of(a.left(), a.right());
        } else if (e instanceof Sym.Pow a) {
            return List.of(a.base(), a.exponent());
        } else if (e instanceof Sym.Call c) {
            return c.args();
        }
        return List.of();
    }

    /** A subexpression: its local's name when it has one. */
    private CodeBlock sub(Sym e) {
        String local = locals.get(e);
        return local != null ? CodeBlock.of("$L", local) : e.accept(this);
    }

    @Override
    public CodeBlock visitConst(Sym.Const e) {
        String literal = JavaLiterals.of(e.value());
        return CodeBlock.of(literal.startsWith("-") ? "($L)" : "$L", literal);
    }

    @Override
    public CodeBlock visitVar(Sym.Var e) {
        return CodeBlock.of("x");
    }

    @Override
    public CodeBlock visitNeg(Sym.Neg e) {
        return CodeBlock.of("(-$L)", sub(e.arg()));
    }

    @Override
    public CodeBlock visitAdd(Sym.Add e) {
        return CodeBlock.of("($L + $L)", sub(e.left()), sub(e.right()));
    }

    @Override
    public CodeBlock visitSub(Sym.Sub e) {
        return CodeBlock.of("($L - $L)", sub(e.left()), sub(e.right()));
    }

    @Override
    public CodeBlock visitMul(Sym.Mul e) {
        return CodeBlock.of("($L * $L)", sub(e.left()), sub(e.right()));
    }

    @Override
    public CodeBlock visitDiv(Sym.Div e) {
        return CodeBlock.of("($L / $L)", sub(e.left()), sub(e.right()));
    }

    @Override
    public CodeBlock visitPow(Sym.Pow e) {
        return CodeBlock.of("Math.pow($L, $L)", sub(e.base()), sub(e.exponent()));
    }

    @Override
    public CodeBlock visitCall(Sym.Call e) {
        CodeBlock a = sub(e.args().get(0));
        return switch (e.fn()) {
            case EXP -> CodeBlock.of("Math.exp($L)", a);
            case EXPM1 -> CodeBlock.of("Math.expm1($L)", a);
            case LOG -> CodeBlock.of("Math.log($L)", a);
            case LOG1P -> CodeBlock.of("Math.log1p($L)", a);
            case SQRT -> CodeBlock.of("Math.sqrt($L)", a);
            case ABS -> CodeBlock.of("Math.abs($L)", a);
            case SIN -> CodeBlock.of("Math.sin($L)", a);
            case COS -> CodeBlock.of("Math.cos($L)", a);
            case TANH -> CodeBlock.of("Math.tanh($L)", a);
            case ERF -> CodeBlock.of("$T.erf($L)", FUNCTIONS, a);
            case SIGMOID -> CodeBlock.of("$T.sigmoid($L)", FUNCTIONS, a);
            case SOFTPLUS -> CodeBlock.of("$T.softplus($L)", FUNCTIONS, a);
            case RELU -> CodeBlock.of("$T.relu($L)", FUNCTIONS, a);
            case STEP -> CodeBlock.of("$T.step($L)", FUNCTIONS, a);
            case SIGN -> CodeBlock.of("Math.signum($L)", a);
            case MAX -> CodeBlock.of("Math.max($L, $L)", a, sub(e.args().get(1)));
            case MIN -> CodeBlock.of("Math.min($L, $L)", a, sub(e.args().get(1)));
        };
    }
}
