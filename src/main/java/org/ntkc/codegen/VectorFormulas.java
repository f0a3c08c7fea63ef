package org.ntkc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import org.ntkc.math.dual.ClosedForms;
import org.ntkc.math.dual.Dual;
import org.ntkc.math.dual.QuadratureDual;
import org.ntkc.runtime.ArcCosine;

/**
 * The Vector API form of every closed-form dual, written once, here. The scalar reference ({@code runtime.Duals})
 * uses atan2 forms; these use what the hardware does fast (vector ACOS/ASIN/ATAN/EXP backed by SVML) with per-point
 * values precomputed once ({@link #slots}), and are tested against the reference.
 *
 * <p>Why two classes: each family has exactly two forms, the scalar reference in {@code org.ntkc.runtime.Duals} (and
 * {@code ArcCosine}), which generated kernels and the interpreter call at run time, and the vector form here, which is
 * Java source text built with JavaPoet. The runtime must stay JDK-only and free of codegen, so the two cannot share a
 * file; instead both are reached from one {@link org.ntkc.math.dual.Dual.Visitor} per consumer ({@link ScalarDuals}
 * for the scalar call, {@link #slots} and {@link #body} here, {@link DualTraits} for the edge rules), in the same
 * family order, so that a family's two forms are found by the same method name ({@code visitABRelu}, ...).
 *
 * <p>Inside the loop the emitted code sees {@code q12} (the Σ entries of 8 or so columns, a {@code DoubleVector}),
 * the row's per-point values as {@code double} locals named {@code <slot>A}, and the columns' as vectors named
 * {@code <slot>B}; it must define vectors {@code t} (new Σ) and, when asked, {@code td} (the factor for Θ).
 */
final class VectorFormulas {
    static final ClassName VECTOR = ClassName.get("jdk.incubator.vector", "DoubleVector");
    static final ClassName OPS = ClassName.get("jdk.incubator.vector", "VectorOperators");
    static final ClassName MASK = ClassName.get("jdk.incubator.vector", "VectorMask");

    private VectorFormulas() {
    }

    /** The per-point values a dual's code needs: q itself (slot {@code q<step>}, read by the scalar code), then more. */
    static List<Slot> slots(Dual dual, int step) {
        List<Slot> out = new ArrayList<>();
        out.add(new Slot("q" + step, "the variance q entering the step", CodeBlock.of("q")));
        dual.accept(new Dual.Visitor<Void>() {
            @Override
            public Void visitIdentity(ClosedForms.Identity d) {
                return null;
            }

            @Override
            public Void visitABRelu(ClosedForms.ABRelu r) {
                if (r.a() == r.b()) {
                    return angleSlots();
                }
                double c = (r.a() - r.b()) * (r.a() - r.b()) / (2 * Math.PI);
                out.add(new Slot("sq" + step, "sqrt((a - b)^2/(2 pi) q)",
                        CodeBlock.of("Math.sqrt($L * q)", JavaLiterals.of(c))));
                return rq();
            }

            @Override
            public Void visitErf(ClosedForms.Erf e) {
                double b2 = e.b() * e.b();
                out.add(new Slot("r" + step, "sqrt(2 b^2)/sqrt(1 + 2 b^2 q)",
                        CodeBlock.of("$L / Math.sqrt(1 + $L * q)", JavaLiterals.of(Math.sqrt(2 * b2)),
                                JavaLiterals.of(2 * b2))));
                return null;
            }

            @Override
            public Void visitGelu(ClosedForms.Gelu d) {
                out.add(new Slot("g" + step, "1 + q", CodeBlock.of("1 + q")));
                return null;
            }

            @Override
            public Void visitSinusoid(ClosedForms.Sinusoid d) {
                return null;
            }

            @Override
            public Void visitExp(ClosedForms.Exp d) {
                return null;
            }

            @Override
            public Void visitGaussian(ClosedForms.Gaussian g) {
                out.add(new Slot("g" + step, "1 - 2 b q", CodeBlock.of("1 - $L * q", JavaLiterals.of(2 * g.b()))));
                return null;
            }

            @Override
            public Void visitRbf(ClosedForms.Rbf d) {
                return null;
            }

            @Override
            public Void visitMonomial(ClosedForms.Monomial d) {
                return null;
            }

            @Override
            public Void visitRectifiedMonomial(ClosedForms.RectifiedMonomial d) {
                return angleSlots();
            }

            @Override
            public Void visitSign(ClosedForms.Sign d) {
                return angleSlots();
            }

            @Override
            public Void visitQuadrature(QuadratureDual d) {
                throw new IllegalArgumentException("numerical duals take their slots from the series writer");
            }

            private Void angleSlots() {
                out.add(new Slot("sq" + step, "sqrt(q)", CodeBlock.of("Math.sqrt(q)")));
                return rq();
            }

            private Void rq() {
                out.add(new Slot("rq" + step, "1/sqrt(q), 0 for q = 0 (so that theta = pi/2 there)",
                        CodeBlock.of("q > 0 ? 1 / Math.sqrt(q) : 0.0")));
                return null;
            }
        });
        return out;
    }

