package org.ntkc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntkc.data.IdxFiles;

/** {@code ntkc fit} end to end on small CSV and IDX data sets made here. */
class FitCommandTest {
    private static final Pattern ACCURACY =
            Pattern.compile("accuracy=([0-9.]+) kernel_seconds=[0-9.]+ solve_seconds=[0-9.]+");
    private static final Pattern RMSE = Pattern.compile("rmse=([0-9.eE+-]+) kernel_seconds=[0-9.]+ solve_seconds=[0-9.]+");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path spec(int inputs) throws IOException {
        return write("net" + inputs + ".ntk", "network Net {\n  input " + inputs + "\n  bias_std = 0.1\n  repeat 2 { dense 64 -> relu }\n"
                + "  dense 1\n}\n");
    }

    /** Two classes, "left" and "right", separated along the first of three features; header, label in the middle. */
    private Path blobs(String name, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder("u,side,v,w\n");
        for (int i = 0; i < n; i++) {
            boolean right = i % 2 == 0;
            b.append(String.format(Locale.ROOT, "%.5f,%s,%.5f,%.5f%n", (right ? 2 : -2) + r.nextGaussian(),
                    right ? "right" : "left", r.nextGaussian(), r.nextGaussian()));
        }
        return write(name, b.toString());
    }

