package org.ntkc.predict;

/**
 * A kernel system that could not be solved reliably: Cholesky failed at every jitter and the eigendecomposition
 * failed too, or the kernel itself is unusable (zero, not finite). The message says what was tried.
 */
public final class IllConditionedKernelException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public IllConditionedKernelException(String message) {
        super(message);
    }
}
