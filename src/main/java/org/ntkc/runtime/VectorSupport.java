package org.ntkc.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Decides once per JVM whether the Vector API implementations can be used, following Lucene's
 * VectorizationProvider: the incubator module must be in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}), C2 must be available (C1 and the interpreter run every vector
 * operation as an allocated object, ten times slower than scalar code), and the preferred vector must hold at least
 * four doubles. Only then is the vector class loaded, reflectively; this class and every signature other code sees
 * are free of incubator types, so the rest of ntkc runs on a JVM without the module.
 */
public final class VectorSupport {
    static final String MODULE = "jdk.incubator.vector";
    private static final String VECTOR_GRAM = "org.ntkc.runtime.VectorGram";

    private VectorSupport() {
    }

    /** Whether {@link Gram#best()} is the vector implementation. */
    public static boolean available() {
        return Probe.GRAM != null;
    }

    /** One line saying which implementation {@link Gram#best()} is and, for scalar, why. */
    public static String describe() {
        return Probe.DESCRIPTION;
    }

    /** The vector Gram, or null when it is not available. */
    static Gram vectorGram() {
        return Probe.GRAM;
    }

    /** Holds the decision; initialised on first use, so merely loading VectorSupport decides nothing. */
    private static final class Probe {
        static final Gram GRAM;
        static final String DESCRIPTION;

        static {
            Gram gram = null;
            String why = unusableReason();
            if (why == null) {
                try {
                    Class<?> vectorGram = Class.forName(VECTOR_GRAM);
                    int lanes = (int) vectorGram.getDeclaredMethod("preferredLanes").invoke(null);
                    if (lanes < 4) {
                        why = "the preferred vector holds only " + lanes + " doubles";
                    } else {
                        gram = (Gram) vectorGram.getDeclaredMethod("create").invoke(null);
                        why = lanes + " doubles per vector";
                    }
                } catch (ReflectiveOperationException | LinkageError e) {
                    why = "the vector implementation failed to load: " + e;
                }
            }
            GRAM = gram;
            DESCRIPTION = (gram != null ? gram.name() : "scalar") + ": " + why;
        }

        /** Why the vector implementation is ruled out without loading it, or null when it may be tried. */
        private static String unusableReason() {
            if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
                return "the module " + MODULE + " is not in the boot layer (start java with --add-modules "
                        + MODULE + ")";
            }
            return c1OnlyReason();
        }

        /** Why only the interpreter or C1 will run this JVM's code, or null when C2 is there. */
        private static String c1OnlyReason() {
            if (System.getProperty("java.vm.info", "").contains("interpreted mode")) {
                return "the JVM runs interpreted only (-Xint)";
            }
            try {
                HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                if (hotspot != null
                        && Boolean.parseBoolean(hotspot.getVMOption("TieredCompilation").getValue())
                        && Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()) < 4) {
                    return "C2 is disabled (-XX:TieredStopAtLevel < 4)";
                }
            } catch (RuntimeException | LinkageError e) {
                // Not HotSpot, or no jdk.management module: nothing tells us C2 is missing.
            }
            return null;
        }
    }
}
