package org.ntkc.runtime;

/**
 * The closed-form duals of docs/math.md in their reference scalar form: for (u, v) ~ N(0, [[q1, q12], [q12, q2]]),
 * each method writes T = E[φ(u)φ(v)] into {@code out[0]} and Ṫ = E[φ′(u)φ′(v)] into {@code out[1]}. Written once,
 * here: the interpreter and the scalar code of generated kernels both call these methods, and the vector code of
 * generated kernels is tested against them.
 *
 * <p>Notation: P = q1·q2, S = √max(P − q12², 0), θ = atan2(S, q12) ∈ [0, π]. The atan2 form stays accurate near
 * ρ = ±1 and is defined at P = 0, where θ = π/2 by convention, so all-zero inputs give no NaN. Every method accepts
 * q1, q2 ≥ 0 and q12² a few ulps above q1·q2, and is exactly symmetric in (q1, q2).
 */
public final class Duals {
    private static final double INV_2PI = 1 / (2 * Math.PI);

    private Duals() {
    }

    /**
     * How far from ±1 a correlation may be and still count as exactly ±1: 1 − |ρ| ≤ 8 ulps of 1. The state
     * (q1, q2, q12) carries each value to a few ulps, so a pair this close to (anti)parallel is (anti)parallel
     * within the state's own rounding; snapping it keeps exactly parallel inputs exactly parallel through every
     * step, including the steps whose T is not Lipschitz at ρ = ±1 (sign, where θ ≈ √(2(1 − ρ)) would turn one
     * ulp of q12 into 1e-8 of T).
     */
    public static final double SNAP = 8 * Math.ulp(1.0);

    /** √q1·√q2 = √P, formed without the product q1·q2, which underflows or overflows long before √P does. */
    public static double rootP(double q1, double q2) {
        return Math.sqrt(q1) * Math.sqrt(q2);
    }

    /**
     * S = √P·sin θ = √max(q1·q2 − q12², 0), the "sine part", in a form that neither underflows for tiny variances
     * nor overflows for large ones (S = √P·√((1 − ρ)(1 + ρ)) with ρ = q12/√P), and exactly 0 where the pair is
     * (anti)parallel within rounding (|ρ| ≥ 1 − {@link #SNAP}).
     */
    public static double sineTerm(double q1, double q2, double q12) {
        double root = rootP(q1, q2);
        if (root == 0) {
            return 0.0;
        }
        double rho = q12 / root;
        if (Math.abs(rho) >= 1 - SNAP) {
            return 0.0;
        }
        return root * Math.sqrt((1 - rho) * (1 + rho));
    }

    /** θ from the sine part {@code s} and q12, with θ = π/2 when both are 0; exactly 0 or π when s = 0. */
    public static double theta(double s, double q12) {
        return s == 0.0 && q12 == 0.0 ? Math.PI / 2 : Math.atan2(s, q12);
    }

    /** φ(x) = x: T = q12, Ṫ = 1. */
    public static void identity(double q1, double q2, double q12, double[] out) {
        out[0] = q12;
        out[1] = 1.0;
    }

    /**
     * φ(x) = a·min(x, 0) + b·max(x, 0) (relu is (0, 1), leaky_relu(α) is (α, 1), abs is (−1, 1)):
     * T = (a−b)²/(2π)·S + [(a²+b²)/2 − (a−b)²θ/(2π)]·q12, Ṫ = (a²+b²)/2 − (a−b)²θ/(2π).
     */
    public static void abRelu(double a, double b, double q1, double q2, double q12, double[] out) {
        double s = sineTerm(q1, q2, q12);
        double theta = theta(s, q12);
        double d2 = (a - b) * (a - b);
        double tDot = (a * a + b * b) / 2 - d2 * theta * INV_2PI;
        out[0] = d2 * INV_2PI * s + tDot * q12;
        out[1] = tDot;
    }

    /**
     * φ(x) = a·erf(b·x) + c. With D = √((1 + 2b²q1)(1 + 2b²q2) − 4b⁴q12²):
     * T = a²·(2/π)·atan2(2b²q12, D) + c², Ṫ = a²b²·(4/π)/D. D² = 1 + 2b²(q1 + q2) + 4b⁴S² is a sum of
     * non-negative terms, so D has no cancellation near ρ = ±1 (where the product form loses the digits that the
     * angle needs when b²q is large), and hypot keeps it finite where 4b⁴S² alone would overflow.
     */
    public static void erf(double a, double b, double c, double q1, double q2, double q12, double[] out) {
        double b2 = b * b;
        double d = Math.hypot(Math.sqrt(1 + 2 * b2 * (q1 + q2)), 2 * b2 * sineTerm(q1, q2, q12));
        out[0] = a * a * (2 / Math.PI) * Math.atan2(2 * b2 * q12, d) + c * c;
        out[1] = a * a * b2 * (4 / Math.PI) / d;
    }

