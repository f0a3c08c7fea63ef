package org.ntkc.runtime;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver every generated kernel of a signal or image network inherits (MATH.md §7): validates the points, runs
 * each point's own recursion once (the per-position variances its activations read, and its own Σ(x, x), Θ(x, x)),
 * then carries every pair through the generated layer code on several threads, once per pair when the two point
 * sets are the same array.
 *
 * <p>The generated code is specialised to one input shape: window offsets, strides and borders are resolved into
 * constant tables, and each state keeps full position pairs only up to the last pooling layer (the diagonal
 * otherwise). A point with itself, and two bitwise-identical points, get the values of the point's own recursion.
 */
public abstract class ImageKernel implements NtkKernel {
    private final String name;
    private final int inputDim;
    private final int outputWidth;
    private final KernelOptions options;

    protected ImageKernel(String name, int inputDim, int outputWidth, KernelOptions options) {
        this.name = name;
        this.inputDim = inputDim;
        this.outputWidth = outputWidth;
        this.options = options;
    }

    /**
     * The point's own recursion: returns its per-position variances entering each activation (at the offsets the
     * generated pair code reads), followed by its Σ(x, x) and Θ(x, x) as the last two values.
     */
    protected abstract double[] prepare(double[] x, double[][] buffers);

    /** {Σ(x, y), Θ(x, y)} into {@code out}, from the points and their prepared values. */
    protected abstract void pair(double[] x, double[] px, double[] y, double[] py, double[][] buffers, double[] out);

    /** The sizes of the work buffers of one thread (the states in and out of a step, and a pooling temporary). */
    protected abstract int[] bufferSizes();

