package org.ntkc.math.dual;

import org.ntkc.runtime.ArcCosine;
import org.ntkc.runtime.Duals;

/**
 * The closed-form duals as {@link Dual} objects, one record per family, each delegating to the reference formula in
 * {@link Duals} (or {@link ArcCosine}), where every formula is written once. The records carry the parameters that
 * the code generator needs to emit the same step.
 *
 * <p>Each family has two forms and only two: the scalar reference in {@code runtime.Duals} (JDK-only, called by the
 * interpreter and by generated code at run time) and the Vector API form that {@code codegen.VectorFormulas} emits
 * (source text, so it cannot live in the runtime). Both are reached through {@link Dual.Visitor}, method
 * {@code visit<Family>}; a new record here must be added to {@link Dual}'s {@code permits} and visitor, and then
 * does not compile until both forms and every emitter handle it.
 */
public final class ClosedForms {
    private ClosedForms() {
    }

    /** φ(x) = x. */
    public record Identity() implements Dual {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitIdentity(this);
        }

        @Override
        public void evaluate(double q1, double q2, double q12, double[] out) {
            Duals.identity(q1, q2, q12, out);
        }

        @Override
        public String method() {
            return "closed form: T = q12, Tdot = 1";
        }
    }

    /** φ(x) = a·min(x, 0) + b·max(x, 0); relu is (0, 1), leaky_relu(α) is (α, 1), abs is (−1, 1). */
    public record ABRelu(double a, double b) implements Dual {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitABRelu(this);
        }

        @Override
        public void evaluate(double q1, double q2, double q12, double[] out) {
            Duals.abRelu(a, b, q1, q2, q12, out);
        }

        @Override
        public String method() {
            return "closed form: arc-cosine, degree 1";
        }
    }

    /** φ(x) = a·erf(b·x) + c. */
    public record Erf(double a, double b, double c) implements Dual {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitErf(this);
        }

        @Override
        public void evaluate(double q1, double q2, double q12, double[] out) {
            Duals.erf(a, b, c, q1, q2, q12, out);
        }

        @Override
        public String method() {
            return "closed form: arcsine";
        }
    }

    /** φ(x) = x·Φ(x). */
    public record Gelu() implements Dual {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitGelu(this);
        }

        @Override
        public void evaluate(double q1, double q2, double q12, double[] out) {
            Duals.gelu(q1, q2, q12, out);
        }

        @Override
        public String method() {
            return "closed form";
        }
    }

    /** φ(x) = a·sin(b·x + c), or a·cos(b·x + c) when {@code cosine}. */
    public record Sinusoid(double a, double b, double c, boolean cosine) implements Dual {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitSinusoid(this);
        }

        @Override
        public void evaluate(double q1, double q2, double q12, double[] out) {
            Duals.sinusoid(a, b, c, cosine, q1, q2, q12, out);
        }

        @Override
        public String method() {
            return "closed form";
        }
    }

    /** φ(x) = a·e^{b·x}. */
    public record Exp(double a, double b) implements Dual {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitExp(this);
        }

        @Override
        public void evaluate(double q1, double q2, double q12, double[] out) {
            Duals.exp(a, b, q1, q2, q12, out);
        }

        @Override
        public String method() {
            return "closed form";
        }
    }

    /** φ(x) = a·e^{b·x²}; diverges (T = +∞) for b &gt; 0 once 2b·q ≥ 1. */
    public record Gaussian(double a, double b) implements Dual {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitGaussian(this);
        }

        @Override
        public void evaluate(double q1, double q2, double q12, double[] out) {
            Duals.gaussian(a, b, q1, q2, q12, out);
        }

        @Override
        public String method() {
            return "closed form";
        }
    }

    /** φ(x) = √2·sin(√(2γ)·x + π/4). */
    public record Rbf(double gamma) implements Dual {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRbf(this);
        }

        @Override
        public void evaluate(double q1, double q2, double q12, double[] out) {
            Duals.rbf(gamma, q1, q2, q12, out);
        }

        @Override
        public String method() {
            return "closed form: T = exp(-gamma (q1 + q2 - 2 q12))";
        }
    }

    /** φ(x) = x^d, d ∈ 0..5. */
    public record Monomial(int degree) implements Dual {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitMonomial(this);
        }

        public static final int MAX_DEGREE = 5;

        public Monomial {
            if (degree < 0 || degree > MAX_DEGREE) {
                throw new IllegalArgumentException("monomial degree must be in 0.." + MAX_DEGREE + ": " + degree);
            }
        }

        @Override
        public void evaluate(double q1, double q2, double q12, double[] out) {
            Duals.monomial(degree, q1, q2, q12, out);
        }

        @Override
        public String method() {
            return "closed form: Gaussian moments, degree " + degree;
        }
    }

    /** φ(x) = max(x, 0)^n, the arc-cosine kernel of degree n. */
    public record RectifiedMonomial(int degree, ArcCosine kernel) implements Dual {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRectifiedMonomial(this);
        }

        public static final int MAX_DEGREE = ArcCosine.MAX_DEGREE;

        public RectifiedMonomial(int degree) {
            this(degree, ArcCosine.of(degree));
        }

        @Override
        public void evaluate(double q1, double q2, double q12, double[] out) {
            kernel.evaluate(q1, q2, q12, out);
        }

        @Override
        public String method() {
            return "closed form: arc-cosine, degree " + degree;
        }
    }

    /** φ(x) = sign(x); Ṫ = 0 by convention. */
    public record Sign() implements Dual {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitSign(this);
        }

        @Override
        public void evaluate(double q1, double q2, double q12, double[] out) {
            Duals.sign(q1, q2, q12, out);
        }

        @Override
        public String method() {
            return "closed form: T = 1 - 2 theta / pi, Tdot = 0";
        }
    }
}
