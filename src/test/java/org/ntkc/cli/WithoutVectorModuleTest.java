package org.ntkc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec compiled at run time in a JVM started without {@code --add-modules jdk.incubator.vector} (an app, a Spark
 * driver or executor): the generated sources still compile, the scalar class runs, and the numbers are the vector
 * code's.
 */
class WithoutVectorModuleTest {
    @Test
    void kernelCommandRunsTheScalarCodeAndAgrees(@TempDir Path cache) throws Exception {
        String[] args = {"kernel", "examples/relu3.ntk", "--x1", "examples/data/points-784.csv"};
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("NTKC_CACHE_DIR", cache.toString()); // compiled here, not taken from a cache
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, process.exitValue(), err);

        StringWriter here = new StringWriter();
        assertEquals(0, Main.execute(args, new PrintWriter(here), new PrintWriter(new StringWriter())));
        String[] a = out.strip().split("\\R");
        String[] b = here.toString().strip().split("\\R");
        assertEquals(b.length, a.length, out);
        for (int i = 0; i < a.length; i++) {
            String[] x = a[i].split(",");
            String[] y = b[i].split(",");
            for (int j = 0; j < x.length; j++) {
                double u = Double.parseDouble(x[j]);
                double v = Double.parseDouble(y[j]);
                assertEquals(v, u, 1e-12 * Math.abs(v), "entry " + i + "," + j);
            }
        }
    }
}
