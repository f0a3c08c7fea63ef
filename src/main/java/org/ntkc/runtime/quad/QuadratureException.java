package org.ntkc.runtime.quad;

/**
 * Thrown when adaptive quadrature cannot reach the requested relative tolerance (for instance a
 * non-integrable singularity, an undeclared kink, or a tolerance below rounding level). The message states
 * the error estimate that was achieved.
 */
public final class QuadratureException extends RuntimeException {

    public QuadratureException(String message) {
        super(message);
    }
}
