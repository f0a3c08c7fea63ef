package org.ntkc.codegen;

import com.palantir.javapoet.CodeBlock;
import org.ntkc.ir.Step;

/**
 * The text of the kernel recursion's arithmetic, written once for every writer: the affine map of a dense step
 * (Σ ← a·Σ + b, Θ ← c·Θ + d·Σ + e), the input scaling, and Θ ← Θ·Ṫ, in scalar Java ({@code 2.0 * x + 0.5}) or in
 * the Vector API ({@code x.mul(2.0).add(0.5)}).
 *
 * <p>One simplification rule, everywhere: a factor 1 and an added constant 0 are left out (exact, but for the sign of
 * a zero sum); a map that leaves its variable unchanged gives no statement at all. The operations keep the order of
 * the interpreter's {@code ((c·Θ) + (d·Σ)) + e}.
 */
final class RecursionText {
    /** Scalar Java or Vector API text. */
    enum Dialect {
        SCALAR, VECTOR
    }

    private final Dialect dialect;

    private RecursionText(Dialect dialect) {
        this.dialect = dialect;
    }

    static final RecursionText SCALAR = new RecursionText(Dialect.SCALAR);
    static final RecursionText VECTOR = new RecursionText(Dialect.VECTOR);

    /** {@code factor·x}, or {@code x} when the factor is 1. */
    CodeBlock times(CodeBlock x, double factor) {
        if (factor == 1) {
            return x;
        }
        return dialect == Dialect.SCALAR ? CodeBlock.of("$L * $L", JavaLiterals.explained(factor), x)
                : CodeBlock.of("$L.mul($L)", x, JavaLiterals.explained(factor));
    }

    /** {@code x + y}. */
    CodeBlock plus(CodeBlock x, CodeBlock y) {
        return dialect == Dialect.SCALAR ? CodeBlock.of("$L + $L", x, y) : CodeBlock.of("$L.add($L)", x, y);
    }

    /** {@code x + shift}, or {@code x} when the shift is 0. */
    CodeBlock plus(CodeBlock x, double shift) {
        return shift == 0 ? x : plus(x, CodeBlock.of("$L", JavaLiterals.explained(shift)));
    }

    /** {@code scale·x + shift}, simplified. */
    CodeBlock affine(CodeBlock x, double scale, double shift) {
        return plus(times(x, scale), shift);
    }

    /**
     * The statement {@code target = value}, or nothing when {@code value} is {@code target} itself (the rule's last
     * part: no {@code s = s;}).
     */
    void assign(CodeBlock.Builder code, String target, CodeBlock value) {
        if (!value.toString().equals(target)) {
            code.addStatement("$L = $L", target, value);
        }
    }

    /** Σ ← sigmaScale·Σ + sigmaShift of a dense step, reading Σ from {@code sigma} and writing {@code target}. */
    void sigma(CodeBlock.Builder code, String target, String sigma, Step.Affine a) {
        assign(code, target, affine(CodeBlock.of("$L", sigma), a.sigmaScale(), a.sigmaShift()));
    }

    /** Θ ← thetaScale·Θ + thetaFromSigma·Σ + thetaShift of a dense step; {@code sigma} is Σ before the step. */
    void theta(CodeBlock.Builder code, String target, String theta, String sigma, Step.Affine a) {
        CodeBlock sum = plus(times(CodeBlock.of("$L", theta), a.thetaScale()),
                times(CodeBlock.of("$L", sigma), a.thetaFromSigma()));
        assign(code, target, plus(sum, a.thetaShift()));
    }

    /** Θ ← Θ·Ṫ of an activation step. */
    void thetaTimes(CodeBlock.Builder code, String theta, String factor) {
        code.addStatement(dialect == Dialect.SCALAR ? "$L = $L * $L" : "$L = $L.mul($L)", theta, theta, factor);
    }
}