    /**
     * Past this |cos θ| the vector angle (ACOS of a product of rounded factors) loses accuracy: θ's error grows like
     * ulp/sin θ. Those lanes, only near-parallel or antiparallel pairs, are recomputed with the scalar reference.
     */
    static final double EDGE = 1 - 1e-5;

    /**
     * Past this |x| the vector erf (ASIN of x, and 1/√(1 − x²)) loses more than 1/(1 − x²) ≈ 50 ulps, which near
     * ρ = 1 is enough to break Cauchy–Schwarz against the exact diagonal: such lanes take the scalar reference. Only
     * networks with b²q ≳ 25 reach it.
     */
    static final double ERF_EDGE = 0.99;

    /** Whether the dual's vector code computes θ by ACOS and so marks near-parallel lanes in a mask {@code edge}. */
    static boolean hasEdge(Dual dual) {
        return DualTraits.of(dual).edge();
    }

    /**
     * Whether the dual's vector code marks its own edge lanes in every loop, with no first look at the row: erf,
     * whose Ṫ = c/√(1 − x²) loses every digit (or becomes infinite) where x = 2b²q12/√(A1·A2) rounds to ±1, which
     * only happens for b²q ≳ 1e5 and ρ near ±1.
     */
    static boolean inlineEdge(Dual dual) {
        return DualTraits.of(dual).inlineEdge();
    }

    /** Whether the vector code reads q itself (the others only read the slots derived from it). */
    static boolean vectorReadsQ(Dual dual) {
        return DualTraits.of(dual).readsQ();
    }

