package org.ntkc.ir;

import org.ntkc.diag.SourceSpan;

/**
 * A path of ntkc that does not handle signal or image inputs yet was asked to: the message names the spec line of
 * the network's input and what is missing, so users learn why instead of getting a crash or a wrong number.
 */
public final class ImagesNotSupportedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImagesNotSupportedException(KernelProgram program, String what) {
        super(message(program, what));
    }

    private static String message(KernelProgram program, String what) {
        SourceSpan at = program.steps().get(0).origins().get(0);
        return at.source().name() + ":" + at.line() + ": network " + program.name() + " takes "
                + program.inputShape().describe() + "; " + what + " is not yet supported for images";
    }

    /** Throws unless {@code program} takes a vector input. */
    public static void requireVector(KernelProgram program, String what) {
        if (program.isSpatial()) {
            throw new ImagesNotSupportedException(program, what);
        }
    }
}
