package org.ntkc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntkc.TestPoints;
import org.ntkc.TestSpecs;
import org.ntkc.nystrom.BlockKernel;
import org.ntkc.nystrom.Centres;
import org.ntkc.nystrom.Falkon;
import org.ntkc.nystrom.GramAccumulator;
import org.ntkc.nystrom.NormalOperator;
import org.ntkc.nystrom.NystromModel;
import org.ntkc.nystrom.TrainingSet;
import org.ntkc.runtime.KernelOptions;

/**
 * The Spark data path in {@code local[2]} on loopback against the single-machine one: the same centres give the same
 * H, right-hand side and coefficients whatever the number of partitions, with H reduced whole or in bands, and the
 * streaming operator matches too. The kernel class is compiled on the driver and reaches the executors through
 * {@code addJar}, as for a spec compiled at run time under spark-submit.
 */
class SparkNystromTest {
    private static JavaSparkContext sc;
    private static KernelRef ref;
    private static BlockKernel local;
    private static double[][] x;
    private static double[][] y;
    private static double[][] centres;

    @BeforeAll
    static void start(@TempDir Path jars) {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("ntkc-test")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        sc = new JavaSparkContext(conf);
        var program = TestSpecs.program("""
                network Small {
                  input 5
                  bias_std = 0.3
                  repeat 2 { dense 64 -> erf }
                  dense 1
                }
                """);
        SparkKernels.Shipped shipped = SparkKernels.ship(sc, program, "test.ntk", jars);
        ref = new KernelRef(shipped.className(), BlockKernel.Kind.NTK, 1);
        local = BlockKernel.of(SparkKernels.driverKernel(shipped, KernelOptions.defaults()), BlockKernel.Kind.NTK);
        x = TestPoints.random(500, 5, 21);
        y = new double[2][x.length];
        for (int i = 0; i < x.length; i++) {
            y[0][i] = Math.sin(x[i][0] * x[i][1]);
            y[1][i] = x[i][2] - x[i][3] * x[i][4];
        }
        centres = Centres.rows(x, Centres.uniform(x, 60, 3));
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    private static JavaRDD<SparkNystrom.Example> examples(int partitions) {
        List<SparkNystrom.Example> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            rows.add(new SparkNystrom.Example(x[i], new double[] {y[0][i], y[1][i]}));
        }
        return sc.parallelize(rows, partitions);
    }

