package org.ntkc.cli;

/** A failure to report to the user in one line, with the exit status it implies. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Bad spec or bad data. */
    static final int BAD_INPUT = 1;
    /** Bad command line: unknown option, missing file, ambiguous network. */
    static final int USAGE = 2;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
