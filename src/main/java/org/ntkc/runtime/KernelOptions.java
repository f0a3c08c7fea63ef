package org.ntkc.runtime;

import java.util.Objects;

/**
 * How a compiled kernel computes: on how many threads, whether it may use the Vector API code (when the JVM has the
 * {@code jdk.incubator.vector} module; otherwise the scalar twin runs regardless), and whom to tell about progress.
 */
public record KernelOptions(int threads, boolean vectorize, KernelProgress progress) {
    public KernelOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Objects.requireNonNull(progress, "progress (use KernelProgress.NONE)");
    }

    /** Options that report no progress. */
    public KernelOptions(int threads, boolean vectorize) {
        this(threads, vectorize, KernelProgress.NONE);
    }

    /** All available processors, vector code when possible, no progress reports. */
    public static KernelOptions defaults() {
        return new KernelOptions(Runtime.getRuntime().availableProcessors(), true);
    }

    public KernelOptions withThreads(int count) {
        return new KernelOptions(count, vectorize, progress);
    }

    public KernelOptions withVectorize(boolean on) {
        return new KernelOptions(threads, on, progress);
    }

    /** The same options reporting each computation's progress to {@code listener}. */
    public KernelOptions withProgress(KernelProgress listener) {
        return new KernelOptions(threads, vectorize, listener);
    }
}
