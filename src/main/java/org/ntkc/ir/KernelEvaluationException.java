package org.ntkc.ir;

/**
 * The kernel could not be evaluated on the given inputs: a step produced a value that is not finite (e.g. a
 * gaussian activation with b &gt; 0 diverges for large inputs, or a custom formula takes the log of a negative
 * number). The message names the step, its spec line, and the points.
 */
public final class KernelEvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
