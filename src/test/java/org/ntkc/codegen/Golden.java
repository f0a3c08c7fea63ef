package org.ntkc.codegen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one mechanism for committed files that tests compare with what the compiler writes today (generated/ for the
 * examples, src/test/resources/golden/ for the golden sources): a test reports them stale, or, when the tests run
 * with {@code NTKC_REGENERATE=1} ({@code NTKC_UPDATE_GOLDEN=1} is an alias, kept for old habits), rewrites them, to be
 * reviewed as a diff and committed with the change that moved them.
 */
final class Golden {
    static final String VARIABLE = "NTKC_REGENERATE";
    private static final String ALIAS = "NTKC_UPDATE_GOLDEN";

    /** How to rewrite the files, for failure messages. */
    static final String HOW = "run the tests with " + VARIABLE + "=1 and review the diff";

    private Golden() {
    }

    /** Whether the tests run to rewrite the committed files rather than check them. */
    static boolean regenerating() {
        return set(System.getenv(VARIABLE)) || set(System.getenv(ALIAS));
    }

    private static boolean set(String value) {
        return value != null && !value.isEmpty() && !value.equals("0");
    }

    /**
     * Whether {@code file} differs from {@code text} (or is missing); when {@link #regenerating()}, it is rewritten
     * with {@code text}.
     */
    static boolean stale(Path file, String text) throws IOException {
        boolean stale = !Files.exists(file) || !Files.readString(file).equals(text);
        if (stale && regenerating()) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        }
        return stale;
    }

    /** {@code file} is no longer generated: when {@link #regenerating()}, it is deleted. */
    static void obsolete(Path file) throws IOException {
        if (regenerating()) {
            Files.delete(file);
        }
    }
}
