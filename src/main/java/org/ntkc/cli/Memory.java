package org.ntkc.cli;

import java.util.Locale;

/** Memory told in the user's terms: what needs how much, checked before allocating, and how to give the JVM more. */
final class Memory {
    private Memory() {
    }

    /** The bytes this JVM can still allocate: its maximum heap less what is in use now. */
    static long available() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /**
     * Stops before a phase that cannot fit: {@code what} needs about {@code bytes}; {@code advice} says the way out
     * other than a larger heap.
     */
    static void check(String what, long bytes, String advice) {
        long free = available();
        if (bytes > free) {
            throw new CliException(CliException.BAD_INPUT, String.format(Locale.ROOT,
                    "%s needs about %s, more than the %s this JVM has free (of %s): %s, or give the JVM more memory "
                            + "with NTKC_JAVA_OPTS=-Xmx%dg", what, gigabytes(bytes), gigabytes(free),
                    gigabytes(Runtime.getRuntime().maxMemory()), advice, suggest(bytes)));
        }
    }

    static CliException outOfMemory(String what, long bytes, int n, String remedy) {
        long max = Runtime.getRuntime().maxMemory();
        return new CliException(CliException.BAD_INPUT, String.format(Locale.ROOT,
                "out of memory in %s (%d training points: about %s needed, and the JVM may use %s in all); give it "
                        + "more with NTKC_JAVA_OPTS=-Xmx%dg, or use %s",
                what, n, gigabytes(bytes), gigabytes(max), suggest(bytes), remedy));
    }

    /** A heap size in whole GiB that holds {@code bytes} with room for the rest. */
    private static long suggest(long bytes) {
        return Math.max(2, (long) Math.ceil(bytes * 1.25 / (1L << 30)) + 1);
    }

    static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
