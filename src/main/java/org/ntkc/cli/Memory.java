package org.ntkc.cli;

import java.util.Locale;

/** Out-of-memory failures told in the user's terms: what needed how much, and how to give the JVM more. */
final class Memory {
    private Memory() {
    }

    static CliException outOfMemory(String what, long bytes, int n) {
        long max = Runtime.getRuntime().maxMemory();
        long suggest = Math.max(2, (long) Math.ceil(bytes * 1.5 / (1L << 30)) + 1);
        return new CliException(CliException.BAD_INPUT, String.format(Locale.ROOT,
                "out of memory in %s (%d training points: about %s needed, and the JVM may use %s in all); give it "
                        + "more with NTKC_JAVA_OPTS=-Xmx%dg, or use fewer training points (--limit-train)",
                what, n, gigabytes(bytes), gigabytes(max), suggest));
    }

    static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
