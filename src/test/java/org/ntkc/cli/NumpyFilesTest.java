package org.ntkc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntkc.data.CsvMatrix;
import org.ntkc.data.Npy;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.NtkKernel;

/** NumPy files through the commands: numpy's own round trip, the streamed kernel, and every bad file. */
class NumpyFilesTest {
    private static final String SPEC = "network Net {\n  input 3\n  bias_std = 0.1\n  dense 8 -> relu\n  dense 1\n}\n";

    @TempDir
    Path dir;

    private Path spec() throws IOException {
        Path p = dir.resolve("net.ntk");
        Files.writeString(p, SPEC);
        return p;
    }

    private static double[][] points(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    private Path npy(String name, double[][] x) throws IOException {
        Path p = dir.resolve(name);
        double[] flat = new double[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * x[0].length, x[0].length);
        }
        Npy.writeAtomically(p, flat, x.length, x[0].length);
        return p;
    }

    private static double[] read(Path p) throws Exception {
        return Npy.read(p).data();
    }

    private static double[] csv(Path p) throws Exception {
        double[][] m = CsvMatrix.read(p);
        return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                throw new AssertionError(what + ": entry " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @Test
    void aKernelWrittenInBlocksIsTheOneArrayKernelBitForBit() throws Exception {
        double[][] a = points(41, 5);
        double[][] b = points(17, 6);
        Path x1 = npy("a.npy", a);
        Path x2 = npy("b.npy", b);
        String s = spec().toString();
        // K(A, B): the one-array kernel (CSV, exact in round-trip precision) and the file written 4, 7 and 41 rows at
        // a time (11, 6 and 1 blocks)
        Path oneArray = dir.resolve("k.csv");
        assertEquals(0, MainTest.run("kernel", s, "--x1", x1.toString(), "--x2", x2.toString(), "-o",
                oneArray.toString()).code());
        double[] expected = csv(oneArray);
        for (int rows : new int[] {4, 7, 41}) {
            Path out = dir.resolve("k" + rows + ".npy");
            MainTest.Run r = MainTest.run("kernel", s, "--x1", x1.toString(), "--x2", x2.toString(), "-o",
                    out.toString(), "--block-rows", Integer.toString(rows));
            assertEquals(0, r.code(), r.err());
            assertArrayEquals(new long[] {41, 17}, Npy.read(out).shape());
            assertBits(expected, read(out), rows + " rows per block");
            if (rows < 41) {
                assertTrue(r.err().contains("writing the 41 x 17 kernel matrix"), r.err());
            }
        }
        // K(A, A): blocks of rows hold K(x_i, x_j) for i <= j and the mirror image below, so the file is exactly
        // symmetric. Blocks start at multiples of the generated code's tile width (256 rows; other sizes are rounded
        // up), so every entry on and above the diagonal is, bit for bit, that of the one-array kernel of A against
        // a copy of A. The one-array K(A, A) itself takes another code path and agrees to rounding.
        double[][] c = points(600, 7);
        Path xc = npy("c.npy", c);
        NtkKernel kernel = org.ntkc.loader.KernelLoader.load(org.ntkc.TestSpecs.program(SPEC), "net", KernelOptions.defaults());
        KernelMatrix full = kernel.ntk(c, c.clone());
        KernelMatrix symmetric = kernel.ntk(c, c);
        int n = c.length;
        for (int rows : new int[] {256, 300, 600}) { // 300 is rounded up to 512
            Path out = dir.resolve("s" + rows + ".npy");
            assertEquals(0, MainTest.run("kernel", s, "--x1", xc.toString(), "-o", out.toString(), "--block-rows",
                    Integer.toString(rows)).code());
            double[] k = read(out);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(Double.doubleToRawLongBits(k[j * n + i]), Double.doubleToRawLongBits(k[i * n + j]));
                    if (j >= i) {
                        assertEquals(Double.doubleToRawLongBits(full.get(i, j)),
                                Double.doubleToRawLongBits(k[i * n + j]), rows + " rows: (" + i + ", " + j + ")");
                    }
                    // the symmetric one-array code path may round differently in the last place
                    assertEquals(symmetric.get(i, j), k[i * n + j], 1e-14 * symmetric.get(0, 0));
                }
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".part")).toList());
        }
    }

    @Test
    void aKernelTooLargeForOneArrayPointsToNpy() throws Exception {
        // 46 341^2 > 2^31 entries: CSV output refuses with a pointer to .npy (the points are one value each, cheap)
        Path s = dir.resolve("one.ntk");
        Files.writeString(s, "network One {\n  input 1\n  dense 2 -> relu\n  dense 1\n}\n");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 46_341; i++) {
            text.append(i % 7).append('\n');
        }
        Path x = dir.resolve("x.csv");
        Files.writeString(x, text);
        MainTest.Run r = MainTest.run("kernel", s.toString(), "--x1", x.toString(), "-o", dir.resolve("k.csv")
                .toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("more than one Java array holds") && r.err().contains("-o K.npy"), r.err());
    }

    @Test
    void badFilesAreNamedWithWhatIsWrongAndLeaveNoOutput() throws Exception {
        String s = spec().toString();
        Path good = npy("good.npy", points(4, 1));
        byte[] bytes = Files.readAllBytes(good);
        String header = new String(bytes, 0, 128, StandardCharsets.ISO_8859_1);
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"text.npy", "1,2,3\n".getBytes(StandardCharsets.US_ASCII),
            "not a .npy file (bad magic: it does not start with \\x93NUMPY)"});
        cases.add(new Object[] {"complex.npy", header.replace("'<f8'", "'<c8'").getBytes(StandardCharsets.ISO_8859_1),
            "unsupported dtype '<c8'"});
        cases.add(new Object[] {"truncated.npy", Arrays.copyOf(bytes, bytes.length - 5),
            "truncated: the header promises (4, 3) float64 values (96 bytes of data), the file holds 91"});
        cases.add(new Object[] {"long.npy", Arrays.copyOf(bytes, bytes.length + 8),
            "8 bytes after the 96 bytes of data"});
        cases.add(new Object[] {"flat.npy", shape(bytes, "(4, 3)", "(12,)  "),
            "wrong shape (12,): expected a 2-D array of points (one per row); for one feature per point, save "
                    + "x.reshape(-1, 1)"});
        cases.add(new Object[] {"cube.npy", shape(bytes, "(4, 3)", "(2,2,3)"),
            "wrong shape (2, 2, 3): expected a 2-D array of points"});
        cases.add(new Object[] {"wide.npy", shape(bytes, "(4, 3)", "(3, 4)"),
            "points have 4 values per row, but network Net takes input 3"});
        double[][] nan = points(2, 2);
        nan[1][2] = Double.NaN;
        Files.copy(npy("nan0.npy", nan), dir.resolve("nan.npy"));
        cases.add(new Object[] {"nan.npy", null, "element [1, 2] is NaN, not a finite number"});
        for (Object[] c : cases) {
            Path data = dir.resolve((String) c[0]);
            if (c[1] != null) {
                Files.write(data, (byte[]) c[1]);
            }
            for (String output : new String[] {"out.npy", "out.csv"}) {
                Path out = dir.resolve(output);
                MainTest.Run r = MainTest.run("kernel", s, "--x1", data.toString(), "-o", out.toString());
                assertEquals(1, r.code(), c[0] + ": " + r.err());
                assertTrue(r.err().contains("ntkc: " + data + ": " + c[2]), () -> c[0] + " got: " + r.err());
                assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
                assertFalse(Files.exists(out), "no output on error");
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".part")).toList());
        }
        MainTest.Run missing = MainTest.run("kernel", s, "--x1", dir.resolve("none.npy").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    /** The same bytes with another shape in the header (padded to the same length). */
    private static byte[] shape(byte[] bytes, String from, String to) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        String changed = all.replace(from, to);
        int grow = changed.length() - all.length();
        if (grow > 0) { // take the extra characters out of the header's padding
            int pad = changed.indexOf("}") + 1;
            changed = changed.substring(0, pad) + changed.substring(pad + grow);
        }
        return changed.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void fitReadsArraysWithLabelArraysOrALabelColumnAndWritesNpyPredictions() throws Exception {
        String s = spec().toString();
        double[][] train = points(60, 11);
        double[][] test = points(20, 12);
        StringBuilder trainCsv = new StringBuilder();
        StringBuilder testCsv = new StringBuilder();
        double[] yTrain = new double[60];
        double[] yTest = new double[20];
        double[][] trainXy = new double[60][];
        double[][] testXy = new double[20][];
        for (int pass = 0; pass < 2; pass++) {
            double[][] x = pass == 0 ? train : test;
            double[] y = pass == 0 ? yTrain : yTest;
            double[][] xy = pass == 0 ? trainXy : testXy;
            StringBuilder csv = pass == 0 ? trainCsv : testCsv;
            for (int i = 0; i < x.length; i++) {
                y[i] = x[i][0] > 0.5 ? 2 : x[i][0] > -0.5 ? 1 : 0;
                xy[i] = Arrays.copyOf(x[i], 4);
                xy[i][3] = y[i];
                csv.append(CsvMatrix.format(x[i][0])).append(',').append(CsvMatrix.format(x[i][1])).append(',')
                        .append(CsvMatrix.format(x[i][2])).append(',').append((int) y[i]).append('\n');
            }
        }
        Files.writeString(dir.resolve("train.csv"), trainCsv);
        Files.writeString(dir.resolve("test.csv"), testCsv);
        Npy.writeAtomically(dir.resolve("ya.npy"), yTrain, 60);
        Npy.writeAtomically(dir.resolve("yb.npy"), yTest, 20);
        npy("xa.npy", train);
        npy("xb.npy", test);
        npy("xya.npy", trainXy);
        npy("xyb.npy", testXy);
        MainTest.Run csv = MainTest.run("fit", s, "--train", dir.resolve("train.csv").toString(), "--test",
                dir.resolve("test.csv").toString(), "--predictions", dir.resolve("p.csv").toString());
        assertEquals(0, csv.code(), csv.err());
        MainTest.Run arrays = MainTest.run("fit", s, "--train", dir.resolve("xa.npy").toString(), "--train-labels",
                dir.resolve("ya.npy").toString(), "--test", dir.resolve("xb.npy").toString(), "--test-labels",
                dir.resolve("yb.npy").toString(), "--predictions", dir.resolve("p.npy").toString());
        assertEquals(0, arrays.code(), arrays.err());
        MainTest.Run column = MainTest.run("fit", s, "--train", dir.resolve("xya.npy").toString(), "--test",
                dir.resolve("xyb.npy").toString());
        assertEquals(0, column.code(), column.err());
        String accuracy = csv.out().lines().filter(l -> l.startsWith("test accuracy")).findFirst().orElseThrow();
        assertTrue(arrays.out().contains(accuracy), arrays.out());
        assertTrue(column.out().contains(accuracy), column.out());
        // the .npy predictions are the CSV's output_0 .. output_2 columns, bit for bit
        List<String> lines = Files.readAllLines(dir.resolve("p.csv"));
        assertEquals("index,label,predicted,output_0,output_1,output_2", lines.get(0));
        Npy.Array p = Npy.read(dir.resolve("p.npy"));
        assertArrayEquals(new long[] {20, 3}, p.shape());
        for (int i = 0; i < 20; i++) {
            String[] f = lines.get(i + 1).split(",");
            for (int c = 0; c < 3; c++) {
                assertEquals(Double.parseDouble(f[3 + c]), p.data()[i * 3 + c], 0.0, "row " + i);
            }
        }
        MainTest.Run wrong = MainTest.run("fit", s, "--train", dir.resolve("xa.npy").toString(), "--train-labels",
                dir.resolve("yb.npy").toString(), "--test", dir.resolve("xb.npy").toString(), "--test-labels",
                dir.resolve("yb.npy").toString());
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("yb.npy: wrong shape (20,): expected one label per example of "
                + dir.resolve("xa.npy") + ", shape (60,)"), wrong.err());
        MainTest.Run half = MainTest.run("fit", s, "--train", dir.resolve("xa.npy").toString(), "--train-labels",
                dir.resolve("ya.npy").toString(), "--test", dir.resolve("xb.npy").toString());
        assertEquals(2, half.code());
        assertTrue(half.err().contains("give both --train-labels and --test-labels"), half.err());
    }

    /** python3 with numpy, or a visible skip. */
    private static String python() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy; print(numpy.__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return out;
            }
        } catch (IOException | InterruptedException e) {
            // skipped below
        }
        Assumptions.assumeTrue(false, "python3 with numpy is not available: the numpy round trip is skipped");
        return null;
    }

    private String python(String script) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void numpyRoundTrip() throws Exception {
        python();
        // np.save in float64 (C and Fortran order) and float32, an .npz archive, and CSV copies of the same values
        python("import numpy as np\n"
                + "r = np.random.default_rng(7)\n"
                + "x = r.standard_normal((13, 3)); z = r.standard_normal((5, 3))\n"
                + "np.save('x64.npy', x); np.save('xf.npy', np.asfortranarray(x))\n"
                + "np.save('x32.npy', x.astype(np.float32))\n"
                + "np.savez('d.npz', train=x, test=z)\n"
                + "np.savetxt('x64.csv', x, delimiter=',', fmt='%.17g')\n"
                + "np.savetxt('x32.csv', x.astype(np.float32).astype(np.float64), delimiter=',', fmt='%.17g')\n"
                + "np.savetxt('z.csv', z, delimiter=',', fmt='%.17g')\n");
        String s = spec().toString();
        String[][] runs = {
            {"x64.npy", null, "k64.npy"}, {"xf.npy", null, "kf.npy"}, {"x32.npy", null, "k32.npy"},
            {"x64.csv", null, "k64c.npy"}, {"x32.csv", null, "k32c.npy"}, {"d.npz:train", "d.npz:test", "kd.npy"},
            {"x64.csv", "z.csv", "kd.csv"},
        };
        for (String[] r : runs) {
            List<String> args = new ArrayList<>(List.of("kernel", s, "--x1", r[0], "-o", r[2]));
            if (r[1] != null) {
                args.addAll(List.of("--x2", r[1]));
            }
            MainTest.Run run = MainTest.run(args.stream().map(a -> a.endsWith(".ntk") || a.startsWith("-")
                    || a.equals("kernel") ? a : dir.resolve(a).toString()).toArray(String[]::new));
            assertEquals(0, run.code(), Arrays.toString(r) + ": " + run.err());
        }
        String out = python("import numpy as np\n"
                + "k = np.load('k64.npy')\n"
                + "assert k.dtype == np.float64 and k.shape == (13, 13), (k.dtype, k.shape)\n"
                + "assert (k == k.T).all()\n"
                + "assert np.array_equal(k, np.load('kf.npy')), 'Fortran order'\n"
                + "assert np.array_equal(k, np.load('k64c.npy')), 'npy input = csv input'\n"
                + "k32 = np.load('k32.npy')\n"
                + "assert np.array_equal(k32, np.load('k32c.npy')), 'float32 input = its values as csv'\n"
                + "assert not np.array_equal(k32, k) and np.allclose(k32, k, rtol=1e-5)\n"
                + "assert np.array_equal(np.load('kd.npy'), np.loadtxt('kd.csv', delimiter=',')), 'npz, vs csv'\n"
                + "x = np.load('x64.npy')\n"
                + "assert (np.diag(k) > 0).all() and np.linalg.eigvalsh(k).min() > -1e-12 * np.diag(k).max()\n"
                + "print('round trip ok', k.shape, k32.dtype)\n");
        assertTrue(out.contains("round trip ok (13, 13) float64"), out);
    }
}
