package org.ntkc.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.ntkc.nystrom.BlockKernel;
import org.ntkc.nystrom.GramAccumulator;
import org.ntkc.nystrom.NormalOperator;
import org.ntkc.nystrom.NystromEngine;

/**
 * The data passes of a Nyström fit on Spark: the training rows are distributed over {@code partitions} partitions,
 * the network's kernel class reaches the executors in a jar added with {@code addJar}, and {@link SparkNystrom} turns
 * each partition into kernel blocks. The solver stays on the driver, so a fit here and one on a single machine with
 * the same rows, targets and centres agree up to the order of floating-point sums.
 */
public final class SparkEngine implements NystromEngine {
    private final JavaSparkContext sc;
    private final KernelRef kernel;
    private final int partitions;
    private final SparkNystrom.Options options;
    private final List<SparkNystrom.StreamingOperator> open = new ArrayList<>();
    private final List<JavaRDD<SparkNystrom.Example>> distributed = new ArrayList<>();

    public SparkEngine(JavaSparkContext sc, KernelRef kernel, int partitions, SparkNystrom.Options options) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        this.sc = sc;
        this.kernel = kernel;
        this.partitions = partitions;
        this.options = options;
    }

    /**
     * Engines for {@code ntkc fit --nystrom} under Spark: each fit compiles its network, ships it in a jar written to
     * {@code jars}, and spreads the rows over {@code sc.defaultParallelism()} partitions. Each task uses
     * {@code spark.task.cpus} threads (default 1).
     */
    public static Factory factory(JavaSparkContext sc, Path jars, SparkNystrom.Options options) {
        return (program, specName, kind, local, threads) -> {
            SparkKernels.Shipped shipped = SparkKernels.ship(sc, program, specName, jars);
            int taskThreads = sc.getConf().getInt("spark.task.cpus", 1);
            return new SparkEngine(sc, new KernelRef(shipped.className(), kind, taskThreads),
                    sc.defaultParallelism(), options);
        };
    }

    /** A temporary folder for kernel jars, removed when the JVM exits. */
    public static Path temporaryJarFolder() {
        try {
            Path dir = Files.createTempDirectory("ntkc-spark-jars");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the kernel jars", e);
        }
    }

    @Override
    public String describe() {
        return "Spark " + sc.master() + ", " + partitions + (partitions == 1 ? " partition" : " partitions");
    }

    private JavaRDD<SparkNystrom.Example> rows(double[][] x, double[][] y) {
        List<SparkNystrom.Example> rows = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            double[] t = new double[y.length];
            for (int c = 0; c < y.length; c++) {
                t[c] = y[c][i];
            }
            rows.add(new SparkNystrom.Example(x[i], t));
        }
        JavaRDD<SparkNystrom.Example> rdd = sc.parallelize(rows, partitions);
        // Tasks of a parallelized RDD carry their partition's rows, on every pass (every CG iteration in stream mode).
        // A local checkpoint keeps the rows in the executors' block managers instead and cuts that lineage.
        rdd.rdd().localCheckpoint();
        rdd.count();
        distributed.add(rdd);
        return rdd;
    }

    @Override
    public GramAccumulator gram(double[][] x, double[][] y, double[][] centres, IntConsumer rowsDone) {
        GramAccumulator acc = SparkNystrom.gram(sc, rows(x, y), centres, y.length, kernel, options);
        if (rowsDone != null) {
            rowsDone.accept(x.length);
        }
        return acc;
    }

    @Override
    public String streamingBlocks() {
        return options.cacheBlocks() ? "kernel blocks computed once and persisted (memory and disk) for the iterations"
                : "kernel blocks recomputed on every iteration";
    }

    @Override
    public NormalOperator streaming(double[][] x, double[][] y, double[][] centres) {
        SparkNystrom.StreamingOperator op = SparkNystrom.streaming(sc, rows(x, y), centres, y.length, kernel, options);
        open.add(op);
        return op;
    }

    @Override
    public void close() {
        for (SparkNystrom.StreamingOperator op : open) {
            op.close();
        }
        open.clear();
        for (JavaRDD<SparkNystrom.Example> rdd : distributed) {
            rdd.unpersist(false);
        }
        distributed.clear();
    }
}
