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
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A disk cache of compiled generated classes for {@link InMemoryJavaCompiler}. An entry is a directory named by a
 * SHA-256 of everything that determines the bytecode; it is written under a temporary name and renamed into place
 * when complete, so concurrent processes never see half an entry; its marker lists the SHA-256 of every class file,
 * checked on each load, so that a damaged entry is recompiled instead of failing. Every failure degrades to "not
 * cached".
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
        Optional<Map<String, byte[]>> verified = verified(dir.get());
        if (verified.isEmpty()) {
            // truncated or altered class files (a full disk, a crash, a hand edit): drop the entry so that the
            // compile that follows can store a good one in its place
            deleteTree(dir.get());
        }
        return verified;
    }

    /**
     * The entry's classes, if they are exactly the ones its marker lists with their SHA-256: a class file that was
     * cut short or altered after it was written would otherwise fail later with ClassFormatError, or worse, load.
     */
    private static Optional<Map<String, byte[]>> verified(Path dir) {
        Map<String, byte[]> classes = new HashMap<>();
        try {
            Map<String, String> expected = new HashMap<>();
            for (String line : Files.readAllLines(dir.resolve(MARKER), StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space <= 0) {
                    return Optional.empty();
                }
                expected.put(line.substring(space + 1), line.substring(0, space));
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.class")) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    name = name.substring(0, name.length() - ".class".length());
                    byte[] bytes = Files.readAllBytes(f);
                    if (!sha256(bytes).equals(expected.get(name))) {
                        return Optional.empty();
                    }
                    classes.put(name, bytes);
                }
            }
            if (!classes.keySet().equals(expected.keySet())) {
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
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
            StringBuilder marker = new StringBuilder();
            for (Map.Entry<String, byte[]> c : new TreeMap<>(classes).entrySet()) {
                Files.write(tmp.resolve(c.getKey() + ".class"), c.getValue());
                marker.append(sha256(c.getValue())).append(' ').append(c.getKey()).append('\n');
            }
            // written last: an entry without its marker, or whose files do not match it, is never used
            Files.writeString(tmp.resolve(MARKER), marker, StandardCharsets.UTF_8);
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

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