    /**
     * Emits the statements defining {@code t} and {@code td} for a closed-form dual; with {@code checked}, an
     * angle-based dual also defines the mask {@code edge} of near-parallel lanes.
     */
    static CodeBlock body(Dual dual, int s, boolean checked) {
        CodeBlock.Builder b = CodeBlock.builder();
        dual.accept(new Dual.Visitor<Void>() {
            @Override
            public Void visitIdentity(ClosedForms.Identity d) {
                b.addStatement("$T t = q12", VECTOR);
                b.addStatement("$T td = $T.broadcast(S, 1.0)", VECTOR, VECTOR);
                return null;
            }

            @Override
            public Void visitABRelu(ClosedForms.ABRelu r) {
                if (r.a() == r.b()) {
                    // (a - b)^2 = 0: a scaled identity, T = a^2 q12, Tdot = a^2, with no angle at all
                    b.addStatement("$T td = $T.broadcast(S, $L)", VECTOR, VECTOR, JavaLiterals.of(r.a() * r.a()));
                    b.addStatement("$T t = td.mul(q12)", VECTOR);
                    return null;
                }
                double d2 = (r.a() - r.b()) * (r.a() - r.b());
                angle(b, s, checked);
                // Tdot = (a^2 + b^2)/2 - (a - b)^2 theta/(2 pi);  T = (a - b)^2/(2 pi) sqrt(P) sin(theta) + Tdot q12
                b.addStatement("$T td = angle.fma($L, $L)", VECTOR, JavaLiterals.of(-d2 / (2 * Math.PI)),
                        JavaLiterals.of((r.a() * r.a() + r.b() * r.b()) / 2));
                // sq = sqrt((a - b)^2/(2 pi) q) per point, multiplied together first, so that T is symmetric in the two
                // points to the bit
                b.addStatement("$T t = sq$LB.mul(sq$LA).fma(sin, td.mul(q12))", VECTOR, s, s);
                return null;
            }

            @Override
            public Void visitErf(ClosedForms.Erf e) {
                double a2 = e.a() * e.a();
                double b2 = e.b() * e.b();
                // rr = r1 r2 = 2 b^2 / sqrt((1 + 2b^2 q1)(1 + 2b^2 q2)), one product so that T is symmetric to the bit;
                // x = q12 rr;  T = a^2 (2/pi) asin(x) + c^2;  Tdot = a^2 b^2 (4/pi) / D = a^2 (2/pi) rr / sqrt(1 - x^2)
                b.addStatement("$T rr = r$LB.mul(r$LA)", VECTOR, s, s);
                b.addStatement("$T x = q12.mul(rr).max(-1.0).min(1.0)", VECTOR);
                if (checked) {
                    b.addStatement("$T<Double> edge = x.abs().compare($T.GT, $L)", MASK, OPS, JavaLiterals.of(ERF_EDGE));
                }
                b.addStatement("$T t = x.lanewise($T.ASIN).mul($L).add($L)", VECTOR, OPS,
                        JavaLiterals.of(a2 * 2 / Math.PI), JavaLiterals.of(e.c() * e.c()));
                b.addStatement("$T td = rr.mul($L).div(x.mul(x).neg().add(1.0).lanewise($T.SQRT))", VECTOR,
                        JavaLiterals.of(a2 * 2 / Math.PI), OPS);
                return null;
            }

            @Override
            public Void visitGelu(ClosedForms.Gelu d) {
                gelu(b, s);
                return null;
            }

            @Override
            public Void visitSinusoid(ClosedForms.Sinusoid w) {
                double a2 = w.a() * w.a();
                double b2 = w.b() * w.b();
                double cos2c = w.cosine() ? -Math.cos(2 * w.c()) : Math.cos(2 * w.c());
                b.addStatement("$T half = q$LB.add(q$LA).mul(0.5)", VECTOR, s, s);
                b.addStatement("$T s1 = q12.sub(half).mul($L).lanewise($T.EXP)", VECTOR, JavaLiterals.of(b2), OPS);
                b.addStatement("$T s2 = q12.add(half).mul($L).lanewise($T.EXP).mul($L)", VECTOR, JavaLiterals.of(-b2),
                        OPS, JavaLiterals.of(cos2c));
                b.addStatement("$T t = s1.sub(s2).mul($L)", VECTOR, JavaLiterals.of(a2 / 2));
                b.addStatement("$T td = s1.add(s2).mul($L)", VECTOR, JavaLiterals.of(a2 * b2 / 2));
                return null;
            }

            @Override
            public Void visitExp(ClosedForms.Exp x) {
                double b2 = x.b() * x.b();
                b.addStatement("$T t = q$LB.add(q$LA).mul(0.5).add(q12).mul($L).lanewise($T.EXP).mul($L)", VECTOR, s, s,
                        JavaLiterals.of(b2), OPS, JavaLiterals.of(x.a() * x.a()));
                b.addStatement("$T td = t.mul($L)", VECTOR, JavaLiterals.of(b2));
                return null;
            }

            @Override
            public Void visitGaussian(ClosedForms.Gaussian g) {
                double a2 = g.a() * g.a();
                double bb = g.b();
                // G^2 = (1 - 2b q1)(1 - 2b q2) - 4 b^2 q12^2;  T = a^2 / G;  Tdot = 4 a^2 b^2 q12 / G^3; diverges if G^2 <= 0
                b.addStatement("$T g2 = g$LB.mul(g$LA).sub(q12.mul(q12).mul($L))", VECTOR, s, s,
                        JavaLiterals.of(4 * bb * bb));
                b.addStatement("$T g = g2.lanewise($T.SQRT)", VECTOR, OPS);
                b.addStatement("$T<Double> diverges = g2.compare($T.LE, 0.0).or(g$LB.compare($T.LE, 0.0))", MASK, OPS,
                        s, OPS);
                b.beginControlFlow("if (g$LA <= 0)", s);
                b.addStatement("diverges = S.maskAll(true)");
                b.endControlFlow();
                b.addStatement("$T t = $T.broadcast(S, $L).div(g).blend(Double.POSITIVE_INFINITY, diverges)", VECTOR,
                        VECTOR, JavaLiterals.of(a2));
                b.addStatement("$T td = q12.mul($L).div(g.mul(g2)).blend(Double.NaN, diverges)", VECTOR,
                        JavaLiterals.of(4 * a2 * bb * bb));
                return null;
            }

            @Override
            public Void visitRbf(ClosedForms.Rbf r) {
                b.addStatement("$T t = q12.mul(-2.0).add(q$LB.add(q$LA)).mul($L).lanewise($T.EXP)", VECTOR, s, s,
                        JavaLiterals.of(-r.gamma()), OPS);
                b.addStatement("$T td = t.mul($L)", VECTOR, JavaLiterals.of(2 * r.gamma()));
                return null;
            }

            @Override
            public Void visitMonomial(ClosedForms.Monomial m) {
                monomial(b, s, m.degree());
                return null;
            }

            @Override
            public Void visitRectifiedMonomial(ClosedForms.RectifiedMonomial m) {
                rectifiedMonomial(b, s, m.degree(), checked);
                return null;
            }

            @Override
            public Void visitSign(ClosedForms.Sign d) {
                // T = 1 − 2θ/π = (2/π)·asin(cos θ): exactly 0 for a zero point (cos θ = 0), as the reference gives
                b.addStatement("$T cos = q12.mul(rq$LB.mul(rq$LA))", VECTOR, s, s);
                if (checked) {
                    b.addStatement("$T<Double> edge = cos.abs().compare($T.GT, $L)", MASK, OPS, JavaLiterals.of(EDGE));
                }
                b.addStatement("$T t = cos.lanewise($T.ASIN).mul($L)", VECTOR, OPS, JavaLiterals.of(2 / Math.PI));
                b.addStatement("$T td = $T.zero(S)", VECTOR, VECTOR);
                return null;
            }

            @Override
            public Void visitQuadrature(QuadratureDual d) {
                throw new IllegalArgumentException("numerical duals are emitted by the series writer");
            }
        });
        return b.build();
    }

