package org.ntkc.codegen;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import org.ntkc.ir.Step;
import org.ntkc.math.dual.QuadratureDual;
import org.ntkc.runtime.quad.QuadratureOptions;
import org.ntkc.math.sym.Symbolic;

/**
 * The code of a numerical activation step (no closed form): φ and φ′ as Java methods, the exact quadrature the
 * interpreter uses (for the diagonal and for entries the series cannot certify), and the Hermite series that makes
 * every other entry O(K) (runtime.dual.HermiteSeries and SeriesTables, built per computation in {@code prepare}).
 */
final class SeriesCode {
    static final ClassName SERIES = ClassName.get("org.ntkc.runtime.dual", "HermiteSeries");
    static final ClassName TABLES = ClassName.get("org.ntkc.runtime.dual", "SeriesTables");
    static final ClassName NUMERICAL_DUAL = ClassName.get("org.ntkc.runtime.dual", "NumericalDual");
    static final ClassName OPTIONS = ClassName.get("org.ntkc.runtime.quad", "QuadratureOptions");

    private SeriesCode() {
    }

    /** q (for the exact quadrature) and 1/√q (for ρ in the vector code). */
    static List<Slot> slots(int step) {
        List<Slot> out = new ArrayList<>();
        out.add(new Slot("q" + step, "the variance q entering the step", CodeBlock.of("q")));
        out.add(new Slot("rq" + step, "1/sqrt(q), 0 for q = 0 (so that rho = 0 there)",
                CodeBlock.of("q > 0 ? 1 / Math.sqrt(q) : 0.0")));
        return out;
    }

    static String tablesField(int step) {
        return "series" + step;
    }

    static String exactName(int step) {
        return "EXACT_" + step;
    }

    /** The name of the φ helper {@code n} (numbered per distinct activation, from 1); φ′ is {@code "d" + Phi n}. */
    static String phiName(int n) {
        return "phi" + n;
    }

    static String derivativeName(int n) {
        return "dPhi" + n;
    }

    /**
     * The static members of the kernel class for step s: breakpoints and the exact dual, calling the φ helpers
     * {@code phi<n>} and {@code dPhi<n>}, which are added too unless {@code newHelpers} is false (an earlier step with
     * the same activation added them).
     */
    static void addMembers(com.palantir.javapoet.TypeSpec.Builder t, ClassName kernel, int s, Step.Elementwise el,
                           int n, boolean newHelpers) {
        QuadratureDual dual = (QuadratureDual) el.dual();
        if (newHelpers) {
            t.addMethod(MethodSpec.methodBuilder(phiName(n)).addModifiers(STATIC).returns(double.class)
                    .addParameter(double.class, "x")
                    .addJavadoc("phi(x) = $L\n", Symbolic.format(el.activation().phi(), "x"))
                    .addCode(SymJava.body(el.activation().phi())).build());
            t.addMethod(MethodSpec.methodBuilder(derivativeName(n)).addModifiers(STATIC).returns(double.class)
                    .addParameter(double.class, "x")
                    .addJavadoc("phi'(x) = $L\n", Symbolic.format(el.activation().derivative(), "x"))
                    .addCode(SymJava.body(el.activation().derivative())).build());
        }
        t.addField(FieldSpec.builder(double[].class, "BREAKPOINTS_" + s, STATIC, FINAL)
                .addJavadoc("Where phi or phi' is not smooth: the quadrature splits there.\n")
                .initializer("$L", JavaLiterals.array(dual.breakpoints())).build());
        QuadratureOptions o = dual.options();
        t.addField(FieldSpec.builder(NUMERICAL_DUAL, exactName(s), STATIC, FINAL)
                .addJavadoc("The exact dual by quadrature, as the interpreter computes it.\n")
                .initializer("$T.of($T::$L, $T::$L, BREAKPOINTS_$L, new $T($L, $L))", NUMERICAL_DUAL,
                        kernel, phiName(n), kernel, derivativeName(n), s, OPTIONS, o.fixedOrder(),
                        JavaLiterals.of(o.relTol()))
                .build());
    }

    /** Statements of {@code prepare} that build the series tables of step s for both point sets. */
    static CodeBlock prepareTables(ClassName kernel, int s, int n) {
        String f = tablesField(s);
        return CodeBlock.builder()
                .addStatement("$T[] tables = $T.build(new $T($T::$L, $T::$L, BREAKPOINTS_$L), rows.q$L, "
                        + "rows.count, cols == null ? null : cols.q$L, cols == null ? 0 : cols.count)", TABLES, TABLES,
                        SERIES, kernel, phiName(n), kernel, derivativeName(n), s, s, s)
                .addStatement("rows.$L = tables[0]", f)
                .beginControlFlow("if (cols != null)")
                .addStatement("cols.$L = tables[1]", f)
                .endControlFlow()
                .build();
    }

