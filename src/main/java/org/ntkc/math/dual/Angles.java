package org.ntkc.math.dual;

/**
 * The angle between two inputs in the stable form of MATH.md §3: θ = atan2(√max(q1q2 − q12², 0), q12) ∈ [0, π].
 * atan2 stays accurate near ρ = ±1, where arccos of a clipped ratio loses half the digits, and is defined when an
 * input is zero: there θ = π/2 by convention, so an all-zero input gives no NaN.
 */
final class Angles {
    private Angles() {
    }

    /** √max(q1·q2 − q12², 0), the "sine part" √P·sin θ. */
    static double sineTerm(double q1, double q2, double q12) {
        return Math.sqrt(Math.max(q1 * q2 - q12 * q12, 0.0));
    }

    /** θ from the sine part {@code s} and q12. */
    static double theta(double s, double q12) {
        return s == 0.0 && q12 == 0.0 ? Math.PI / 2 : Math.atan2(s, q12);
    }
}
