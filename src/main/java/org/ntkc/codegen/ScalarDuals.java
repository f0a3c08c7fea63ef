package org.ntkc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import javax.lang.model.element.Modifier;
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
        return dual.accept(new Dual.Visitor<CodeBlock>() {
            @Override
            public CodeBlock visitIdentity(ClosedForms.Identity d) {
                return CodeBlock.of("$T.identity($L)", DUALS, args);
            }

            @Override
            public CodeBlock visitABRelu(ClosedForms.ABRelu r) {
                return CodeBlock.of("$T.abRelu($L, $L, $L)", DUALS, JavaLiterals.of(r.a()), JavaLiterals.of(r.b()),
                        args);
            }

            @Override
            public CodeBlock visitErf(ClosedForms.Erf e) {
                return CodeBlock.of("$T.erf($L, $L, $L, $L)", DUALS, JavaLiterals.of(e.a()), JavaLiterals.of(e.b()),
                        JavaLiterals.of(e.c()), args);
            }

            @Override
            public CodeBlock visitGelu(ClosedForms.Gelu d) {
                return CodeBlock.of("$T.gelu($L)", DUALS, args);
            }

            @Override
            public CodeBlock visitSinusoid(ClosedForms.Sinusoid w) {
                return CodeBlock.of("$T.sinusoid($L, $L, $L, $L, $L)", DUALS, JavaLiterals.of(w.a()),
                        JavaLiterals.of(w.b()), JavaLiterals.of(w.c()), w.cosine(), args);
            }

            @Override
            public CodeBlock visitExp(ClosedForms.Exp x) {
                return CodeBlock.of("$T.exp($L, $L, $L)", DUALS, JavaLiterals.of(x.a()), JavaLiterals.of(x.b()),
                        args);
            }

            @Override
            public CodeBlock visitGaussian(ClosedForms.Gaussian g) {
                return CodeBlock.of("$T.gaussian($L, $L, $L)", DUALS, JavaLiterals.of(g.a()), JavaLiterals.of(g.b()),
                        args);
            }

            @Override
            public CodeBlock visitRbf(ClosedForms.Rbf r) {
                return CodeBlock.of("$T.rbf($L, $L)", DUALS, JavaLiterals.of(r.gamma()), args);
            }

            @Override
            public CodeBlock visitMonomial(ClosedForms.Monomial m) {
                return CodeBlock.of("$T.monomial($L, $L)", DUALS, m.degree(), args);
            }

            @Override
            public CodeBlock visitRectifiedMonomial(ClosedForms.RectifiedMonomial m) {
                return owner == null ? CodeBlock.of("$L.evaluate($L)", constantName(step), args)
                        : CodeBlock.of("$T.$L.evaluate($L)", owner, constantName(step), args);
            }

            @Override
            public CodeBlock visitSign(ClosedForms.Sign d) {
                return CodeBlock.of("$T.sign($L)", DUALS, args);
            }

            @Override
            public CodeBlock visitQuadrature(QuadratureDual d) {
                throw new IllegalArgumentException("numerical duals are emitted by the series writer");
            }
        });
    }

    /** The constant field a step's scalar code needs in the kernel class, or null: the expanded arc-cosine kernel. */
    static FieldSpec constantField(Dual dual, int step) {
        int degree = DualTraits.of(dual).arcCosineDegree();
        return degree < 0 ? null : FieldSpec.builder(ARC_COSINE, constantName(step), Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.of($L)", ARC_COSINE, degree).build();
    }
}
