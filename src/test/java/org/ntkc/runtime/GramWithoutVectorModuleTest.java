package org.ntkc.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starts child JVMs on the same classes, without {@code --add-modules jdk.incubator.vector}, with it, and with it
 * but without C2, and checks what {@link Gram#best()} becomes there. Without the module it must be scalar, give the
 * right number, and never load the vector class: that is what lets ntkc run on a JVM started without the module.
 */
class GramWithoutVectorModuleTest {
    /** Two points whose dot product loses everything but the last term if summed in any other order. */
    static final double[][] POINTS = {{1e16, 1.0, -1e16, 3.0}, {1.0, 1.0, 1.0, 1.0}};

    private record Child(Map<String, String> values, List<String> loaded) {
    }

    private static Child run(String... options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.add("-Xlog:class+load=info");
        command.add("-cp");
        command.add(location(Gram.class) + File.pathSeparator + location(GramProbe.class));
        command.add(GramProbe.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Options in these variables would reach the child and could add the module behind our back.
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, process.exitValue(), output);
        Map<String, String> values = new HashMap<>();
        List<String> loaded = new ArrayList<>();
        for (String line : output.split("\\R")) {
            if (line.contains("[class,load]")) {
                loaded.add(line);
            } else if (line.contains("=")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return new Child(values, loaded);
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String expectedTile() {
        return Long.toString(Double.doubleToRawLongBits(Gram.dot(POINTS[0], POINTS[1])));
    }

    @Test
    void withoutTheModuleBestIsScalarAndNoVectorClassLoads() throws Exception {
        Child child = run();
        assertEquals("scalar", child.values().get("name"), child.values().toString());
        assertEquals("false", child.values().get("available"));
        assertTrue(child.values().get("describe").contains("--add-modules " + VectorSupport.MODULE),
                child.values().get("describe"));
        assertEquals(expectedTile(), child.values().get("tile"));
        assertEquals("3.0", Double.toString(Gram.dot(POINTS[0], POINTS[1])));
        assertTrue(child.loaded().stream().anyMatch(line -> line.contains("org.ntkc.runtime.Gram ")),
                "class loading was logged");
        for (String line : child.loaded()) {
            assertFalse(line.contains("VectorGram") || line.contains("jdk.incubator.vector"), line);
        }
    }

    /** The same child with the module picks what this JVM picks: the check above is not vacuous. */
    @Test
    void withTheModuleTheChildPicksWhatThisJvmPicks() throws Exception {
        Child child = run("--add-modules", VectorSupport.MODULE);
        assertEquals(Gram.best().name(), child.values().get("name"));
        assertEquals(expectedTile(), child.values().get("tile"));
    }

    /** With only C1, vector operations run as allocated objects; best() must then be scalar. */
    @Test
    void withOnlyC1BestIsScalar() throws Exception {
        Child child = run("--add-modules", VectorSupport.MODULE, "-XX:TieredStopAtLevel=1");
        assertEquals("scalar", child.values().get("name"));
        assertTrue(child.values().get("describe").contains("C2 is disabled"), child.values().get("describe"));
        assertEquals(expectedTile(), child.values().get("tile"));
    }
}