    private static double maxRelDiff(double[][] a, double[][] b) {
        double d = 0;
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            for (int i = 0; i < a[c].length; i++) {
                d = Math.max(d, Math.abs(a[c][i] - b[c][i]));
                s = Math.max(s, Math.abs(b[c][i]));
            }
        }
        return d / s;
    }

    /** Predictions of the model with coefficients alpha at the training points. */
    private static double[][] predict(double[][] alpha) {
        return new NystromModel(centres, alpha).predict(local, x, 128, 2);
    }

    @Test
    void gramPassMatchesOneMachineForAnyPartitioningAndBanding() {
        GramAccumulator single = new TrainingSet(x, y, 100).accumulate(local, centres, 2, null);
        Falkon falkon = Falkon.prepare(local.compute(centres, centres), centres.length, 2);
        double[][] alpha = falkon.solveDirect(single, 1e-3);
        for (int partitions : new int[] {1, 3, 8}) {
            for (long bandBytes : new long[] {128L << 20, 8L * 60 * 7}) { // whole, or bands of 7 centres
                var options = new SparkNystrom.Options(64, bandBytes, 2, true);
                GramAccumulator spark = SparkNystrom.gram(sc, examples(partitions), centres, 2, ref, options);
                assertEquals(x.length, spark.points());
                double[] a = single.matrix();
                double[] b = spark.matrix();
                double scale = Arrays.stream(a).map(Math::abs).max().orElseThrow();
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 1e-13 * scale, "H entry " + i + ", " + partitions + " partitions");
                }
                assertTrue(maxRelDiff(spark.rhs(), single.rhs()) < 1e-13);
                double[][] sparkAlpha = falkon.solveDirect(spark, 1e-3);
                double d = maxRelDiff(predict(sparkAlpha), predict(alpha));
                assertTrue(d < 1e-10, partitions + " partitions, band " + bandBytes + ": predictions differ by " + d
                        + " (coefficients by " + maxRelDiff(sparkAlpha, alpha) + ")");
            }
        }
    }

    @Test
    void streamingMatchesOneMachineAndPredictionsMatch() {
        Falkon falkon = Falkon.prepare(local.compute(centres, centres), centres.length, 2);
        NormalOperator one = new TrainingSet(x, y, 100).streaming(local, centres, 2);
        double[][] expected = falkon.solve(one, 1e-2, 300, 1e-14).alpha();
        double[][] u = TestPoints.random(3, centres.length, 5);
        double[][] hu = one.apply(u);
        for (boolean cache : new boolean[] {true, false}) {
            var options = new SparkNystrom.Options(50, 128L << 20, 2, cache);
            try (var op = SparkNystrom.streaming(sc, examples(3), centres, 2, ref, options)) {
                assertTrue(maxRelDiff(op.apply(u), hu) < 1e-13, "one streaming product");
                assertTrue(maxRelDiff(op.rhs(), one.rhs()) < 1e-13, "right-hand side");
                double[][] got = falkon.solve(op, 1e-2, 300, 1e-14).alpha();
                double d = maxRelDiff(predict(got), predict(expected));
                assertTrue(d < 1e-10, "streaming on Spark (cache " + cache + ") vs one machine: " + d);
            }
        }
        NystromModel model = new NystromModel(centres, expected);
        double[][] test = TestPoints.random(70, 5, 99);
        double[][] want = model.predict(local, test, 16, 2);
        List<double[]> got = SparkNystrom.predict(sc, sc.parallelize(Arrays.asList(test), 4), centres, expected, ref, 16)
                .collect();
        assertEquals(test.length, got.size());
        for (int i = 0; i < test.length; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(want[c][i], got.get(i)[c], 1e-12 * (1 + Math.abs(want[c][i])));
            }
        }
    }

    /** Runs {@code ntkc fit} and returns its predictions file's lines (the output is kept for the messages). */
    private static List<String> fit(Path dir, String name, org.ntkc.nystrom.NystromEngine.Factory engines,
                                    String... extra) throws Exception {
        Path predictions = dir.resolve(name + ".csv");
        List<String> args = new ArrayList<>(List.of("fit", "examples/smooth.ntk", "--network", "Standard2", "--train",
                "examples/data/friedman1-train.csv", "--test", "examples/data/friedman1-test.csv", "--label-column",
                "y", "--nystrom", "200", "--predictions", predictions.toString(), "--threads", "2"));
        args.addAll(List.of(extra));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = org.ntkc.cli.Main.execute(args.toArray(new String[0]), new java.io.PrintWriter(out),
                new java.io.PrintWriter(err), engines);
        assertEquals(0, code, out + "\n" + err);
        System.out.println(name + ":\n" + out);
        return java.nio.file.Files.readAllLines(predictions);
    }

    @Test
    void fitCommandOnSparkPredictsWhatTheOneMachineFitPredicts(@TempDir Path dir) throws Exception {
        var engines = SparkEngine.factory(sc, dir.resolve("jars"), SparkNystrom.Options.defaults());
        for (String mode : new String[] {"gram", "stream"}) {
            String[] extra = mode.equals("gram") ? new String[] {"--ridge", "1e-4,1e-2", "--nystrom-mode", "gram"}
                    : new String[] {"--ridge", "1e-3", "--nystrom-mode", "stream", "--tolerance", "1e-12",
                        "--iterations", "300"};
            List<String> one = fit(dir, mode + "-local", null, extra);
            List<String> spark = fit(dir, mode + "-spark", engines, extra);
            assertEquals(one.size(), spark.size());
            assertEquals(501, one.size());
            double worst = 0;
            double scale = 0;
            for (int i = 1; i < one.size(); i++) {
                double a = Double.parseDouble(one.get(i).split(",")[2]);
                double b = Double.parseDouble(spark.get(i).split(",")[2]);
                worst = Math.max(worst, Math.abs(a - b));
                scale = Math.max(scale, Math.abs(a));
            }
            assertTrue(scale > 1, "predictions of size " + scale);
            assertTrue(worst <= 1e-10 * scale, mode + ": Spark and one machine differ by " + worst);
        }
    }
}
