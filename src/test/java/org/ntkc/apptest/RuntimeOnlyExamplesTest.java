package org.ntkc.apptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntkc.runtime.RuntimeDependenciesTest;

/**
 * What an app carries is enough: every example's generated classes (generated/, from examples/*.ntk) compile against
 * the runtime packages alone (what the runtime artifact holds), and run in a child JVM whose class path holds only
 * those and the generated classes — kernels vector and scalar, a pair, and the empirical NTK of a sampled finite
 * network — giving the numbers the full build gives in this JVM, to 1e-12 of each matrix's scale.
 */
class RuntimeOnlyExamplesTest {
    @TempDir
    Path dir;

    @Test
    void examplesRunWithTheRuntimeAlone() throws Exception {
        Path runtime = dir.resolve("runtime");
        for (String pkg : RuntimeDependenciesTest.RUNTIME_PACKAGES) {
            copyTree(Path.of("target", "classes").resolve(pkg), runtime.resolve(pkg));
        }
        List<Path> sources;
        try (Stream<Path> s = Files.list(Path.of("generated", "org", "ntkc", "examples"))) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        List<String> kernels = sources.stream().map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith("Kernel.java"))
                .map(n -> "org.ntkc.examples." + n.substring(0, n.length() - ".java".length()))
                .collect(Collectors.toList());
        assertTrue(kernels.size() >= 8, "examples: " + kernels);
        sources.add(Path.of("src", "test", "java", "org", "ntkc", "apptest", "RuntimeOnlyProbe.java"));

        Path app = dir.resolve("app");
        Files.createDirectories(app);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, files, diagnostics, List.of("-classpath", runtime.toString(), "-d",
                    app.toString(), "-proc:none", "-nowarn", "--add-modules", "jdk.incubator.vector"), null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            assertTrue(ok, () -> "the generated classes do not compile against the runtime alone:\n"
                    + diagnostics.getDiagnostics().stream().map(Object::toString).collect(Collectors.joining("\n")));
        }

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules", "jdk.incubator.vector", "-cp", runtime + File.pathSeparator + app,
                RuntimeOnlyProbe.class.getName()));
        command.addAll(kernels);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String childOut = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(300, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, child.exitValue(), childOut);
        assertTrue(childOut.contains("compiler-visible false"), "the child must not see the compiler:\n" + childOut);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream here = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            for (String k : kernels) {
                RuntimeOnlyProbe.run(k, here);
            }
        }
        Map<String, Double> expected = values(bytes.toString(StandardCharsets.UTF_8));
        Map<String, Double> actual = values(childOut);
        assertEquals(expected.keySet(), actual.keySet());
        assertTrue(expected.size() > 100 * kernels.size() / 2, "numbers compared: " + expected.size());
        Map<String, Double> scale = new HashMap<>();
        expected.forEach((label, v) -> scale.merge(group(label), Math.abs(v), Math::max));
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            double tolerance = 1e-12 * Math.max(scale.get(group(e.getKey())), Double.MIN_NORMAL);
            assertEquals(e.getValue(), actual.get(e.getKey()), tolerance, e.getKey());
        }
    }

    private static String group(String label) {
        int bracket = label.indexOf('[');
        return bracket < 0 ? label : label.substring(0, bracket);
    }

    private static Map<String, Double> values(String output) {
        Map<String, Double> values = new TreeMap<>();
        for (String line : output.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3 && !parts[0].equals("class-path")) {
                values.put(parts[0] + " " + parts[1], Double.parseDouble(parts[2]));
            }
        }
        return values;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
