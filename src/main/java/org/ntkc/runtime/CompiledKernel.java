package org.ntkc.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The driver every generated kernel inherits: validates inputs, computes the Gram product tile by tile (blocked,
 * vectorised when possible), hands each tile to the network's generated layer code, and assembles the matrices —
 * on several threads, once per pair when the two point sets are the same array.
 *
 * <p>Each tile of {@value #TILE_ROWS} × {@value #TILE_COLS} entries is carried through all layers, one layer at a time,
 * so no N × N temporary exists besides the outputs. Entries of a point with itself, and of bitwise-identical points,
 * are set from the exact per-point recursion afterwards, so they never depend on vector rounding near ρ = 1.
 */
public abstract class CompiledKernel<P extends PointStates> implements NtkKernel {
    static final int TILE_ROWS = 32;
    static final int TILE_COLS = 256;

    private final String name;
    private final int inputDim;
    private final int outputWidth;
    private final KernelOptions options;
    private final TileKernel<P> vector;

    protected CompiledKernel(String name, int inputDim, int outputWidth, KernelOptions options) {
        this.name = name;
        this.inputDim = inputDim;
        this.outputWidth = outputWidth;
        this.options = options;
        this.vector = options.vectorize() && VectorSupport.available() ? loadVector() : null;
    }

    /** The per-point states of the row points and of the column points of one computation. */
    public record Prepared<P extends PointStates>(P rows, P cols) {
    }

    /**
     * Per-point states from each point's dot product with itself (unscaled: the generated code scales), for the rows
     * and, unless {@code colDots} is null (the same points), the columns; prepared together because some layers share
     * choices across both sets (e.g. the number of series terms).
     */
    protected abstract Prepared<P> prepare(double[] rowDots, double[] colDots);

    /** The scalar twin of the layer code. */
    protected abstract void tileScalar(P rows, int i0, P cols, int j0, int nr, int nc, double[] sigma,
                                       double[] theta, int ld, boolean ntk);

    /** The same network with other options. */
    @Override
    public abstract CompiledKernel<P> withOptions(KernelOptions options);

    /** The generated Vector API layer code, {@code <ThisClass>Vector}, loaded only when the module is present. */
    @SuppressWarnings("unchecked")
    private TileKernel<P> loadVector() {
        try {
            Class<?> c = Class.forName(getClass().getName() + "Vector", true, getClass().getClassLoader());
            return (TileKernel<P>) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            // Compiled without the module (e.g. by the in-memory loader on a JVM without it): scalar code it is.
            return null;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inputDim() {
        return inputDim;
    }

    @Override
    public int outputWidth() {
        return outputWidth;
    }

    @Override
    public KernelOptions options() {
        return options;
    }

    @Override
    public String implementation() {
        return vector != null ? VectorSupport.describe() : "scalar";
    }

    @Override
    public Kernels kernels(double[][] x1, double[][] x2) {
        return compute(x1, x2, true, true, null);
    }

    @Override
    public KernelMatrix ntk(double[][] x1, double[][] x2) {
        return compute(x1, x2, false, true, null).ntk();
    }

    @Override
    public KernelMatrix nngp(double[][] x1, double[][] x2) {
        return compute(x1, x2, true, false, null).nngp();
    }

    @Override
    public double[] pair(double[] x, double[] y) {
        Kernels k = compute(new double[][] {x}, new double[][] {y}, true, true, null);
        return new double[] {k.nngp().get(0, 0), k.ntk().get(0, 0)};
    }

    @Override
    public double[][] diagonals(double[][] x) {
        check(x, "x");
        P states = prepare(selfDots(x), null).rows();
        checkFinite(states, states, List.of(), null, null);
        return new double[][] {states.nngpDiagonal.clone(), states.ntkDiagonal.clone()};
    }

    /** Where the time of one computation went, for benchmarks: nanoseconds, summed over threads for the tiles. */
    public record Timing(long wallNanos, long prepareNanos, long gramNanos, long layersNanos, long assembleNanos,
                         long entries) {
    }

    /** Like {@link #kernels} (or one of them), also reporting where the time went. */
    public Kernels timed(double[][] x1, double[][] x2, boolean wantNngp, boolean wantNtk, Timing[] timing) {
        return compute(x1, x2, wantNngp, wantNtk, timing);
    }

    private Kernels compute(double[][] x1, double[][] x2, boolean wantNngp, boolean wantNtk, Timing[] timing) {
        long start = System.nanoTime();
        check(x1, "x1");
        boolean same = x1 == x2;
        if (!same) {
            check(x2, "x2");
        }
        Gram gram = vector != null ? Gram.best() : Gram.scalar();
        PackedPoints a = gram.pack(x1);
        PackedPoints b = same ? a : gram.pack(x2);
        double[] dots1 = selfDots(x1);
        double[] dots2 = same ? dots1 : selfDots(x2);
        Prepared<P> prepared = prepare(dots1, same ? null : dots2);
        P rows = prepared.rows();
        P cols = prepared.cols();
        long preparedAt = System.nanoTime();
        LongAdder gramTime = new LongAdder();
        LongAdder layerTime = new LongAdder();
        LongAdder entries = new LongAdder();
        // Non-finite entries found in tiles; checked again after the exact diagonal values are in place.
        List<long[]> suspects = java.util.Collections.synchronizedList(new ArrayList<>());
        int n1 = x1.length;
        int n2 = x2.length;
        KernelMatrix nngp = wantNngp ? new KernelMatrix(n1, n2) : null;
        KernelMatrix ntk = wantNtk ? new KernelMatrix(n1, n2) : null;

        List<int[]> blocks = new ArrayList<>();
        for (int i0 = 0; i0 < n1; i0 += TILE_ROWS) {
            for (int j0 = 0; j0 < n2; j0 += TILE_COLS) {
                if (!same || j0 + TILE_COLS > i0) {
                    blocks.add(new int[] {i0, j0});
                }
            }
        }
        TileKernel<P> layers = vector != null ? vector : this::tileScalar;
        KernelProgress progress = options.progress();
        // Progress counts the entries stored: every entry, or those on or above the diagonal when symmetric.
        long total = same ? (long) n1 * (n1 + 1) / 2 : (long) n1 * n2;
        AtomicLong done = new AtomicLong();
        parallel(blocks.size(), () -> {
            double[] sigma = new double[TILE_ROWS * TILE_COLS];
            double[] theta = new double[TILE_ROWS * TILE_COLS];
            return k -> {
                int i0 = blocks.get(k)[0];
                int j0 = blocks.get(k)[1];
                int nr = Math.min(TILE_ROWS, n1 - i0);
                int nc = Math.min(TILE_COLS, n2 - j0);
                long t0 = System.nanoTime();
                gram.tile(a, i0, nr, b, j0, nc, sigma, 0, TILE_COLS);
                long t1 = System.nanoTime();
                layers.tile(rows, i0, cols, j0, nr, nc, sigma, theta, TILE_COLS, wantNtk);
                gramTime.add(t1 - t0);
                layerTime.add(System.nanoTime() - t1);
                entries.add((long) nr * nc);
                for (int r = 0; r < nr; r++) {
                    for (int c = r * TILE_COLS, end = c + nc; c < end; c++) {
                        if (!Double.isFinite(sigma[c]) || wantNtk && !Double.isFinite(theta[c])) {
                            suspects.add(new long[] {i0 + r, j0 + c - r * TILE_COLS});
                        }
                    }
                }
                long stored = 0;
                for (int r = 0; r < nr; r++) {
                    int i = i0 + r;
                    int from = same ? Math.max(0, i - j0) : 0;
                    if (from >= nc) {
                        continue;
                    }
                    int src = r * TILE_COLS + from;
                    int dst = i * n2 + j0 + from;
                    if (nngp != null) {
                        System.arraycopy(sigma, src, nngp.data(), dst, nc - from);
                    }
                    if (ntk != null) {
                        System.arraycopy(theta, src, ntk.data(), dst, nc - from);
                    }
                    stored += nc - from;
                }
                progress.entriesDone(done.addAndGet(stored), total);
            };
        });
        long tiled = System.nanoTime();
        if (same) {
            mirror(nngp);
            mirror(ntk);
        }
        exactIdenticalPairs(x1, dots1, x2, dots2, rows, nngp, ntk);
        checkFinite(rows, cols, suspects, nngp, ntk);
        long end = System.nanoTime();
        if (timing != null) {
            timing[0] = new Timing(end - start, preparedAt - start, gramTime.sum(), layerTime.sum(), end - tiled,
                    entries.sum());
        }
        return new Kernels(nngp, ntk);
    }

    private void check(double[][] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != inputDim) {
                throw new IllegalArgumentException(what + ": point " + (i + 1) + " has " + x[i].length
                        + " coordinates, network " + name + " takes " + inputDim);
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(what + ": point " + (i + 1) + " has a coordinate " + v);
                }
            }
            String tiny = tooSmall(x[i]);
            if (tiny != null) {
                throw new NonFiniteKernelException(i, i, what + ": point " + (i + 1) + " " + tiny);
            }
        }
    }

    /**
     * Why a point cannot be computed with, or null: a nonzero point whose variance x·x/n0 is below the smallest
     * normal double would silently count as (nearly) the zero point, its angles to other points lost to underflow.
     */
    public static String tooSmall(double[] x) {
        double dot = Gram.dot(x, x);
        if (dot / x.length >= Double.MIN_NORMAL) {
            return null;
        }
        for (double v : x) {
            if (v != 0) {
                return "is too small to compute with: its squared norm " + dot + " divided by the input dimension "
                        + "underflows double precision (below " + Double.MIN_NORMAL + "); scale the data up";
            }
        }
        return null;
    }

    private static double[] selfDots(double[][] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = Gram.dot(x[i], x[i]);
        }
        return d;
    }

    /** Copies the upper triangle into the lower one, block by block so that both sides stay in cache. */
    private void mirror(KernelMatrix m) {
        if (m == null) {
            return;
        }
        int n = m.rows();
        double[] d = m.data();
        int block = 64;
        int blocks = (n + block - 1) / block;
        parallel(blocks, () -> bi -> {
            int i0 = bi * block;
            for (int j0 = 0; j0 <= i0; j0 += block) {
                for (int i = i0; i < Math.min(n, i0 + block); i++) {
                    for (int j = j0; j < Math.min(i, j0 + block); j++) {
                        d[i * n + j] = d[j * n + i];
                    }
                }
            }
        });
    }

    /**
     * A point with itself, and two bitwise-identical points, get the exact per-point values: the same numbers the
     * scalar recursion (and the interpreter) gives for that point, whatever the vector code rounds near ρ = 1.
     * Identical points have identical self dot products, so only points sharing one are compared coordinate by
     * coordinate.
     */
    private static void exactIdenticalPairs(double[][] x1, double[] dots1, double[][] x2, double[] dots2,
                                            PointStates rows, KernelMatrix nngp, KernelMatrix ntk) {
        Map<Long, List<Integer>> columns = new HashMap<>();
        for (int j = 0; j < x2.length; j++) {
            columns.computeIfAbsent(Double.doubleToLongBits(dots2[j]), key -> new ArrayList<>(1)).add(j);
        }
        for (int i = 0; i < x1.length; i++) {
            List<Integer> candidates = columns.get(Double.doubleToLongBits(dots1[i]));
            if (candidates == null) {
                continue;
            }
            for (int j : candidates) {
                if (x1[i] == x2[j] || Arrays.equals(x1[i], x2[j])) {
                    if (nngp != null) {
                        nngp.set(i, j, rows.nngpDiagonal[i]);
                    }
                    if (ntk != null) {
                        ntk.set(i, j, rows.ntkDiagonal[i]);
                    }
                }
            }
        }
    }

    /** Every entry must be finite: the per-point values, and the entries the tiles flagged once corrected. */
    private static void checkFinite(PointStates rows, PointStates cols, List<long[]> suspects, KernelMatrix nngp,
                                    KernelMatrix ntk) {
        for (PointStates p : new PointStates[] {rows, cols}) {
            for (int i = 0; i < p.count; i++) {
                if (!Double.isFinite(p.nngpDiagonal[i]) || !Double.isFinite(p.ntkDiagonal[i])) {
                    throw new NonFiniteKernelException(i, i, p.nngpDiagonal[i], p.ntkDiagonal[i]);
                }
            }
        }
        for (long[] at : suspects) {
            int i = (int) at[0];
            int j = (int) at[1];
            double a = nngp == null ? 0 : nngp.get(i, j);
            double b = ntk == null ? 0 : ntk.get(i, j);
            if (!Double.isFinite(a) || !Double.isFinite(b)) {
                throw new NonFiniteKernelException(i, j, nngp == null ? Double.NaN : a, ntk == null ? Double.NaN : b);
            }
        }
    }

    /** Runs {@code count} work items on the configured threads, handing them out one at a time. */
    private void parallel(int count, Supplier<IntConsumer> workers) {
        Parallel.run("ntkc-kernel", count, options.threads(), workers);
    }
}
