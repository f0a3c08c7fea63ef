package org.ntkc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import org.ntkc.math.dual.ClosedForms;
import org.ntkc.math.dual.Dual;
import org.ntkc.math.dual.QuadratureDual;

/**
 * The scalar form of a closed-form step: a call of the reference formula in {@code runtime.Duals} (the very code the
 * interpreter runs), with the activation's parameters as literals. The JIT inlines these small static methods.
 */
final class ScalarDuals {
    static final ClassName DUALS = ClassName.get("org.ntkc.runtime", "Duals");
    static final ClassName ARC_COSINE = ClassName.get("org.ntkc.runtime", "ArcCosine");

    private ScalarDuals() {
    }

    /** The constant a step needs in its class, if any: the expanded arc-cosine kernel. */
    static String constantName(int step) {
        return "ARC_COSINE_" + step;
    }

    /** A statement writing T and Ṫ of the dual at (q1, q2, q12) into {@code out}, inside the kernel class. */
    static CodeBlock call(Dual dual, int step, String q1, String q2, String q12) {
        return call(dual, step, q1, q2, q12, null);
    }

    /** The same from another class of the package: constants are qualified with {@code owner}. */
    static CodeBlock call(Dual dual, int step, String q1, String q2, String q12, ClassName owner) {
        String args = q1 + ", " + q2 + ", " + q12 + ", out";
        if (dual instanceof ClosedForms.Identity) {
            return CodeBlock.of("$T.identity($L)", DUALS, args);
        }
        if (dual instanceof ClosedForms.ABRelu r) {
            return CodeBlock.of("$T.abRelu($L, $L, $L)", DUALS, JavaLiterals.of(r.a()), JavaLiterals.of(r.b()), args);
        }
        if (dual instanceof ClosedForms.Erf e) {
            return CodeBlock.of("$T.erf($L, $L, $L, $L)", DUALS, JavaLiterals.of(e.a()), JavaLiterals.of(e.b()),
                    JavaLiterals.of(e.c()), args);
        }
        if (dual instanceof ClosedForms.Gelu) {
            return CodeBlock.of("$T.gelu($L)", DUALS, args);
        }
        if (dual instanceof ClosedForms.Sinusoid w) {
            return CodeBlock.of("$T.sinusoid($L, $L, $L, $L, $L)", DUALS, JavaLiterals.of(w.a()),
                    JavaLiterals.of(w.b()), JavaLiterals.of(w.c()), w.cosine(), args);
        }
        if (dual instanceof ClosedForms.Exp x) {
            return CodeBlock.of("$T.exp($L, $L, $L)", DUALS, JavaLiterals.of(x.a()), JavaLiterals.of(x.b()), args);
        }
        if (dual instanceof ClosedForms.Gaussian g) {
            return CodeBlock.of("$T.gaussian($L, $L, $L)", DUALS, JavaLiterals.of(g.a()), JavaLiterals.of(g.b()),
                    args);
        }
        if (dual instanceof ClosedForms.Rbf r) {
            return CodeBlock.of("$T.rbf($L, $L)", DUALS, JavaLiterals.of(r.gamma()), args);
        }
        if (dual instanceof ClosedForms.Monomial m) {
            return CodeBlock.of("$T.monomial($L, $L)", DUALS, m.degree(), args);
        }
        if (dual instanceof ClosedForms.RectifiedMonomial) {
            return owner == null ? CodeBlock.of("$L.evaluate($L)", constantName(step), args)
                    : CodeBlock.of("$T.$L.evaluate($L)", owner, constantName(step), args);
        }
        if (dual instanceof ClosedForms.Sign) {
            return CodeBlock.of("$T.sign($L)", DUALS, args);
        }
        if (dual instanceof QuadratureDual) {
            throw new IllegalArgumentException("numerical duals are emitted by the series writer");
        }
        throw new AssertionError(dual);
    }
}
