package org.ntkc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import org.ntkc.math.sym.Sym;

/**
 * A symbolic activation as a Java expression over a {@code double x}, performing exactly the operations of
 * {@link Sym#eval} (same order, same library functions, no algebraic rewriting such as x^2 → x·x), so the generated
 * code and the compiler's own evaluation give the same bits. Fully parenthesised; the readable formula goes in the
 * javadoc above it.
 */
final class SymJava implements Sym.Visitor<CodeBlock> {
    private static final ClassName FUNCTIONS = ClassName.get("org.ntkc.runtime", "Functions");

    static CodeBlock expression(Sym e) {
        return e.accept(new SymJava());
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
        return CodeBlock.of("(-$L)", e.arg().accept(this));
    }

    @Override
    public CodeBlock visitAdd(Sym.Add e) {
        return CodeBlock.of("($L + $L)", e.left().accept(this), e.right().accept(this));
    }

    @Override
    public CodeBlock visitSub(Sym.Sub e) {
        return CodeBlock.of("($L - $L)", e.left().accept(this), e.right().accept(this));
    }

    @Override
    public CodeBlock visitMul(Sym.Mul e) {
        return CodeBlock.of("($L * $L)", e.left().accept(this), e.right().accept(this));
    }

    @Override
    public CodeBlock visitDiv(Sym.Div e) {
        return CodeBlock.of("($L / $L)", e.left().accept(this), e.right().accept(this));
    }

    @Override
    public CodeBlock visitPow(Sym.Pow e) {
        return CodeBlock.of("Math.pow($L, $L)", e.base().accept(this), e.exponent().accept(this));
    }

    @Override
    public CodeBlock visitCall(Sym.Call e) {
        CodeBlock a = e.args().get(0).accept(this);
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
            case MAX -> CodeBlock.of("Math.max($L, $L)", a, e.args().get(1).accept(this));
            case MIN -> CodeBlock.of("Math.min($L, $L)", a, e.args().get(1).accept(this));
        };
    }
}