    /**
     * cos θ from precomputed 1/√q (their product first, so that cos θ is symmetric in the points to the bit), θ by
     * vector ACOS, sin θ = √((1 − cos)(1 + cos)), and the edge lanes. cos is not
     * clamped to [−1, 1]: a lane past ±1 is an edge lane, and edge vectors are recomputed by the scalar reference.
     */
    private static void angle(CodeBlock.Builder b, int s, boolean checked) {
        b.addStatement("$T cos = q12.mul(rq$LB.mul(rq$LA))", VECTOR, s, s);
        if (checked) {
            b.addStatement("$T<Double> edge = cos.abs().compare($T.GT, $L)", MASK, OPS, JavaLiterals.of(EDGE));
        }
        b.addStatement("$T angle = cos.lanewise($T.ACOS)", VECTOR, OPS);
        b.addStatement("$T sin = ONE.sub(cos).mul(ONE.add(cos)).lanewise($T.SQRT)", VECTOR, OPS);
    }

    /** T = Σ c·(π−θ)^e·q12^a·(√q1√q2)^(n−a)·sin^b / (2π) over the terms of J_n; Ṫ = n²·T_{n−1}. */
    private static void rectifiedMonomial(CodeBlock.Builder b, int s, int n, boolean checked) {
        angle(b, s, checked);
        b.addStatement("$T piMinus = angle.neg().add(Math.PI)", VECTOR);
        b.addStatement("$T root = sq$LB.mul(sq$LA)", VECTOR, s, s);
        b.addStatement("$T t = $L", VECTOR, arcCosineSum(ArcCosine.of(n), n));
        if (n == 0) {
            b.addStatement("$T td = $T.zero(S)", VECTOR, VECTOR);
        } else {
            b.addStatement("$T td = $L.mul($L)", VECTOR, arcCosineSum(ArcCosine.of(n - 1), n - 1),
                    JavaLiterals.of(n * n));
        }
    }

