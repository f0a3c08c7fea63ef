package org.ntkc.loader;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A disk cache of compiled generated classes for {@link InMemoryJavaCompiler}. An entry is a directory named by a
 * SHA-256 of everything that determines the bytecode; it is written under a temporary name and renamed into place
 * when complete, so concurrent processes never see half an entry. Every failure degrades to "not cached".
 */
final class ClassCache {
    private static final String MARKER = "complete";

    private ClassCache() {
    }

    static Optional<Map<String, byte[]>> load(Map<String, String> sources) {
        Optional<Path> dir = entry(sources);
        if (dir.isEmpty() || !Files.exists(dir.get().resolve(MARKER))) {
            return Optional.empty();
        }
        Map<String, byte[]> classes = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.get(), "*.class")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return classes.isEmpty() ? Optional.empty() : Optional.of(classes);
    }

    static void store(Map<String, String> sources, Map<String, byte[]> classes) {
        Optional<Path> dir = entry(sources);
        if (dir.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(dir.get().getParent());
            Path tmp = Files.createTempDirectory(dir.get().getParent(), ".partial-");
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                Files.write(tmp.resolve(c.getKey() + ".class"), c.getValue());
            }
            Files.writeString(tmp.resolve(MARKER), "");
            try {
                Files.move(tmp, dir.get(), StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteTree(tmp);
            } catch (IOException e) {
                // another process got there first (non-empty target), or the file system refuses: keep theirs
                deleteTree(tmp);
            }
        } catch (IOException | SecurityException e) {
            // an unwritable cache only costs the next run a compile
        }
    }

    /** The entry's directory, or empty when the cache is off or has no usable location. */
    private static Optional<Path> entry(Map<String, String> sources) {
        String setting = System.getenv("NTKC_CACHE");
        if (setting != null && setting.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        try {
            String configured = System.getProperty("ntkc.cache.dir", System.getenv("NTKC_CACHE_DIR"));
            Path root = configured != null ? Path.of(configured)
                    : Path.of(System.getProperty("user.home"), ".cache", "ntkc", "classes");
            return Optional.of(root.resolve(key(sources)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String key(Map<String, String> sources) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, "java " + System.getProperty("java.version") + " vector "
                    + InMemoryJavaCompiler.canCompileVector());
            update(sha, "ntkc " + build());
            for (Map.Entry<String, String> s : new TreeMap<>(sources).entrySet()) {
                update(sha, s.getKey());
                update(sha, s.getValue());
            }
            StringBuilder hex = new StringBuilder();
            for (byte b : sha.digest()) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Identifies the ntkc build that compiles against: where its classes are and when they were built. */
    private static String build() {
        try {
            Path where = Path.of(InMemoryJavaCompiler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path clazz = Files.isDirectory(where)
                    ? where.resolve(InMemoryJavaCompiler.class.getName().replace('.', '/') + ".class") : where;
            return where + " " + Files.getLastModifiedTime(clazz).toMillis() + " " + Files.size(clazz);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(bytes);
    }

    private static void deleteTree(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // leftovers of a failed write are harmless: they are never complete entries
        }
    }
}
