package org.ntkc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image networks through the command line: what works now, and the paths that refuse them clearly. */
class ImageCommandsTest {
    @TempDir
    Path dir;

    private Path spec() throws IOException {
        Path p = dir.resolve("cnn.ntk");
        Files.writeString(p, "network Cnn {\n  input 3 x 3 x 2\n  conv 4 (2) -> relu\n  avg_pool (2, padding = same)\n"
                + "  flatten\n  dense 1\n}\n");
        return p;
    }

    private Path points(int rows, boolean label) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < 18; k++) {
                b.append(k == 0 ? "" : ",").append(Math.sin(1.3 * i + 0.7 * k));
            }
            if (label) {
                b.append(',').append(i % 2);
            }
            b.append('\n');
        }
        Path p = dir.resolve(label ? "train.csv" : "x.csv");
        Files.writeString(p, b.toString());
        return p;
    }

    @Test
    void checkShapesListsEachLayerAndTheMemoryOfAPair() throws IOException {
        MainTest.Run r = MainTest.run("check", "--shapes", spec().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Cnn: input 3 x 3 x 2, layers conv 4 -> avg_pool -> flatten -> dense 1"), r.out());
        assertTrue(r.out().contains("conv 4 (2 x 2, same)"), r.out());
        assertTrue(r.out().contains("full: 9 x 9 positions"), r.out());
        assertTrue(r.out().contains("memory:"), r.out());
    }

    @Test
    void theInterpreterComputesImageKernels() throws IOException {
        MainTest.Run r = MainTest.run("kernel", spec().toString(), "--x1", points(3, false).toString(), "--interpret");
        assertEquals(0, r.code(), r.err());
        String[] rows = r.out().trim().split("\n");
        assertEquals(3, rows.length);
        assertEquals(rows[0].split(",")[1], rows[1].split(",")[0], "symmetric");
    }

    @Test
    void pathsWithoutImageSupportRefuseWithTheSpecLine() throws IOException {
        String s = spec().toString();
        String x = points(4, false).toString();
        String train = points(6, true).toString();
        List<String[]> commands = List.of(
                new String[] {"fit", s, "--train", train, "--test", train},
                new String[] {"fit", s, "--train", train, "--test", train, "--nystrom", "3"},
                new String[] {"verify", s, "--points", "3", "--widths", "8,16"});
        for (String[] args : commands) {
            MainTest.Run r = MainTest.run(args);
            assertEquals(1, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("cnn.ntk:2: network Cnn takes an image 3 x 3 x 2")
                    && r.err().contains("not yet supported for images"), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void generatedCodeComputesTheInterpretersKernelAndCompileWritesTheKernelClass() throws IOException {
        String s = spec().toString();
        String x = points(4, false).toString();
        MainTest.Run generated = MainTest.run("kernel", s, "--x1", x);
        MainTest.Run interpreted = MainTest.run("kernel", s, "--x1", x, "--interpret");
        assertEquals(0, generated.code(), generated.err());
        String[] a = generated.out().trim().split("[,\n]");
        String[] b = interpreted.out().trim().split("[,\n]");
        assertEquals(b.length, a.length);
        for (int k = 0; k < a.length; k++) {
            double e = Double.parseDouble(b[k]);
            assertEquals(e, Double.parseDouble(a[k]), 1e-12 * Math.max(1, Math.abs(e)));
        }
        MainTest.Run bench = MainTest.run("bench", s, "--n", "6", "--repeat", "1");
        assertEquals(0, bench.code(), bench.err());
        assertTrue(bench.out().contains("kernel_seconds="), bench.out());
        Path out = dir.resolve("out");
        MainTest.Run compile = MainTest.run("compile", s, "-d", out.toString());
        assertEquals(0, compile.code(), compile.err());
        try (var files = Files.walk(out)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java")).toList();
            assertEquals(List.of("CnnKernel.java"), names, "no finite network or vector class for images yet");
        }
    }
}
