package org.ntkc.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassCacheTest {
    @TempDir
    Path dir;

    private static final Map<String, String> SOURCES = Map.of("demo.Answer",
            "package demo; public final class Answer implements java.util.function.IntSupplier {"
                    + " public int getAsInt() { return 42; } }");

    private String previous;

    @BeforeEach
    void useTemporaryCache() {
        previous = System.getProperty("ntkc.cache.dir");
        System.setProperty("ntkc.cache.dir", dir.toString());
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty("ntkc.cache.dir");
        } else {
            System.setProperty("ntkc.cache.dir", previous);
        }
    }

    private static int answer(ClassLoader loader) throws ReflectiveOperationException {
        return ((java.util.function.IntSupplier) loader.loadClass("demo.Answer").getConstructor().newInstance())
                .getAsInt();
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).collect(Collectors.toList());
        }
    }

    @Test
    void secondCompilationComesFromTheCache() throws Exception {
        assertEquals(42, answer(InMemoryJavaCompiler.compile(SOURCES)));
        List<Path> entries = entries();
        assertEquals(1, entries.size(), "one complete entry");
        assertTrue(Files.exists(entries.get(0).resolve("complete")));
        Path classFile = entries.get(0).resolve("demo.Answer.class");
        byte[] compiled = Files.readAllBytes(classFile);
        assertArrayEquals(compiled, ClassCache.load(SOURCES).orElseThrow().get("demo.Answer"));
        assertEquals(42, answer(InMemoryJavaCompiler.compile(SOURCES)));
        assertEquals(1, entries().size());
    }

    @Test
    void incompleteEntriesAreIgnored() throws Exception {
        InMemoryJavaCompiler.compile(SOURCES);
        Path entry = entries().get(0);
        Files.delete(entry.resolve("complete"));
        assertTrue(ClassCache.load(SOURCES).isEmpty(), "an entry without its marker is not used");
        Map<String, String> other = Map.of("demo.Answer", SOURCES.get("demo.Answer").replace("42", "43"));
        assertEquals(43, answer(InMemoryJavaCompiler.compile(other)), "other sources, other entry");
    }

    /** Issue 15 item 15: a class file cut short in the cache failed every later run with ClassFormatError. */
    @Test
    void truncatedClassFilesAreRecompiled() throws Exception {
        InMemoryJavaCompiler.compile(SOURCES);
        Path classFile = entries().get(0).resolve("demo.Answer.class");
        byte[] good = Files.readAllBytes(classFile);
        Files.write(classFile, java.util.Arrays.copyOf(good, good.length / 2));
        assertTrue(ClassCache.load(SOURCES).isEmpty(), "a truncated class file is not served");
        assertEquals(42, answer(InMemoryJavaCompiler.compile(SOURCES)), "recompiled, no ClassFormatError");
        assertArrayEquals(good, ClassCache.load(SOURCES).orElseThrow().get("demo.Answer"), "the entry is good again");
        assertEquals(1, entries().size());
    }

    @Test
    void alteredOrMissingOrExtraClassFilesAreRecompiled() throws Exception {
        InMemoryJavaCompiler.compile(SOURCES);
        Path entry = entries().get(0);
        Path classFile = entry.resolve("demo.Answer.class");
        byte[] good = Files.readAllBytes(classFile);
        byte[] altered = good.clone();
        altered[altered.length - 3] ^= 1;
        Files.write(classFile, altered);
        assertTrue(ClassCache.load(SOURCES).isEmpty(), "same length, one bit flipped");
        assertEquals(42, answer(InMemoryJavaCompiler.compile(SOURCES)));

        entry = entries().get(0);
        Files.write(entry.resolve("demo.Extra.class"), good);
        assertTrue(ClassCache.load(SOURCES).isEmpty(), "a class file the marker does not list");
        assertEquals(42, answer(InMemoryJavaCompiler.compile(SOURCES)));

        entry = entries().get(0);
        Files.delete(entry.resolve("demo.Answer.class"));
        assertTrue(ClassCache.load(SOURCES).isEmpty(), "a class file the marker lists is missing");
        assertEquals(42, answer(InMemoryJavaCompiler.compile(SOURCES)));

        entry = entries().get(0);
        Files.writeString(entry.resolve("complete"), "");
        assertTrue(ClassCache.load(SOURCES).isEmpty(), "an entry of the earlier format, without hashes");
        assertEquals(42, answer(InMemoryJavaCompiler.compile(SOURCES)));
        assertTrue(ClassCache.load(SOURCES).isPresent());
        assertEquals(1, entries().size());
    }
}