    /**
     * φ(x) = x·Φ(x). With A = (1+q1)(1+q2) and Δ = √(A − q12²):
     * T = [(q12² + PΔ²)/(AΔ) + q12·atan2(q12, Δ)]/(2π) + q12/4, and Ṫ = ∂T/∂q12 (Price's theorem):
     * Ṫ = [2q12/(AΔ) + q12³/(AΔ³) − P·q12/(AΔ) + atan2(q12, Δ) + q12/Δ]/(2π) + 1/4.
     */
    public static void gelu(double q1, double q2, double q12, double[] out) {
        double p = q1 * q2;
        double a = (1 + q1) * (1 + q2);
        // Δ² = A − q12² = 1 + q1 + q2 + S²: a sum of non-negative terms, no cancellation near ρ = ±1
        double delta = Math.hypot(Math.sqrt(1 + q1 + q2), sineTerm(q1, q2, q12));
        double angle = Math.atan2(q12, delta);
        double ad = a * delta;
        out[0] = ((q12 * q12 + p * delta * delta) / ad + q12 * angle) * INV_2PI + q12 / 4;
        out[1] = (2 * q12 / ad + q12 * q12 * q12 / (ad * delta * delta) - p * q12 / ad + angle + q12 / delta)
                * INV_2PI + 0.25;
    }

    /**
     * φ(x) = a·sin(b·x + c), or a·cos(b·x + c) when {@code cosine}. With s1 = e^{b²(q12 − (q1+q2)/2)} and
     * s2 = cos(2c)·e^{−b²(q12 + (q1+q2)/2)}: sin gives T = (a²/2)(s1 − s2), Ṫ = (a²b²/2)(s1 + s2); cos swaps the
     * signs (cos(2(c + π/2)) = −cos(2c), written out so that no rounding of π/2 enters).
     */
    public static void sinusoid(double a, double b, double c, boolean cosine, double q1, double q2, double q12,
                                double[] out) {
        double b2 = b * b;
        double half = (q1 + q2) / 2;
        double s1 = Math.exp(b2 * (q12 - half));
        double s2 = Math.cos(2 * c) * Math.exp(-b2 * (q12 + half));
        if (cosine) {
            s2 = -s2;
        }
        out[0] = a * a / 2 * (s1 - s2);
        out[1] = a * a * b2 / 2 * (s1 + s2);
    }

    /** φ(x) = a·e^{b·x}: T = a²·e^{b²((q1+q2)/2 + q12)}, Ṫ = b²·T. */
    public static void exp(double a, double b, double q1, double q2, double q12, double[] out) {
        double b2 = b * b;
        out[0] = a * a * Math.exp(b2 * ((q1 + q2) / 2 + q12));
        out[1] = b2 * out[0];
    }

    /**
     * φ(x) = a·e^{b·x²}: with G = √((1 − 2b·q1)(1 − 2b·q2) − 4b²q12²), T = a²/G and Ṫ = 4a²b²q12/G³.
     * For b &gt; 0 the expectation diverges once 2b·q ≥ 1: then T = +∞ and Ṫ = NaN, which callers report.
     */
    public static void gaussian(double a, double b, double q1, double q2, double q12, double[] out) {
        // G² = 1 − 2b(q1 + q2) + 4b²S²: for b < 0 a sum of non-negative terms, no cancellation near ρ = ±1
        double s = sineTerm(q1, q2, q12);
        double g2 = 1 - 2 * b * (q1 + q2) + 4 * b * b * s * s;
        if (!(g2 > 0) || 1 - 2 * b * q1 <= 0 || 1 - 2 * b * q2 <= 0) {
            out[0] = Double.POSITIVE_INFINITY;
            out[1] = Double.NaN;
            return;
        }
        double g = Math.sqrt(g2);
        out[0] = a * a / g;
        out[1] = 4 * a * a * b * b * q12 / (g * g2);
    }

    /** φ(x) = √2·sin(√(2γ)·x + π/4): T = e^{−γ(q1 + q2 − 2q12)}, Ṫ = 2γ·T. */
    public static void rbf(double gamma, double q1, double q2, double q12, double[] out) {
        out[0] = Math.exp(-gamma * (q1 + q2 - 2 * q12));
        out[1] = 2 * gamma * out[0];
    }

    /** φ(x) = x^d for d in 0..5: T from the moments of a Gaussian pair, Ṫ = d²·T_{d−1}. */
    public static void monomial(int degree, double q1, double q2, double q12, double[] out) {
        double p = q1 * q2;
        out[0] = moment(degree, p, q12);
        out[1] = degree == 0 ? 0.0 : degree * degree * moment(degree - 1, p, q12);
    }

    /** E[u^d v^d] for d in 0..5, with p = q1·q2 and c = q12. */
    private static double moment(int d, double p, double c) {
        double c2 = c * c;
        return switch (d) {
            case 0 -> 1.0;
            case 1 -> c;
            case 2 -> 2 * c2 + p;
            case 3 -> c * (6 * c2 + 9 * p);
            case 4 -> 24 * c2 * c2 + 72 * p * c2 + 9 * p * p;
            case 5 -> c * (120 * c2 * c2 + 600 * p * c2 + 225 * p * p);
            default -> throw new IllegalArgumentException("monomial degree must be in 0..5: " + d);
        };
    }

    /** φ(x) = sign(x): T = 1 − 2θ/π, and Ṫ = 0 by convention (as in neural-tangents). */
    public static void sign(double q1, double q2, double q12, double[] out) {
        out[0] = 1 - 2 * theta(sineTerm(q1, q2, q12), q12) / Math.PI;
        out[1] = 0.0;
    }
}