    /**
     * The scalar code for entries k .. k+count−1 of row i: the series where it is certified, else the exact
     * quadrature. Both the scalar twin and the vector code (for uncertified lanes) call it.
     */
    static MethodSpec reference(ClassName points, int s) {
        String f = tablesField(s);
        return MethodSpec.methodBuilder("reference" + s).addModifiers(STATIC)
                .addJavadoc("Step $L for entries k .. k + count − 1 of row i (columns j ..): the Hermite series where "
                        + "its error bound holds, the exact quadrature elsewhere.\n", s)
                .addParameter(points, "rows").addParameter(int.class, "i")
                .addParameter(points, "cols").addParameter(int.class, "j")
                .addParameter(double[].class, "sigma").addParameter(double[].class, "theta")
                .addParameter(int.class, "k").addParameter(int.class, "count").addParameter(boolean.class, "ntk")
                .addStatement("$T ta = rows.$L", TABLES, f)
                .addStatement("$T tb = cols.$L", TABLES, f)
                .addStatement("double[] out = new double[2]")
                .beginControlFlow("for (int l = 0; l < count; l++)")
                .addStatement("double q1 = rows.q$L[i]", s)
                .addStatement("double q2 = cols.q$L[j + l]", s)
                .addStatement("double q12 = sigma[k + l]")
                .addComment("rho, the bound and the sum exactly as the vector lanes compute them, so that an entry does "
                        + "not depend on its path")
                .addStatement("double rho = Math.max(-1.0, Math.min(1.0, q12 * (cols.rq$L[j + l] * rows.rq$L[i])))",
                        s, s)
                .beginControlFlow("if (Math.abs(rho) >= 1 - $T.SNAP || ta.checked && ta.terms * Math.log(Math.abs(rho)) "
                        + "+ (tb.logTau[j + l] + ta.logTau[i]) > ta.logTolerance)", ScalarDuals.DUALS)
                .addStatement("$L.evaluate(q1, q2, q12, out)", exactName(s))
                .nextControlFlow("else")
                .addStatement("double t = 0")
                .addStatement("double td = 0")
                .beginControlFlow("for (int m = ta.terms - 1; m >= 0; m--)")
                .addStatement("t = Math.fma(t, rho, tb.phi[m * tb.stride + j + l] * ta.phi[m * ta.stride + i])")
                .addStatement("td = Math.fma(td, rho, tb.dphi[m * tb.stride + j + l] * ta.dphi[m * ta.stride + i])")
                .endControlFlow()
                .addStatement("out[0] = t")
                .addStatement("out[1] = td")
                .endControlFlow()
                .addStatement("sigma[k + l] = out[0]")
                .beginControlFlow("if (ntk)").addCode(KernelClassWriter.thetaTimesOut("theta[k + l]")).endControlFlow()
                .endControlFlow()
                .build();
    }

    /**
     * The vector loop body for step s, given {@code q12} (the entries entering it) and the row's {@code rq<s>A} and
     * {@code tauA}: defines {@code t} and {@code td}. Lanes the series cannot certify send the whole vector to the
     * scalar reference: {@code beforeFallback} first writes the entries back, then the loop continues.
     */
    static CodeBlock vectorBody(ClassName kernel, int s, CodeBlock beforeFallback) {
        ClassName v = VectorFormulas.VECTOR;
        return CodeBlock.builder()
                .addStatement("$T rho = q12.mul($T.fromArray(S, cols.rq$L, j0 + c).mul(rq$LA)).max(-1.0).min(1.0)", v,
                        v, s, s)
                .add("// (anti)parallel within rounding: the exact quadrature, as on the diagonal\n")
                .beginControlFlow("if (rho.abs().compare($T.GE, 1 - $T.SNAP).anyTrue())", VectorFormulas.OPS,
                        ScalarDuals.DUALS)
                .add(beforeFallback)
                .addStatement("$T.reference$L(rows, i0 + r, cols, j0 + c, sigma, theta, k, L, ntk)", kernel, s)
                .addStatement("continue")
                .endControlFlow()
                .beginControlFlow("if (ta.checked)")
                .addStatement("$T bound = rho.abs().lanewise($T.LOG).mul(ta.terms)"
                        + ".add($T.fromArray(S, tb.logTau, j0 + c).add(tauA))", v, VectorFormulas.OPS, v)
                .beginControlFlow("if (bound.compare($T.GT, ta.logTolerance).anyTrue())", VectorFormulas.OPS)
                .add(beforeFallback)
                .addStatement("$T.reference$L(rows, i0 + r, cols, j0 + c, sigma, theta, k, L, ntk)", kernel, s)
                .addStatement("continue")
                .endControlFlow()
                .endControlFlow()
                .addStatement("$T t = $T.zero(S)", v, v)
                .addStatement("$T td = $T.zero(S)", v, v)
                .beginControlFlow("for (int m = ta.terms - 1; m >= 0; m--)")
                .addStatement("t = t.fma(rho, $T.fromArray(S, tb.phi, m * tb.stride + j0 + c)"
                        + ".mul(ta.phi[m * ta.stride + i0 + r]))", v)
                .addStatement("td = td.fma(rho, $T.fromArray(S, tb.dphi, m * tb.stride + j0 + c)"
                        + ".mul(ta.dphi[m * ta.stride + i0 + r]))", v)
                .endControlFlow()
                .build();
    }
}