    @Override
    public abstract ImageKernel withOptions(KernelOptions options);

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
        return "scalar (image)";
    }

    /** Bytes of work buffers one thread needs. */
    public long bytesPerThread() {
        long n = 0;
        for (int s : bufferSizes()) {
            n += s;
        }
        return n * Double.BYTES;
    }

    private double[][] newBuffers() {
        int[] sizes = bufferSizes();
        double[][] b = new double[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            b[k] = new double[sizes[k]];
        }
        return b;
    }

    @Override
    public Kernels kernels(double[][] x1, double[][] x2) {
        return compute(x1, x2, true, true);
    }

    @Override
    public KernelMatrix ntk(double[][] x1, double[][] x2) {
        return compute(x1, x2, false, true).ntk();
    }

    @Override
    public KernelMatrix nngp(double[][] x1, double[][] x2) {
        return compute(x1, x2, true, false).nngp();
    }

    @Override
    public double[] pair(double[] x, double[] y) {
        Kernels k = compute(new double[][] {x}, new double[][] {y}, true, true);
        return new double[] {k.nngp().get(0, 0), k.ntk().get(0, 0)};
    }

    @Override
    public double[][] diagonals(double[][] x) {
        check(x, "x");
        double[][] p = prepareAll(x);
        double[] nngp = new double[x.length];
        double[] ntk = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            nngp[i] = p[i][p[i].length - 2];
            ntk[i] = p[i][p[i].length - 1];
            finite(i, i, nngp[i], ntk[i]);
        }
        return new double[][] {nngp, ntk};
    }

    private double[][] prepareAll(double[][] x) {
        double[][] prepared = new double[x.length][];
        parallel(x.length, () -> {
            double[][] buffers = newBuffers();
            return i -> prepared[i] = prepare(x[i], buffers);
        });
        return prepared;
    }

    private Kernels compute(double[][] x1, double[][] x2, boolean wantNngp, boolean wantNtk) {
        check(x1, "x1");
        boolean same = x1 == x2;
        if (!same) {
            check(x2, "x2");
        }
        double[][] p1 = prepareAll(x1);
        double[][] p2 = same ? p1 : prepareAll(x2);
        int n1 = x1.length;
        int n2 = x2.length;
        KernelMatrix nngp = wantNngp ? new KernelMatrix(n1, n2) : null;
        KernelMatrix ntk = wantNtk ? new KernelMatrix(n1, n2) : null;
        KernelProgress progress = options.progress();
        long total = same ? (long) n1 * (n1 + 1) / 2 : (long) n1 * n2;
        AtomicLong done = new AtomicLong();
        parallel(n1, () -> {
            double[][] buffers = newBuffers();
            double[] out = new double[2];
            return i -> {
                int from = same ? i : 0;
                for (int j = from; j < n2; j++) {
                    double[] own = x1[i] == x2[j] || Arrays.equals(x1[i], x2[j]) ? p1[i] : null;
                    if (own != null) {
                        out[0] = own[own.length - 2];
                        out[1] = own[own.length - 1];
                    } else {
                        pair(x1[i], p1[i], x2[j], p2[j], buffers, out);
                    }
                    finite(i, j, out[0], out[1]);
                    if (nngp != null) {
                        nngp.set(i, j, out[0]);
                    }
                    if (ntk != null) {
                        ntk.set(i, j, out[1]);
                    }
                    if (same) {
                        if (nngp != null) {
                            nngp.set(j, i, out[0]);
                        }
                        if (ntk != null) {
                            ntk.set(j, i, out[1]);
                        }
                    }
                }
                progress.entriesDone(done.addAndGet(n2 - from), total);
            };
        });
        return new Kernels(nngp, ntk);
    }

    private static void finite(int i, int j, double nngp, double ntk) {
        if (!Double.isFinite(nngp) || !Double.isFinite(ntk)) {
            throw new NonFiniteKernelException(i, j, nngp, ntk);
        }
    }

    private void check(double[][] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != inputDim) {
                throw new IllegalArgumentException(what + ": point " + (i + 1) + " has " + x[i].length
                        + " values, network " + name + " takes " + inputDim);
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(what + ": point " + (i + 1) + " has a value " + v);
                }
            }
        }
    }

    /**
     * The input index along one axis that output index {@code o} reads at window offset {@code delta}:
     * stride·o + delta − padBefore, wrapped around with circular padding, or −1 in the zero padding.
     */
    public static int source(int o, int delta, int stride, int padBefore, int n, boolean circular) {
        int i = stride * o + delta - padBefore;
        if (i >= 0 && i < n) {
            return i;
        }
        return circular ? Math.floorMod(i, n) : -1;
    }

    /**
     * For every output position o (row-major) and window offset d (row-major), the input position it reads, or −1 in
     * the zero padding: entry o·|k| + d. The window's extents, strides and pads are the generated class's constants.
     */
    public static int[] windowSources(int[] in, int[] out, int[] size, int[] stride, int[] padBefore,
                                      boolean circular) {
        int rank = in.length;
        int outPositions = 1;
        int volume = 1;
        for (int a = 0; a < rank; a++) {
            outPositions *= out[a];
            volume *= size[a];
        }
        int[] sources = new int[outPositions * volume];
        int[] oc = new int[rank];
        int[] dc = new int[rank];
        for (int o = 0; o < outPositions; o++) {
            for (int a = rank - 1, rest = o; a >= 0; a--) {
                oc[a] = rest % out[a];
                rest /= out[a];
            }
            for (int d = 0; d < volume; d++) {
                for (int a = rank - 1, rest = d; a >= 0; a--) {
                    dc[a] = rest % size[a];
                    rest /= size[a];
                }
                int index = 0;
                for (int a = 0; a < rank && index >= 0; a++) {
                    int i = source(oc[a], dc[a], stride[a], padBefore[a], in[a], circular);
                    index = i < 0 ? -1 : index * in[a] + i;
                }
                sources[o * volume + d] = index;
            }
        }
        return sources;
    }

    private void parallel(int count, Supplier<IntConsumer> workers) {
        Parallel.run("ntkc-image-kernel", count, options.threads(), workers);
    }
}
