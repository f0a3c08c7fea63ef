package org.ntkc.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.ntkc.linalg.Dense;
import org.ntkc.nystrom.GramAccumulator;
import org.ntkc.nystrom.NormalOperator;
import scala.Tuple2;

/**
 * The data side of a Nyström fit on Apache Spark (RDD API): the centres are broadcast, each partition turns its rows
 * into kernel blocks {@code K(X_b, C)} with the generated kernel class, and {@code treeAggregate} sums their
 * contributions. Two ways to use the blocks, as on one machine:
 * <ul>
 *   <li>{@link #gram}: one pass accumulating {@code H = Σ K_bᵀK_b} (M × M) and {@code K_nMᵀY}, after which every CG
 *       iteration and every ridge value runs on the driver. When H is larger than {@link Options#bandBytes()}, each
 *       partition sums it band by band in the same pass, the bands are added up by key and fetched one at a time,
 *       so that no task result exceeds a band; kernel blocks are never stored.</li>
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

    /**
     * The kernel blocks of every partition, computed lazily: a partition holds one block of {@code blockRows} rows at
     * a time (once more on each use unless persisted).
     */
    static JavaRDD<Block> blocks(JavaRDD<Example> data, Broadcast<double[][]> centres, KernelRef kernel, int blockRows) {
        return data.mapPartitions((Iterator<Example> rows) -> {
            double[][] c = centres.value();
            var k = kernel.blocks();
            return new Iterator<Block>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Block next() {
                    List<Example> buffer = new ArrayList<>(blockRows);
                    while (rows.hasNext() && buffer.size() < blockRows) {
                        buffer.add(rows.next());
                    }
                    if (buffer.isEmpty()) {
                        throw new NoSuchElementException();
                    }
                    double[][] x = new double[buffer.size()][];
                    double[][] y = new double[buffer.get(0).y().length][buffer.size()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = buffer.get(i).x();
                        for (int o = 0; o < y.length; o++) {
                            y[o][i] = buffer.get(i).y()[o];
                        }
                    }
                    return new Block(k.compute(x, c), x.length, y);
                }
            };
        });
    }

    /**
     * One Gram pass: H and {@code K_nMᵀY} summed over all partitions. When H fits in one band of
     * {@link Options#bandBytes()}, {@code treeAggregate} sums it; otherwise each partition sums every band of H over
     * its rows in the same pass, the bands are added up by key (a shuffle), and the driver fetches them one band at a
     * time, so no task result exceeds a band and the kernel blocks are computed once and never stored.
     */
    public static GramAccumulator gram(JavaSparkContext sc, JavaRDD<Example> data, double[][] centres, int outputs,
            KernelRef kernel, Options options) {
        int m = centres.length;
        Broadcast<double[][]> bc = sc.broadcast(centres);
        int bandRows = (int) Math.max(Math.min(m, options.bandBytes() / (8L * m)), 1);
        int bands = (m + bandRows - 1) / bandRows;
        JavaRDD<Block> blocks = blocks(data, bc, kernel, options.blockRows());
        int threads = kernel.threads();
        try {
            GramAccumulator acc = new GramAccumulator(m, outputs);
            if (bands == 1) {
                int size = m * m;
                // each task's sum is its own copy of the zero value: blocks are added into it in place
                Sum all = blocks.treeAggregate(new Sum(), (sum, b) -> {
                    if (sum.values == null) {
                        sum.values = new double[size + outputs * m];
                    }
                    Dense.addTransposeProductBand(b.k(), b.rows(), m, 0, m, sum.values, threads);
                    double[] kty = flatten(Dense.transposeTimes(b.k(), b.rows(), m, b.y(), threads));
                    for (int i = 0; i < kty.length; i++) {
                        sum.values[size + i] += kty[i];
                    }
                    sum.rows += b.rows();
                    return sum;
                }, Sum::merge, options.depth());
                if (all.values == null) {
                    throw new IllegalArgumentException("the training data has no rows");
                }
                acc.addBand(0, m, Arrays.copyOf(all.values, size));
                acc.addRhs(unflatten(Arrays.copyOfRange(all.values, size, size + outputs * m), outputs, m), all.rows);
                return acc;
            }
            JavaPairRDD<Integer, Sum> partials = blocks.mapPartitionsToPair((Iterator<Block> it) -> {
                double[][] band = new double[bands][];
                Sum rhs = new Sum();
                while (it.hasNext()) {
                    Block b = it.next();
                    for (int q = 0; q < bands; q++) {
                        int lo = q * bandRows;
                        int hi = Math.min(m, lo + bandRows);
                        if (band[q] == null) {
                            band[q] = new double[(hi - lo) * hi];
                        }
                        Dense.addTransposeProductBand(b.k(), b.rows(), m, lo, hi, band[q], threads);
                    }
                    rhs.add(flatten(Dense.transposeTimes(b.k(), b.rows(), m, b.y(), threads)), b.rows());
                }
                List<Tuple2<Integer, Sum>> out = new ArrayList<>();
                if (rhs.values != null) {
                    for (int q = 0; q < bands; q++) {
                        out.add(new Tuple2<>(q, new Sum().add(band[q], rhs.rows)));
                    }
                    out.add(new Tuple2<>(bands, rhs));
                }
                return out.iterator();
            });
            // keys 0 .. bands: one key per partition, fetched one partition (one band) at a time
            Iterator<Tuple2<Integer, Sum>> sums = partials.reduceByKey(new HashPartitioner(bands + 1), Sum::merge)
                    .toLocalIterator();
            boolean any = false;
            while (sums.hasNext()) {
                Tuple2<Integer, Sum> e = sums.next();
                int q = e._1();
                Sum sum = e._2();
                any = true;
                if (q == bands) {
                    acc.addRhs(unflatten(sum.values, outputs, m), sum.rows);
                } else {
                    int lo = q * bandRows;
                    acc.addBand(lo, Math.min(m, lo + bandRows), sum.values);
                }
            }
            if (!any) {
                throw new IllegalArgumentException("the training data has no rows");
            }
            return acc;
        } finally {
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
