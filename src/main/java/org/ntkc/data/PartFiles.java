package org.ntkc.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary {@code .part} files that outputs are written to before they are moved into place. A run stopped by
 * SIGINT (Ctrl-C) or SIGTERM runs the JVM's shutdown hooks; the one registered here deletes every part file still
 * open, so an interrupted {@code kernel -o} leaves nothing behind. (SIGKILL runs no hooks.)
 */
public final class PartFiles {
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private PartFiles() {
    }

    /** Registers {@code part} for deletion should the JVM shut down before {@link #done} is called. */
    public static void started(Path part) {
        if (!hooked) {
            synchronized (PartFiles.class) {
                if (!hooked) {
                    try {
                        Runtime.getRuntime().addShutdownHook(new Thread(PartFiles::deleteAll, "ntkc-part-files"));
                    } catch (IllegalStateException e) {
                        // already shutting down: nothing can be registered, and the caller's finally deletes it
                    }
                    hooked = true;
                }
            }
        }
        OPEN.add(part);
    }

    /** {@code part} has been moved into place or deleted. */
    public static void done(Path part) {
        OPEN.remove(part);
    }

    /** The part files registered now (for tests). */
    static Set<Path> open() {
        return Set.copyOf(OPEN);
    }

    static void deleteAll() {
        for (Path p : OPEN) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException | RuntimeException e) {
                // best effort on the way out
            }
        }
    }
}
