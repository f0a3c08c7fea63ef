package org.ntkc.math.dual;

/**
 * The dual of an elementwise activation φ: for (u, v) ~ N(0, [[q1, q12], [q12, q2]]),
 * T = E[φ(u) φ(v)] and Ṫ = E[φ′(u) φ′(v)] (MATH.md §2). One layer of the kernel recursion applies it to every entry.
 *
 * <p>The set of implementations is closed, so that the code generator can emit every one of them.
 * Implementations must accept every state the recursion can produce: q1, q2 ≥ 0, and q12² up to a few ulps above
 * q1·q2 (rounding), including all-zero inputs, without NaN.
 *
 * <p>Consumers that need to know which family a dual is (the emitters) use {@link Visitor}, never {@code instanceof}:
 * a new family must be added to {@code permits} and to the visitor, and then fails to compile until every emitter
 * handles it.
 */
public sealed interface Dual permits ClosedForms.Identity, ClosedForms.ABRelu, ClosedForms.Erf, ClosedForms.Gelu,
        ClosedForms.Sinusoid, ClosedForms.Exp, ClosedForms.Gaussian, ClosedForms.Rbf, ClosedForms.Monomial,
        ClosedForms.RectifiedMonomial, ClosedForms.Sign, QuadratureDual {
    /** One method per family: a new family fails to compile until every consumer handles it. */
    interface Visitor<R> {
        R visitIdentity(ClosedForms.Identity dual);

        R visitABRelu(ClosedForms.ABRelu dual);

        R visitErf(ClosedForms.Erf dual);

        R visitGelu(ClosedForms.Gelu dual);

        R visitSinusoid(ClosedForms.Sinusoid dual);

        R visitExp(ClosedForms.Exp dual);

        R visitGaussian(ClosedForms.Gaussian dual);

        R visitRbf(ClosedForms.Rbf dual);

        R visitMonomial(ClosedForms.Monomial dual);

        R visitRectifiedMonomial(ClosedForms.RectifiedMonomial dual);

        R visitSign(ClosedForms.Sign dual);

        R visitQuadrature(QuadratureDual dual);
    }

    <R> R accept(Visitor<R> visitor);

    /** Writes T into {@code out[0]} and Ṫ into {@code out[1]}. */
    void evaluate(double q1, double q2, double q12, double[] out);

    /** T alone (both are computed; use {@link #evaluate} when Ṫ is needed too). */
    default double t(double q1, double q2, double q12) {
        double[] out = new double[2];
        evaluate(q1, q2, q12, out);
        return out[0];
    }

    /** Ṫ alone. */
    default double tDot(double q1, double q2, double q12) {
        double[] out = new double[2];
        evaluate(q1, q2, q12, out);
        return out[1];
    }

    /** A short description of how it is computed, for {@code ntkc ir} (e.g. "closed form: arc-cosine, degree 1"). */
    String method();
}
