package org.ntkc.runtime;

/** A finite network's forward pass produced an infinite or NaN value (e.g. exp activations overflowing). */
public final class NonFiniteNetworkException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public NonFiniteNetworkException(String message) {
        super(message);
    }
}
