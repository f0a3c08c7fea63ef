package org.ntkc.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.ntkc.linalg.Dense;
import org.ntkc.nystrom.GramAccumulator;
import org.ntkc.nystrom.NormalOperator;

/**
 * The data side of a Nyström fit on Apache Spark (RDD API): the centres are broadcast, each partition turns its rows
 * into kernel blocks {@code K(X_b, C)} with the generated kernel class, and {@code treeAggregate} sums their
 * contributions. Two ways to use the blocks, as on one machine:
 * <ul>
 *   <li>{@link #gram}: one pass accumulating {@code H = Σ K_bᵀK_b} (M × M) and {@code K_nMᵀY}, after which every CG
 *       iteration and every ridge value runs on the driver. H is reduced in bands of centres so that no task result
 *       exceeds {@link Options#bandBytes()}; with several bands the kernel blocks are persisted
 *       (memory and disk) between the passes.</li>
 *   <li>{@link #streaming}: one pass per CG iteration, each reducing only M × k partials {@code K_bᵀ(K_b u)}; the
 *       blocks are persisted when {@link Options#cacheBlocks()} says so, recomputed otherwise.</li>
 * </ul>
 * The solver itself ({@link org.ntkc.nystrom.Falkon}) runs on the driver, identical to a single-machine fit.
 */
public final class SparkNystrom {
    private SparkNystrom() {
    }

    /** A training example: a point and its targets (one per output). */
    public record Example(double[] x, double[] y) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * @param blockRows rows per kernel block inside a partition
     * @param bandBytes the largest band of H one task returns (Spark's {@code spark.driver.maxResultSize} must allow
     *     a few of them)
     * @param depth the depth of {@code treeAggregate}
     * @param cacheBlocks whether streaming mode persists the kernel blocks instead of recomputing them
     */
    public record Options(int blockRows, long bandBytes, int depth, boolean cacheBlocks) implements Serializable {
        private static final long serialVersionUID = 1L;

        public static Options defaults() {
            return new Options(1024, 128L << 20, 2, true);
        }
    }

    /** A kernel block of one partition: {@code rows × M} row-major, with the rows' targets. */
    record Block(double[] k, int rows, double[][] y) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A sum that allocates on first use, so that the zero value Spark ships with each task is tiny. */
    static final class Sum implements Serializable {
        private static final long serialVersionUID = 1L;
        double[] values;
        int rows;

        Sum add(double[] part, int moreRows) {
            if (values == null) {
                values = part; // parts are fresh arrays, and merged sums are discarded: no copy needed
            } else {
                for (int i = 0; i < part.length; i++) {
                    values[i] += part[i];
                }
            }
            rows += moreRows;
            return this;
        }

        Sum merge(Sum other) {
            return other.values == null ? this : add(other.values, other.rows);
        }
    }

    /** The kernel blocks of every partition, computed lazily (and once more on each use unless persisted). */
    static JavaRDD<Block> blocks(JavaRDD<Example> data, Broadcast<double[][]> centres, KernelRef kernel, int blockRows) {
        return data.mapPartitions((Iterator<Example> rows) -> {
            double[][] c = centres.value();
            var k = kernel.blocks();
            List<Block> out = new ArrayList<>();
            List<Example> buffer = new ArrayList<>(blockRows);
            while (rows.hasNext()) {
                buffer.add(rows.next());
                if (buffer.size() == blockRows || !rows.hasNext()) {
                    double[][] x = new double[buffer.size()][];
                    double[][] y = new double[buffer.get(0).y().length][buffer.size()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = buffer.get(i).x();
                        for (int o = 0; o < y.length; o++) {
                            y[o][i] = buffer.get(i).y()[o];
                        }
                    }
                    out.add(new Block(k.compute(x, c), x.length, y));
                    buffer.clear();
                }
            }
            return out.iterator();
        });
    }

    /** One Gram pass: H and {@code K_nMᵀY} summed over all partitions, reduced in bands of centres. */
    public static GramAccumulator gram(JavaSparkContext sc, JavaRDD<Example> data, double[][] centres, int outputs,
            KernelRef kernel, Options options) {
        int m = centres.length;
        Broadcast<double[][]> bc = sc.broadcast(centres);
        int bandRows = (int) Math.max(Math.min(m, options.bandBytes() / (8L * m)), 1);
        int bands = (m + bandRows - 1) / bandRows;
        JavaRDD<Block> blocks = blocks(data, bc, kernel, options.blockRows());
        if (bands > 1) {
            blocks = blocks.persist(StorageLevel.MEMORY_AND_DISK());
        }
        try {
            GramAccumulator acc = new GramAccumulator(m, outputs);
            int threads = kernel.threads();
            for (int from = 0; from < m; from += bandRows) {
                int lo = from;
                int hi = Math.min(m, from + bandRows);
                int bandSize = (hi - lo) * hi;
                // the first pass also sums K_nMᵀY, after the band's values
                int extra = lo == 0 ? outputs * m : 0;
                Sum band = blocks.treeAggregate(new Sum(), (sum, b) -> {
                    double[] part = new double[bandSize + extra];
                    Dense.addTransposeProductBand(b.k(), b.rows(), m, lo, hi, part, threads);
                    if (extra > 0) {
                        double[] kty = flatten(Dense.transposeTimes(b.k(), b.rows(), m, b.y(), threads));
                        System.arraycopy(kty, 0, part, bandSize, extra);
                    }
                    return sum.add(part, b.rows());
                }, Sum::merge, options.depth());
                if (band.values == null) {
                    throw new IllegalArgumentException("the training data has no rows");
                }
                acc.addBand(lo, hi, Arrays.copyOf(band.values, bandSize));
                if (extra > 0) {
                    acc.addRhs(unflatten(Arrays.copyOfRange(band.values, bandSize, bandSize + extra), outputs, m),
                            band.rows);
                }
            }
            return acc;
        } finally {
            blocks.unpersist(false);
            bc.destroy();
        }
    }

