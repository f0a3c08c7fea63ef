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
}