    private static double last(MainTest.Run run, Pattern p) {
        String[] lines = run.out().strip().split("\n");
        Matcher m = p.matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), "the last line is machine-readable: " + lines[lines.length - 1]);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void classifiesACsvWithTextLabelsAndWritesPredictions() throws IOException {
        Path out = dir.resolve("pred.csv");
        MainTest.Run run = MainTest.run("fit", spec(3).toString(), "--train", blobs("a.csv", 80, 1).toString(),
                "--test", blobs("b.csv", 40, 2).toString(), "--label-column", "side", "--ridge", "1e-3",
                "--predictions", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("task: classification, 2 classes (labels are text)"), run.out());
        assertTrue(run.out().contains("label column 'side'"), run.out());
        assertTrue(run.out().contains("solve: t = inf, Cholesky, ridge 1e-03·trace/n"), run.out());
        assertTrue(last(run, ACCURACY) >= 0.9, run.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals("index,label,predicted,output_left,output_right", lines.get(0));
        assertEquals(41, lines.size());
        String[] first = lines.get(1).split(",");
        assertEquals("1", first[0]);
        assertEquals("right", first[1], "the first test example is a 'right' one");
        double left = Double.parseDouble(first[3]);
        double right = Double.parseDouble(first[4]);
        assertEquals(left > right ? "left" : "right", first[2], "predicted = the larger output");
        assertEquals(0, left + right, 1e-9, "centred one-hot targets: the outputs sum to 0");
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void regressionAtFiniteTimeAndWithTheNngpVariance() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 240; i++) {
            double x0 = r.nextDouble(-2, 2);
            double x1 = r.nextDouble(-2, 2);
            (i < 200 ? a : b).append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f%n", x0, x1,
                    Math.sin(2 * x0) + 0.5 * x1 + 3.25));
        }
        Path train = write("train.csv", a.toString());
        Path test = write("test.csv", b.toString());
        MainTest.Run inf = MainTest.run("fit", spec(2).toString(), "--train", train.toString(), "--test",
                test.toString());
        assertEquals(0, inf.code(), inf.err());
        assertTrue(inf.out().contains("task: regression, targets centred at their training mean"), inf.out());
        double rmseInf = last(inf, RMSE);
        Matcher baseline = Pattern.compile("predicting the training mean: ([0-9.]+)").matcher(inf.out());
        assertTrue(baseline.find(), inf.out());
        assertTrue(rmseInf < 0.3 * Double.parseDouble(baseline.group(1)), "far better than the mean: " + inf.out());

        MainTest.Run early = MainTest.run("fit", spec(2).toString(), "--train", train.toString(), "--test",
                test.toString(), "--time", "1", "--learning-rate", "0.5");
        assertEquals(0, early.code(), early.err());
        assertTrue(early.out().contains("solve: t = 1, eta = 0.5, eigendecomposition"), early.out());
        assertTrue(early.out().contains("largest stable learning rate 2n/lambda_max: "), early.out());
        assertTrue(last(early, RMSE) > rmseInf, "one step of gradient descent has not fitted yet: " + early.out());

        Path out = dir.resolve("gp.csv");
        MainTest.Run gp = MainTest.run("fit", spec(2).toString(), "--train", train.toString(), "--test",
                test.toString(), "--kernel", "nngp", "--ridge", "1e-4", "--variance", "--predictions", out.toString());
        assertEquals(0, gp.code(), gp.err());
        assertTrue(gp.out().contains("solve: NNGP posterior, Cholesky"), gp.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals("index,label,predicted,variance", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            double variance = Double.parseDouble(line.split(",")[3]);
            assertTrue(variance >= 0 && variance < 1, line);
        }
    }

    @Test
    void fitsIdxImagesWithLimits() throws IOException {
        // 4 x 4 images: class 0 bright on top, class 1 bright at the bottom, with noise; labels 0 and 1.
        SplittableRandom r = new SplittableRandom(4);
        int n = 50;
        int[][] images = new int[n][16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int p = 0; p < 16; p++) {
                boolean bright = (p < 8) == (labels[i] == 0);
                images[i][p] = Math.max(0, Math.min(255, (bright ? 180 : 60) + (int) (40 * r.nextGaussian())));
            }
        }
        Path ti = IdxFiles.images(dir.resolve("ti.gz"), images, 4, 4, true);
        Path tl = IdxFiles.labels(dir.resolve("tl"), labels, false);
        MainTest.Run run = MainTest.run("fit", spec(16).toString(), "--train-images", ti.toString(), "--train-labels",
                tl.toString(), "--test-images", ti.toString(), "--test-labels", tl.toString(), "--limit-train", "30",
                "--limit-test", "20");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("data: 30 training and 20 test examples (IDX images), 16 features"), run.out());
        assertEquals(1.0, last(run, ACCURACY), "the training images themselves, with ridge 0: all right");

        Path fewer = IdxFiles.labels(dir.resolve("fewer"), new int[] {0, 1, 0}, false);
        MainTest.Run bad = MainTest.run("fit", spec(16).toString(), "--train-images", ti.toString(), "--train-labels",
                fewer.toString(), "--test-images", ti.toString(), "--test-labels", tl.toString());
        assertEquals(1, bad.code());
        assertEquals("ntkc: " + fewer + " holds 3 labels, but " + ti + " holds 50 images\n", bad.err());
    }

    @Test
    void mistakesAreOneLineWithTheRightExitStatus() throws IOException {
        String s = spec(3).toString();
        Path a = blobs("a.csv", 10, 1);
        record Case(int code, String message, String[] args) {
        }
        List<Case> cases = List.of(
                new Case(2, "no data", new String[] {"fit", s}),
                new Case(2, "give both --train and --test", new String[] {"fit", s, "--train", a.toString()}),
                new Case(2, "not both", new String[] {"fit", s, "--train", a.toString(), "--test", a.toString(),
                    "--train-images", a.toString()}),
                new Case(2, "all four", new String[] {"fit", s, "--train-images", a.toString()}),
                new Case(2, "--time must be a number >= 0 or 'inf', got 'soon'",
                        new String[] {"fit", s, "--train", a.toString(), "--test", a.toString(), "--time", "soon"}),
                new Case(2, "--time is for --kernel ntk", new String[] {"fit", s, "--train", a.toString(), "--test",
                    a.toString(), "--kernel", "nngp", "--time", "3"}),
                new Case(2, "--ridge values must be numbers >= 0, got '-1'", new String[] {"fit", s, "--train",
                    a.toString(), "--test", a.toString(), "--ridge", "-1"}),
                new Case(2, "several --ridge values are for --nystrom", new String[] {"fit", s, "--train",
                    a.toString(), "--test", a.toString(), "--ridge", "1e-3,1e-2"}),
                new Case(2, "--ridge values must be > 0 with --nystrom, got 0", new String[] {"fit", s, "--train",
                    a.toString(), "--test", a.toString(), "--nystrom", "5", "--ridge", "0"}),
                new Case(2, "--time is for the exact solve", new String[] {"fit", s, "--train", a.toString(),
                    "--test", a.toString(), "--nystrom", "5", "--time", "10"}),
                new Case(2, "--validation must be a share between 0 and 1", new String[] {"fit", s, "--train",
                    a.toString(), "--test", a.toString(), "--nystrom", "5", "--validation", "0"}),
                new Case(2, "--nystrom 20 asks for more centres than the 9 training examples left after holding out "
                    + "1 for validation", new String[] {"fit", s, "--train", a.toString(), "--test", a.toString(),
                        "--label-column", "side", "--nystrom", "20"}),
                new Case(2, "--nystrom must be a number of centres >= 1", new String[] {"fit", s, "--train",
                    a.toString(), "--test", a.toString(), "--nystrom", "-3"}),
                new Case(2, "no such file", new String[] {"fit", s, "--train", dir.resolve("nope.csv").toString(),
                    "--test", a.toString()}),
                new Case(1, "examples have 3 features (the label column excluded), but network Net takes input 2",
                        new String[] {"fit", spec(2).toString(), "--train", a.toString(), "--test", a.toString(),
                            "--label-column", "side"}),
                new Case(1, "bad.csv:3:1: 'x' is not a number", new String[] {"fit", spec(3).toString(), "--train",
                    write("bad.csv", "a,b,c,d\n1,2,3,4\nx,2,3,4\n").toString(), "--test", a.toString()}),
                new Case(1, "example 1 has the label 'right', not a number", new String[] {"fit", spec(3).toString(),
                    "--train", a.toString(), "--test", a.toString(), "--label-column", "side", "--task",
                    "regression"}));
        for (Case c : cases) {
            MainTest.Run run = MainTest.run(c.args());
            assertEquals(c.code(), run.code(), String.join(" ", c.args()) + "\n" + run.err());
            assertTrue(run.err().contains(c.message()), run.err());
            assertFalse(run.err().contains("\tat "), run.err());
            assertTrue(run.out().isEmpty() || !run.out().contains("kernel_seconds"), run.out());
        }
    }

    private static final Pattern NYSTROM = Pattern.compile(
            "(accuracy|rmse)=([0-9.eE+-]+) centres=([0-9]+) ridge=([0-9.eE+-]+) iterations=([0-9]+) "
                    + "total_seconds=[0-9.]+");

    private static double[] predicted(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        double[] v = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            v[i - 1] = Double.parseDouble(lines.get(i).split(",")[2]);
        }
        return v;
    }

    @Test
    void nystromWithEveryTrainingPointACentreIsTheExactFit() throws IOException {
        String[] data = {"examples/smooth.ntk", "--network", "Standard2", "--label-column", "y",
            "--train", "examples/data/friedman1-train.csv", "--test", "examples/data/friedman1-test.csv"};
        Path exact = dir.resolve("exact.csv");
        Path nystrom = dir.resolve("nystrom.csv");
        MainTest.Run a = MainTest.run(concat(new String[] {"fit"}, data, "--ridge", "1e-3", "--predictions",
                exact.toString()));
        assertEquals(0, a.code(), a.err());
        MainTest.Run b = MainTest.run(concat(new String[] {"fit"}, data, "--ridge", "1e-3", "--nystrom", "1000",
                "--tolerance", "1e-13", "--iterations", "1000", "--predictions", nystrom.toString()));
        assertEquals(0, b.code(), b.err());
        String[] lines = b.out().strip().split("\n");
        Matcher m = NYSTROM.matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), lines[lines.length - 1]);
        assertEquals("1000", m.group(3));
        assertFalse(b.out().contains("held out"), "one ridge value: nothing held out\n" + b.out());
        double[] p = predicted(exact);
        double[] q = predicted(nystrom);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < p.length; i++) {
            worst = Math.max(worst, Math.abs(p[i] - q[i]));
            scale = Math.max(scale, Math.abs(p[i]));
        }
        assertEquals(500, p.length);
        assertTrue(scale > 10, "predictions around the mean 14.8");
        assertTrue(worst < 1e-7 * scale, "Nystrom with M = N vs exact: " + worst);
    }

    @Test
    void nystromChoosesTheRidgeOnHeldOutRowsThenRefitsOnAll() throws IOException {
        MainTest.Run run = MainTest.run("fit", spec(3).toString(), "--train", blobs("a.csv", 200, 1).toString(),
                "--test", blobs("b.csv", 60, 2).toString(), "--label-column", "side", "--nystrom", "40",
                "--validation", "0.25", "--ridge", "1e-4,1e-1,10");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("centres: 40 drawn uniformly (seed 1) from 150 training examples (50 held out "
                + "to choose the ridge)"), run.out());
        assertEquals(3, run.out().lines().filter(l -> l.matches("ridge \\S+: \\d+ iterations?, residual .*validation "
                + "accuracy .*")).count(), run.out());
        assertTrue(run.out().contains("refit on all 200 rows"), run.out());
        String[] lines = run.out().strip().split("\n");
        Matcher m = NYSTROM.matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), lines[lines.length - 1]);
        assertTrue(Double.parseDouble(m.group(2)) >= 0.9, run.out());
        MainTest.Run stream = MainTest.run("fit", spec(3).toString(), "--train", blobs("a.csv", 200, 1).toString(),
                "--test", blobs("b.csv", 60, 2).toString(), "--label-column", "side", "--nystrom", "40",
                "--nystrom-mode", "stream");
        assertEquals(0, stream.code(), stream.err());
        assertTrue(stream.out().contains("stream: kernel blocks recomputed on every iteration"), stream.out());
        assertTrue(stream.out().contains("ridge 1e-4: "), stream.out());
    }

    @Test
    void exactModeSaysBeforeAllocatingThatTheKernelCannotFit() throws IOException {
        // enough rows that 16 n^2 bytes exceed this JVM's heap, whatever it is: the check must come first
        int n = (int) Math.ceil(Math.sqrt(Runtime.getRuntime().maxMemory() / 16.0) * 1.1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i % 7).append(',').append(i % 2).append('\n');
        }
        Path big = write("big.csv", b.toString());
        MainTest.Run run = MainTest.run("fit", spec(1).toString(), "--train", big.toString(), "--test", big.toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("exact kernel regression on " + n + " training examples"), run.err());
        assertTrue(run.err().matches("(?s).*needs about [0-9.]+ GB, more than the [0-9.]+ GB this JVM has free.*"),
                run.err());
        assertTrue(run.err().contains("use Nystrom regression instead (--nystrom "), run.err());
        assertTrue(run.err().contains("NTKC_JAVA_OPTS=-Xmx"), run.err());
        assertFalse(run.out().contains("kernel:"), "nothing computed: " + run.out());
    }

    @Test
    void kernelCommandSaysBeforeAllocatingThatTheMatrixCannotFit() throws IOException {
        int n = (int) Math.ceil(Math.sqrt(Runtime.getRuntime().maxMemory() / 8.0) * 1.1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i % 13).append('\n');
        }
        Path points = write("points.csv", b.toString());
        Path out = dir.resolve("k.csv");
        MainTest.Run run = MainTest.run("kernel", spec(1).toString(), "--x1", points.toString(), "-o", out.toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("the " + n + " x " + n + " kernel matrix needs about")
                || run.err().contains("more than one Java array holds"), run.err());
        assertFalse(Files.exists(out), "no output file");
    }

    private static String[] concat(String[] a, String[] b, String... c) {
        String[] r = new String[a.length + b.length + c.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        System.arraycopy(c, 0, r, a.length + b.length, c.length);
        return r;
    }
}
