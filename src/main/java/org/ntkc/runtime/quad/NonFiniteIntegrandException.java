package org.ntkc.runtime.quad;

/**
 * Thrown when an activation (or derivative) returns NaN or ±∞ at a quadrature node. The expectation is
 * then undefined or the function is unusable there, and no answer is better than a silently wrong one.
 */
public final class NonFiniteIntegrandException extends ArithmeticException {

    private final double x;

    public NonFiniteIntegrandException(double x, double value) {
        super("activation is not finite at x = " + x + " (value " + value + ")");
        this.x = x;
    }

    /** The argument at which the function value was not finite. */
    public double x() {
        return x;
    }
}