    /**
     * The streaming operator: {@code apply} runs one Spark job reducing {@code Σ K_bᵀ(K_b u)}. Call
     * {@link StreamingOperator#close} when done to release the persisted blocks and the broadcast.
     */
    public static StreamingOperator streaming(JavaSparkContext sc, JavaRDD<Example> data, double[][] centres,
            int outputs, KernelRef kernel, Options options) {
        return new StreamingOperator(sc, data, centres, outputs, kernel, options);
    }

    /** {@link NormalOperator} backed by Spark jobs. */
    public static final class StreamingOperator implements NormalOperator, AutoCloseable {
        private final JavaSparkContext sc;
        private final Broadcast<double[][]> centres;
        private final JavaRDD<Block> blocks;
        private final int m;
        private final int n;
        private final double[][] rhs;
        private final int depth;
        private final int threads;

        StreamingOperator(JavaSparkContext sc, JavaRDD<Example> data, double[][] centres, int outputs,
                KernelRef kernel, Options options) {
            this.sc = sc;
            this.m = centres.length;
            this.depth = options.depth();
            this.threads = kernel.threads();
            this.centres = sc.broadcast(centres);
            JavaRDD<Block> b = blocks(data, this.centres, kernel, options.blockRows());
            this.blocks = options.cacheBlocks() ? b.persist(StorageLevel.MEMORY_AND_DISK()) : b;
            int mm = m;
            int t = threads;
            Sum s = blocks.treeAggregate(new Sum(),
                    (acc, blk) -> acc.add(flatten(Dense.transposeTimes(blk.k(), blk.rows(), mm, blk.y(), t)),
                            blk.rows()),
                    Sum::merge, depth);
            this.n = s.rows;
            this.rhs = s.values == null ? new double[outputs][m] : unflatten(s.values, outputs, m);
        }

        @Override
        public int points() {
            return n;
        }

        @Override
        public int centres() {
            return m;
        }

        @Override
        public double[][] rhs() {
            return rhs;
        }

        @Override
        public double[][] apply(double[][] u) {
            Broadcast<double[][]> bu = sc.broadcast(u);
            int mm = m;
            int t = threads;
            try {
                Sum s = blocks.treeAggregate(new Sum(), (acc, blk) -> {
                    double[][] ku = Dense.times(blk.k(), blk.rows(), mm, bu.value(), t);
                    return acc.add(flatten(Dense.transposeTimes(blk.k(), blk.rows(), mm, ku, t)), blk.rows());
                }, Sum::merge, depth);
                return s.values == null ? new double[u.length][m] : unflatten(s.values, u.length, m);
            } finally {
                bu.destroy();
            }
        }

        @Override
        public void close() {
            blocks.unpersist(false);
            centres.destroy();
        }
    }

    /** Predictions {@code f(x) = K(x, C) α} for an RDD of points, in the RDD's order. */
    public static JavaRDD<double[]> predict(JavaSparkContext sc, JavaRDD<double[]> x, double[][] centres,
            double[][] alpha, KernelRef kernel, int blockRows) {
        Broadcast<double[][]> bc = sc.broadcast(centres);
        Broadcast<double[][]> ba = sc.broadcast(alpha);
        return x.mapPartitions((Iterator<double[]> rows) -> {
            var k = kernel.blocks();
            double[][] c = bc.value();
            double[][] a = ba.value();
            List<double[]> out = new ArrayList<>();
            List<double[]> buffer = new ArrayList<>(blockRows);
            while (rows.hasNext()) {
                buffer.add(rows.next());
                if (buffer.size() == blockRows || !rows.hasNext()) {
                    double[][] xb = buffer.toArray(new double[0][]);
                    double[][] p = Dense.times(k.compute(xb, c), xb.length, c.length, a, kernel.threads());
                    for (int i = 0; i < xb.length; i++) {
                        double[] row = new double[a.length];
                        for (int o = 0; o < a.length; o++) {
                            row[o] = p[o][i];
                        }
                        out.add(row);
                    }
                    buffer.clear();
                }
            }
            return out.iterator();
        });
    }

    static double[] flatten(double[][] v) {
        int len = v.length == 0 ? 0 : v[0].length;
        double[] f = new double[v.length * len];
        for (int c = 0; c < v.length; c++) {
            System.arraycopy(v[c], 0, f, c * len, len);
        }
        return f;
    }

    static double[][] unflatten(double[] f, int rows, int cols) {
        double[][] v = new double[rows][];
        for (int c = 0; c < rows; c++) {
            v[c] = Arrays.copyOfRange(f, c * cols, (c + 1) * cols);
        }
        return v;
    }
}