    private static CodeBlock arcCosineSum(ArcCosine kernel, int n) {
        CodeBlock.Builder sum = CodeBlock.builder();
        boolean first = true;
        for (double[] term : kernel.terms()) {
            CodeBlock.Builder product = CodeBlock.builder().add("$T.broadcast(S, $L)", VECTOR,
                    JavaLiterals.of(term[0] / (2 * Math.PI)));
            if (term[1] == 1) {
                product.add(".mul(piMinus)");
            }
            for (int k = 0; k < term[2]; k++) {
                product.add(".mul(q12)");
            }
            for (int k = 0; k < n - term[2]; k++) {
                product.add(".mul(root)");
            }
            for (int k = 0; k < term[3]; k++) {
                product.add(".mul(sin)");
            }
            if (first) {
                sum.add(product.build());
                first = false;
            } else {
                sum.add(".add($L)", product.build());
            }
        }
        return sum.build();
    }

    /** The gelu closed form of runtime.Duals, with atan2(q12, Δ) = atan(q12/Δ) since Δ &gt; 0. */
    private static void gelu(CodeBlock.Builder b, int s) {
        b.addStatement("$T a = g$LB.mul(g$LA)", VECTOR, s, s);
        b.addStatement("$T p = q$LB.mul(q$LA)", VECTOR, s, s);
        b.addStatement("$T delta = a.sub(q12.mul(q12)).max(0.0).lanewise($T.SQRT)", VECTOR, OPS);
        b.addStatement("$T angle = q12.div(delta).lanewise($T.ATAN)", VECTOR, OPS);
        b.addStatement("$T ad = a.mul(delta)", VECTOR);
        b.addStatement("$T t = q12.mul(q12).add(p.mul(delta).mul(delta)).div(ad).add(q12.mul(angle))"
                + ".mul($L).add(q12.mul(0.25))", VECTOR, JavaLiterals.of(1 / (2 * Math.PI)));
        b.addStatement("$T td = q12.mul(2.0).div(ad).add(q12.mul(q12).mul(q12).div(ad.mul(delta).mul(delta)))"
                + ".sub(p.mul(q12).div(ad)).add(angle).add(q12.div(delta)).mul($L).add(0.25)", VECTOR,
                JavaLiterals.of(1 / (2 * Math.PI)));
    }

    /** Gaussian moments E[u^d v^d] with P = q1 q2; Ṫ = d²·E[u^(d−1) v^(d−1)]. */
    private static void monomial(CodeBlock.Builder b, int s, int d) {
        b.addStatement("$T p = q$LB.mul(q$LA)", VECTOR, s, s);
        b.addStatement("$T c2 = q12.mul(q12)", VECTOR);
        b.addStatement("$T t = $L", VECTOR, moment(d));
        if (d == 0) {
            b.addStatement("$T td = $T.zero(S)", VECTOR, VECTOR);
        } else {
            b.addStatement("$T td = $L.mul($L)", VECTOR, moment(d - 1), JavaLiterals.of(d * d));
        }
    }

    private static CodeBlock moment(int d) {
        return switch (d) {
            case 0 -> CodeBlock.of("$T.broadcast(S, 1.0)", VECTOR);
            case 1 -> CodeBlock.of("q12");
            case 2 -> CodeBlock.of("c2.mul(2.0).add(p)");
            case 3 -> CodeBlock.of("c2.mul(6.0).add(p.mul(9.0)).mul(q12)");
            case 4 -> CodeBlock.of("c2.mul(c2).mul(24.0).add(p.mul(c2).mul(72.0)).add(p.mul(p).mul(9.0))");
            default -> CodeBlock.of("c2.mul(c2).mul(120.0).add(p.mul(c2).mul(600.0)).add(p.mul(p).mul(225.0))"
                    + ".mul(q12)");
        };
    }
}
