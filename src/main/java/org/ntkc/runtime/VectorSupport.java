package org.ntkc.runtime;

/** TEMPORARY stub until the SIMD Gram lands. */
public final class VectorSupport {
    private VectorSupport() {
    }

    public static boolean available() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    public static String describe() {
        return "stub";
    }
}
