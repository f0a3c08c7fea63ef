package org.ntkc.linalg;

import org.ntkc.runtime.VectorSupport;

/**
 * Loads the Vector API twin of a linear-algebra kernel by name, so that its class (which links against
 * {@code jdk.incubator.vector}) is only touched when the module is usable; otherwise, or if loading fails, the
 * scalar kernel serves.
 */
final class VectorTwins {
    private VectorTwins() {
    }

    /** {@code className}'s static {@code create()}, or {@code scalar} when the vector module cannot be used. */
    static <T> T load(String className, Class<T> type, T scalar) {
        if (!VectorSupport.available()) {
            return scalar;
        }
        try {
            return type.cast(Class.forName(className).getDeclaredMethod("create").invoke(null));
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return scalar;
        }
    }
}
