package org.ntkc.runtime;

/**
 * How a compiled kernel computes: on how many threads, and whether it may use the Vector API code (when the JVM has
 * the {@code jdk.incubator.vector} module; otherwise the scalar twin runs regardless).
 */
public record KernelOptions(int threads, boolean vectorize) {
    public KernelOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** All available processors, vector code when possible. */
    public static KernelOptions defaults() {
        return new KernelOptions(Runtime.getRuntime().availableProcessors(), true);
    }

    public KernelOptions withThreads(int count) {
        return new KernelOptions(count, vectorize);
    }

    public KernelOptions withVectorize(boolean on) {
        return new KernelOptions(threads, on);
    }
}
