package org.ntkc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input/output defects of issues 14 and 15 through the command line: spec encodings, the launcher's stderr filter,
 * write errors, output paths, data files that lie, labels, machine-readable lines.
 */
class IoDefectsTest {
    @TempDir
    Path dir;

    static MainTest.Run run(String... args) {
        return MainTest.run(args);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path spec() throws IOException {
        return write("net.ntk", SPEC);
    }

    static final String SPEC = "network Net {\n  input 3\n  bias_std = 0.1\n  dense 8 -> relu\n  dense 1\n}\n";

    private static void assertClean(MainTest.Run r) {
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    // ---- issue 14: spec encodings and the launcher ----

    @Test
    void aSpecWithAByteOrderMarkIsAccepted() throws IOException {
        Path p = dir.resolve("bom.ntk");
        byte[] text = SPEC.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xef;
        bytes[1] = (byte) 0xbb;
        bytes[2] = (byte) 0xbf;
        System.arraycopy(text, 0, bytes, 3, text.length);
        Files.write(p, bytes);
        MainTest.Run r = run("check", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Net: input 3"), r.out());
    }

    @Test
    void invalidUtf8IsBadInputWithTheLineAndColumnOfTheFirstBadByte() throws IOException {
        Path p = dir.resolve("latin1.ntk");
        byte[] good = "network Net {\n  input 3\n  # caf".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[good.length + 3];
        System.arraycopy(good, 0, bytes, 0, good.length);
        bytes[good.length] = (byte) 0xe9; // Latin-1 e-acute: not UTF-8
        bytes[good.length + 1] = '\n';
        bytes[good.length + 2] = '}';
        Files.write(p, bytes);
        MainTest.Run r = run("check", p.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(p + ":3:8: not UTF-8 text"), r.err());
        assertClean(r);
        // Random bytes too.
        Path random = dir.resolve("random.ntk");
        Files.write(random, new byte[] {'a', 'b', '\n', (byte) 0xff, (byte) 0xfe, 0, 1});
        MainTest.Run rr = run("kernel", random.toString(), "--x1", write("x.csv", "1,2,3\n").toString());
        assertEquals(1, rr.code(), rr.err());
        assertTrue(rr.err().contains(random + ":2:1: not UTF-8 text"), rr.err());
    }

    /** The launcher's stderr filter must pass every byte, NUL included (grep without -a says "binary file matches"). */
    @Test
    void theLaunchersStderrFilterPassesEveryByte() throws Exception {
        String launcher = Files.readString(Path.of("ntkc"));
        Matcher m = Pattern.compile("2> >\\((grep [^)]*?) >&2\\)").matcher(launcher);
        assertTrue(m.find(), "the launcher's stderr filter");
        byte[] input = "net.ntk:1:1: error[NTK002]: unexpected character U+0000\n  a\0b\n  ^\n"
                .getBytes(StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("bash", "-c", m.group(1)).redirectErrorStream(true).start();
        p.getOutputStream().write(input);
        p.getOutputStream().write("WARNING: Using incubator modules: jdk.incubator.vector\n"
                .getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        p.waitFor();
        assertArrayEquals(input, output, new String(output, StandardCharsets.UTF_8));
    }

    // ---- issue 15 item 11: write errors on standard output ----

    /** Standard output on a full disk: the writer fails on every write, like {@code > /dev/full}. */
    private static MainTest.Run runToFullDisk(String... args) {
        StringWriter err = new StringWriter();
        PrintWriter full = new PrintWriter(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        }, true);
        int code = Main.execute(args, full, new PrintWriter(err));
        return new MainTest.Run(code, "", err.toString());
    }

    @Test
    void writeErrorsOnStandardOutputExitWithOne() throws IOException {
        Path s = spec();
        Path x = write("x.csv", "1,2,3\n4,5,6\n");
        for (String[] args : List.of(new String[] {"kernel", s.toString(), "--x1", x.toString()},
                new String[] {"check", s.toString()}, new String[] {"ir", s.toString()},
                new String[] {"compile", s.toString(), "-d", dir.resolve("gen").toString()},
                new String[] {"bench", s.toString(), "--n", "20", "--repeat", "1", "--threads", "1"})) {
            MainTest.Run r = runToFullDisk(args);
            assertEquals(1, r.code(), args[0] + ": " + r.err());
            assertTrue(r.err().contains("ntkc: cannot write to standard output"), args[0] + ": " + r.err());
            assertClean(r);
        }
    }

    // ---- issue 15 item 14: output paths ----

    @Test
    void outputPathsThatCannotBeWrittenAreExitOneWithTheReason() throws IOException {
        Path s = spec();
        Path x = write("x.csv", "1,2,3\n4,5,6\n");
        MainTest.Run missing = run("kernel", s.toString(), "--x1", x.toString(), "-o", dir.resolve("no/such/k.csv").toString());
        assertEquals(1, missing.code(), missing.err());
        assertTrue(missing.err().contains("cannot write '" + dir.resolve("no/such/k.csv") + "': no directory"),
                missing.err());
        assertClean(missing);
        Path aDirectory = Files.createDirectory(dir.resolve("outdir"));
        MainTest.Run onto = run("kernel", s.toString(), "--x1", x.toString(), "-o", aDirectory.toString());
        assertEquals(1, onto.code(), onto.err());
        assertTrue(onto.err().contains("cannot write '" + aDirectory + "': it is a directory"), onto.err());
        assertTrue(Files.isDirectory(aDirectory), "the directory is not replaced");
        assertClean(onto);
        Path fit = write("train.csv", "1,2,3,0\n2,3,4,1\n3,1,2,0\n0,1,0,1\n");
        MainTest.Run predictions = run("fit", s.toString(), "--train", fit.toString(), "--test", fit.toString(),
                "--predictions", aDirectory.toString());
        assertEquals(1, predictions.code(), predictions.err());
        assertTrue(predictions.err().contains("cannot write '" + aDirectory + "': it is a directory"),
                predictions.err());
        MainTest.Run plot = run("verify", s.toString(), "--plot", aDirectory.toString(), "--points", "2", "--widths", "8");
        assertEquals(2, plot.code(), plot.err());
        assertTrue(plot.err().contains("cannot write the plot '" + aDirectory + "': it is a directory"), plot.err());
        assertClean(plot);
        Path aFile = write("afile", "x");
        MainTest.Run compile = run("compile", s.toString(), "-d", aFile.toString());
        assertEquals(1, compile.code(), compile.err());
        assertTrue(compile.err().contains("cannot write '" + aFile + "': it is not a directory"), compile.err());
        assertClean(compile);
        MainTest.Run below = run("compile", s.toString(), "-d", aFile.resolve("sub").toString());
        assertEquals(1, below.code(), below.err());
        assertTrue(below.err().contains(aFile + " is not a directory"), below.err());
        assertEquals("x", Files.readString(aFile));
    }

    @Test
    void aReadOnlyOutputFileIsNotReplaced() throws IOException {
        Path s = spec();
        Path x = write("x.csv", "1,2,3\n");
        Path readOnly = write("ro.csv", "keep\n");
        assertTrue(readOnly.toFile().setWritable(false, false));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly), "running as root");
        MainTest.Run r = run("kernel", s.toString(), "--x1", x.toString(), "-o", readOnly.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("the file is read-only"), r.err());
        assertEquals("keep\n", Files.readString(readOnly));
    }

    /** Two networks whose second cannot be written: all or nothing, no class of the first is left behind. */
    @Test
    void compileWritesAllClassesOrNone() throws IOException {
        Path two = write("two.ntk", "network A {\n input 2\n dense 4 -> relu\n dense 1\n}\n"
                + "network B {\n input 2\n dense 4 -> erf\n dense 1\n}\n");
        Path out = dir.resolve("gen");
        Path pkg = out.resolve("org/ntkc/generated");
        Files.createDirectories(pkg.resolve("BKernel.java")); // a directory where B's class must go
        MainTest.Run r = run("compile", two.toString(), "-d", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("cannot write '" + pkg.resolve("BKernel.java") + "': it is a directory"),
                r.err());
        assertClean(r);
        try (java.util.stream.Stream<Path> files = Files.list(pkg)) {
            assertEquals(List.of(pkg.resolve("BKernel.java")), files.toList(), "nothing of A, no part files");
        }
        Files.delete(pkg.resolve("BKernel.java"));
        MainTest.Run ok = run("compile", two.toString(), "-d", out.toString());
        assertEquals(0, ok.code(), ok.err());
        for (String name : List.of("AKernel", "AKernelVector", "ANetwork", "BKernel", "BKernelVector", "BNetwork")) {
            assertTrue(Files.isRegularFile(pkg.resolve(name + ".java")), name);
        }
        try (java.util.stream.Stream<Path> files = Files.list(pkg)) {
            assertEquals(6, files.count(), "no part files left");
        }
    }

    // ---- issue 15 item 8: labels ----

    /** Rows of 3 features and a numeric label y = x0 + 0.5 x1 (times {@code factor}), one label replaced if asked. */
    private Path table(String name, int rows, long seed, double factor, int strayRow, String stray) throws IOException {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder b = new StringBuilder("a,b,c,y\n");
        for (int i = 0; i < rows; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            String label = i == strayRow ? stray : Double.toString((x[0] + 0.5 * x[1] + 0.1 * x[2] * x[2]) * factor);
            b.append(x[0]).append(',').append(x[1]).append(',').append(x[2]).append(',').append(label).append('\n');
        }
        return write(name, b.toString());
    }

    @Test
    void oneStrayLabelInANumericColumnIsAnErrorAtItsPlace() throws IOException {
        Path s = spec();
        Path test = table("test.csv", 10, 2, 1, -1, null);
        for (String stray : List.of("NaN", "cat", "inf")) {
            Path train = table("train.csv", 60, 1, 1, 6, stray);
            MainTest.Run r = run("fit", s.toString(), "--train", train.toString(), "--test", test.toString());
            assertEquals(1, r.code(), stray + ": " + r.out() + r.err());
            // Row 7 of the data is line 8 (after the header); the label is the 4th field.
            Matcher m = Pattern.compile(Pattern.quote(train.toString()) + ":8:(\\d+): the label '"
                    + Pattern.quote(stray) + "' is not a number, but the label column is numeric \\(59 of 60")
                    .matcher(r.err());
            assertTrue(m.find(), r.err());
            String line = Files.readAllLines(train).get(7);
            assertEquals(stray, line.substring(Integer.parseInt(m.group(1)) - 1));
            assertFalse(r.out().contains("accuracy="), r.out());
            assertClean(r);
        }
        Path strayTest = table("stray-test.csv", 10, 2, 1, 3, "oops");
        MainTest.Run t = run("fit", s.toString(), "--train", table("train.csv", 60, 1, 1, -1, null).toString(), "--test",
                strayTest.toString());
        assertEquals(1, t.code(), t.err());
        assertTrue(t.err().contains(strayTest + ":5:"), t.err());
        // Declared classification takes every label as a class name.
        Path train = table("train.csv", 60, 1, 1, 6, "cat");
        MainTest.Run declared = run("fit", s.toString(), "--train", train.toString(), "--test", train.toString(), "--task",
                "classification");
        assertEquals(0, declared.code(), declared.err());
        assertTrue(declared.out().contains("classification, 60 classes"), declared.out());
        // Mostly text: class names, as before.
        Path text = write("text.csv", "1,0,0,red\n0,1,0,blue\n0,0,1,red\n1,1,0,7\n");
        MainTest.Run names = run("fit", s.toString(), "--train", text.toString(), "--test", text.toString());
        assertEquals(0, names.code(), names.err());
        assertTrue(names.out().contains("classification, 3 classes (labels are text)"), names.out());
    }

    private static final Pattern RMSE = Pattern.compile("(?m)^rmse=(\\S+) ");

    /** Labels of 1e200: the fit is linear in the labels, so the RMSE is 1e200 times that of the unscaled labels. */
    @Test
    void hugeLabelsGiveTheScaledRmse() throws IOException {
        Path s = spec();
        for (String kernel : List.of("ntk", "nngp")) {
            double[] rmse = new double[2];
            double[] factor = {1, 1e200};
            for (int k = 0; k < 2; k++) {
                Path train = table("train" + k + ".csv", 40, 1, factor[k], -1, null);
                Path test = table("test" + k + ".csv", 15, 2, factor[k], -1, null);
                MainTest.Run r = run("fit", s.toString(), "--train", train.toString(), "--test", test.toString(), "--kernel",
                        kernel);
                assertEquals(0, r.code(), r.err());
                Matcher m = RMSE.matcher(r.out());
                assertTrue(m.find(), r.out());
                rmse[k] = Double.parseDouble(m.group(1));
            }
            assertTrue(rmse[0] > 0 && Double.isFinite(rmse[1]), kernel + ": " + rmse[0] + " " + rmse[1]);
            assertEquals(1, rmse[1] / (1e200 * rmse[0]), 1e-5, kernel); // 6 printed digits
        }
    }

    // ---- issue 15 items 9 and 10: machine-readable lines, bench threads ----

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static void assertNoNonFinite(String line) {
        assertFalse(line.contains("NaN") || line.contains("Infinity"), line);
    }

    @Test
    void machineReadableLinesSayNotAvailableInsteadOfNaN() throws IOException {
        Path s = spec();
        MainTest.Run bench = run("bench", s.toString(), "--n", "12", "--repeat", "1", "--interpret");
        assertEquals(0, bench.code(), bench.err());
        String line = lastLine(bench.out());
        assertNoNonFinite(line);
        assertTrue(line.matches("kernel_seconds=[0-9.]+ gflops_gram=n/a ns_per_entry_layer=n/a"), line);
        assertTrue(bench.out().contains("n/a with --interpret"), bench.out());
        MainTest.Run verify = run("verify", s.toString(), "--points", "3", "--widths", "16", "--samples", "2", "--threads",
                "1");
        assertEquals(0, verify.code(), verify.err());
        line = lastLine(verify.out());
        assertNoNonFinite(verify.out());
        assertTrue(line.matches("slope_ntk=n/a slope_nngp=n/a rel_error_ntk_at_max_width=[0-9.e+-]+"), line);
        assertTrue(verify.out().contains("n/a (one width"), verify.out());
    }

    @Test
    void benchCapsThreadsAtTheProcessors() throws IOException {
        int processors = Runtime.getRuntime().availableProcessors();
        MainTest.Run r = run("bench", spec().toString(), "--n", "40", "--repeat", "1", "--threads",
                Integer.toString(processors * 8));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("note: --threads " + processors * 8 + " capped at the " + processors
                + " processors"), r.out());
        assertTrue(r.out().contains(", " + processors + " threads; Java") || r.out().contains(", " + processors
                + " thread; Java"), r.out());
        assertNoNonFinite(lastLine(r.out()));
    }

    // ---- issue 15 item 7: a degenerate training set ----

    /**
     * Forty identical rows with alternating labels: every standardised input is the same point, so the NNGP posterior
     * mean is the label mean 0.5 everywhere and the posterior variance is (close to) 0, at the training row and at
     * a test row elsewhere. Before, the constant features got a scale of 1e16 from a one-ulp mean, the test row was
     * blown up, and the prediction was 2.5e7 with a variance of 4e30. The system is rank one plus the solver's jitter
     * (1e-10·trace/n: condition number about n·1e10), so the weights are about 1e10 times the targets and the
     * prediction K*·α cancels them: rounding leaves about n·1e10·ε ≈ 1e-5 of the label scale (measured 6.7e-6 with
     * the blocked Cholesky), hence the tolerance 1e-4, which still tells the label mean from any blown-up value.
     */
    @Test
    void aDegenerateTrainingSetGivesTheLabelMeanAndNoVariance() throws IOException {
        Path s = spec();
        Path train = write("deg.csv", "0.3,-1.2,0.7,0\n0.3,-1.2,0.7,1\n".repeat(20));
        Path test = write("degt.csv", "0.3,-1.2,0.7,0\n1,1,1,1\n-5,2,0.25,0\n");
        Path out = dir.resolve("p.csv");
        MainTest.Run r = run("fit", s.toString(), "--train", train.toString(), "--test", test.toString(), "--kernel", "nngp",
                "--variance", "--predictions", out.toString(), "--task", "regression");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(4, lines.size());
        for (String line : lines.subList(1, 4)) {
            String[] f = line.split(",");
            assertEquals(0.5, Double.parseDouble(f[2]), 1e-4, line);
            double variance = Double.parseDouble(f[3]);
            assertTrue(variance >= 0 && variance < 1e-6, line);
        }
    }

    // ---- issue 15 item 17: memory estimated up front by every command ----

    @Test
    void benchAndVerifySayWhatWillNotFitBeforeAllocating() throws IOException {
        Path s = spec();
        long t0 = System.nanoTime();
        MainTest.Run huge = run("bench", s.toString(), "--n", "200000", "--repeat", "1");
        assertEquals(1, huge.code(), huge.err());
        assertTrue(huge.err().contains("a 200000 x 200000 kernel matrix has 40000000000 entries, more than one Java "
                + "array holds"), huge.err());
        assertClean(huge);
        long need = 8L * 40000 * 40000 * 2;
        if (Runtime.getRuntime().maxMemory() < need) {
            MainTest.Run big = run("bench", s.toString(), "--n", "40000", "--repeat", "1");
            assertEquals(1, big.code(), big.err());
            assertTrue(big.err().contains("benchmarking 40000 points (2 kernel matrices of 40000 x 40000) needs "
                    + "about 25.6 GB"), big.err());
            assertTrue(big.err().contains("use fewer points (--n)"), big.err());
            assertClean(big);
        }
        MainTest.Run verify = run("verify", s.toString(), "--points", "20000");
        assertEquals(1, verify.code(), verify.err());
        assertTrue(verify.err().contains("verify on 20000 points with 16 networks per width"), verify.err());
        assertTrue(verify.err().contains("needs about"), verify.err());
        assertClean(verify);
        assertTrue(System.nanoTime() - t0 < 30e9, "refused up front, not after minutes");
    }

    // ---- issue 15 item 18: a slow --interpret says so ----

    @Test
    void aLongInterpreterRunIsAnnouncedWithWhatMakesItSlow() throws IOException {
        Path deep = write("deep.ntk", "network Deep {\n input 2\n repeat 4 { dense 8 -> tanh }\n dense 1\n}\n");
        Path x = write("x2.csv", "0.3,-1\n1,2\n-0.5,0.25\n");
        double saved = InterpreterEstimate.announceSeconds;
        InterpreterEstimate.announceSeconds = 0; // every run counts as long here
        try {
            MainTest.Run r = run("kernel", deep.toString(), "--x1", x.toString(), "--interpret");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("ntkc: note: --interpret takes about"), r.err());
            assertTrue(r.err().contains("for the 6 entries"), r.err());
            assertTrue(r.err().contains("4 of them (tanh x4) integrated by adaptive quadrature for every entry"),
                    r.err());
            assertEquals(3, r.out().strip().split("\n").length, r.out());
        } finally {
            InterpreterEstimate.announceSeconds = saved;
        }
        MainTest.Run quick = run("kernel", deep.toString(), "--x1", x.toString(), "--interpret");
        assertFalse(quick.err().contains("note:"), "a short run says nothing: " + quick.err());
    }
}
