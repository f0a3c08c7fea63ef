package org.ntkc.cli;

import picocli.CommandLine.Option;

/**
 * {@code --threads T}, shared by the commands that compute kernels ({@code @Mixin}). The value is checked where it is
 * used ({@link CompiledKernels#load}, or the command's own check), so that a command's messages keep their order.
 */
final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "T", description = "Threads to use (default: all processors).")
    private Integer threads;

    /** The thread count asked for, or null: all processors. */
    Integer value() {
        return threads;
    }

    /** Refuses a count below 1 (exit 2), with the message every command gives. */
    static void check(Integer threads) {
        if (threads != null && threads < 1) {
            throw new CliException(CliException.USAGE, "--threads must be at least 1, got " + threads);
        }
    }

    /** Replaces the value (bench caps it at the processors). */
    void set(Integer threads) {
        this.threads = threads;
    }
}
