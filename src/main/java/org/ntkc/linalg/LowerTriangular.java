package org.ntkc.linalg;

import org.ntkc.linalg.Products.Mode;
import org.ntkc.runtime.Gram;
import org.ntkc.runtime.Parallel;

/**
 * A lower-triangular matrix L (a Cholesky factor) for solves with one or many right-hand sides.
 *
 * <p>Two ways to solve. <b>Packed</b> ({@link #pack}): L's rows and columns are each packed once ({@link Panels}), so
 * every off-diagonal part of a forward or backward substitution is one Gram-kernel product and only the
 * {@value #NB}-wide diagonal triangles run in plain loops; right for repeated solves (a conjugate-gradient loop) and
 * for hundreds of right-hand sides. Packing costs 2n² doubles; once both packings exist the row-major copy is
 * dropped. <b>Unpacked</b>: no extra memory beyond the solutions; right for a one-off solve next to an n × n kernel
 * that already fills the heap. Up to {@value #FEW} right-hand sides (the targets of a fit) it reads the row-major
 * factor directly, {@code 256} rows at a time: vector dot products for the forward substitution and vector row
 * updates for the backward one, in parallel, L read once from memory for all right-hand sides; for more (the
 * variances of many test points), each {@value #NB}-row block of L is packed when it is reached (NB·n doubles at a
 * time) so that the off-diagonal work runs on the Gram kernel.
 */
public final class LowerTriangular {
    static final int NB = 128;
    /**
     * Up to this many right-hand sides an unpacked solve runs on dot products and row updates over the row-major
     * factor (memory-bound, L read once); beyond, on the Gram kernel over blocks of L packed as they are reached.
     */
    static final int FEW = 32;
    private static final int W = Panels.W;

    private final int n;
    /** Row-major L with a zero upper triangle; null once both packings exist. */
    private double[] l;
    private Panels rows;
    private Panels columns;
    /** The diagonal blocks, row-major, block b covering rows and columns b·NB ..; built with the first packing. */
    private double[][] diagonal;

    private LowerTriangular(int n, double[] l) {
        this.n = n;
        this.l = l;
    }

    /**
     * Wraps the lower triangle of the row-major {@code n × n} matrix {@code l} (not copied; its strict upper triangle
     * is zeroed here).
     */
    public static LowerTriangular of(double[] l, int n) {
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(l, i * n + i + 1, i * n + n, 0.0);
        }
        return new LowerTriangular(n, l);
    }

    /**
     * Factors the symmetric positive definite row-major {@code a} in place (its lower triangle is read) and wraps
     * the factor.
     *
     * @throws NotPositiveDefiniteException at the first pivot that is not positive
     */
    public static LowerTriangular cholesky(double[] a, int n, int threads) {
        Cholesky.factor(a, n, threads);
        return new LowerTriangular(n, a);
    }

    /** Packs rows and columns for fast repeated solves (2n² doubles) and drops the row-major copy; returns this. */
    public synchronized LowerTriangular pack() {
        packRows();
        packColumns();
        l = null;
        return this;
    }

    private void packRows() {
        if (rows == null) {
            buildDiagonal();
            rows = Panels.ofRows(l, n, 0, n, 0, n);
        }
    }

    private void packColumns() {
        if (columns == null) {
            buildDiagonal();
            columns = Panels.ofColumns(l, n, 0, n, 0, n);
        }
    }

    private void buildDiagonal() {
        if (diagonal != null) {
            return;
        }
        diagonal = new double[(n + NB - 1) / NB][];
        for (int b = 0; b < diagonal.length; b++) {
            int j0 = b * NB;
            int jb = Math.min(NB, n - j0);
            diagonal[b] = new double[jb * jb];
            for (int r = 0; r < jb; r++) {
                System.arraycopy(l, (j0 + r) * n + j0, diagonal[b], r * jb, r + 1);
            }
        }
    }

    /** The order n. */
    public int size() {
        return n;
    }

    /** The entry L[i][j]. */
    public double get(int i, int j) {
        if (j > i) {
            return 0.0;
        }
        return l != null ? l[i * n + j] : rows.get(i, j);
    }

    /** Solves {@code L y = b} for each right-hand side {@code b[c]} (each of length n); the inputs are not changed. */
    public double[][] solve(double[][] b, int threads) {
        checkRhs(b);
        if (rows != null) {
            return packedSolve(b, threads);
        }
        return b.length > FEW ? blockedSolve(b, threads) : rowSolve(b, threads);
    }

    /** Solves {@code Lᵀ y = b} for each right-hand side {@code b[c]}; the inputs are not changed. */
    public double[][] solveTransposed(double[][] b, int threads) {
        checkRhs(b);
        if (columns != null) {
            return packedSolveTransposed(b, threads);
        }
        return b.length > FEW ? blockedSolveTransposed(b, threads) : rowSolveTransposed(b, threads);
    }

    /** Rows of L per block of the unpacked solves. */
    private static final int ROWS = 256;
    /** Columns per work item of the unpacked backward solve: a ROWS × COLUMNS block of L stays in L2. */
    private static final int COLUMNS = 256;

    /**
     * Forward substitution on the row-major factor, {@value #ROWS} rows at a time: each row's product with the
     * solution so far (one dot product per right-hand side, the row in L1 while it meets all of them), rows in
     * parallel, then the block's own triangle in plain loops.
     */
    private double[][] rowSolve(double[][] b, int threads) {
        int k = b.length;
        double[][] y = new double[k][];
        for (int c = 0; c < k; c++) {
            y[c] = b[c].clone();
        }
        Triangles tri = Triangles.best();
        for (int i0 = 0; i0 < n; i0 += ROWS) {
            int ib = Math.min(ROWS, n - i0);
            int start = i0;
            if (i0 > 0) {
                int chunks = (ib + W - 1) / W;
                Parallel.run("ntkc-linalg", chunks, (long) ib * i0 * k < 1 << 16 ? 1 : threads, () -> q -> {
                    for (int i = start + q * W, end = Math.min(start + ib, i + W); i < end; i++) {
                        for (int c = 0; c < k; c++) {
                            y[c][i] -= tri.dot(l, i * n, y[c], start);
                        }
                    }
                });
            }
            for (int i = i0; i < i0 + ib; i++) {
                int row = i * n;
                for (int c = 0; c < k; c++) {
                    double[] yc = y[c];
                    double s = yc[i];
                    for (int j = i0; j < i; j++) {
                        s -= l[row + j] * yc[j];
                    }
                    yc[i] = s / l[row + i];
                }
            }
        }
        return y;
    }

    /**
     * Backward substitution with Lᵀ on the row-major factor, {@value #ROWS} rows at a time from the bottom: the
     * block's own triangle in plain loops, then its rows, scaled by the finished solution, subtracted from the
     * entries to their left, in blocks of {@value #COLUMNS} columns in parallel (each block of L in cache while it
     * meets all right-hand sides).
     */
    private double[][] rowSolveTransposed(double[][] b, int threads) {
        int k = b.length;
        double[][] x = new double[k][];
        for (int c = 0; c < k; c++) {
            x[c] = b[c].clone();
        }
        Triangles tri = Triangles.best();
        for (int i0 = (n - 1) / ROWS * ROWS; i0 >= 0; i0 -= ROWS) {
            int ib = Math.min(ROWS, n - i0);
            for (int i = i0 + ib - 1; i >= i0; i--) {
                int row = i * n;
                for (int c = 0; c < k; c++) {
                    double[] xc = x[c];
                    double xi = xc[i] / l[row + i];
                    xc[i] = xi;
                    for (int j = i0; j < i; j++) {
                        xc[j] -= l[row + j] * xi;
                    }
                }
            }
            if (i0 > 0) {
                int start = i0;
                int chunks = (i0 + COLUMNS - 1) / COLUMNS;
                Parallel.run("ntkc-linalg", chunks, (long) ib * i0 * k < 1 << 16 ? 1 : threads, () -> q -> {
                    int q0 = q * COLUMNS;
                    int q1 = Math.min(start, q0 + COLUMNS);
                    for (int c = 0; c < k; c++) {
                        tri.subtractRows(l, start * n, n, ib, x[c], start, x[c], q0, q1);
                    }
                });
            }
        }
        return x;
    }

    /** Forward substitution on the row-major factor, each block row of L packed only while it is used. */
    private double[][] blockedSolve(double[][] b, int threads) {
        int k = b.length;
        Gram gram = Gram.best();
        Panels y = new Panels(k, n);
        for (int j0 = 0; j0 < n; j0 += NB) {
            int jb = Math.min(NB, n - j0);
            double[] t = new double[k * jb];
            for (int c = 0; c < k; c++) {
                System.arraycopy(b[c], j0, t, c * jb, jb);
            }
            if (j0 > 0) {
                // rows j0 .. j0 + jb - 1 of L, columns 0 .. j0 - 1, as jb points
                subtractProduct(gram, y, k, Panels.ofRows(l, n, j0, jb, 0, j0), 0, jb, 0, j0, 0, t, threads);
            }
            for (int c = 0; c < k; c++) {
                int tc = c * jb;
                for (int r = 0; r < jb; r++) {
                    int row = (j0 + r) * n + j0;
                    double s = t[tc + r];
                    for (int q = 0; q < r; q++) {
                        s -= l[row + q] * t[tc + q];
                    }
                    s /= l[row + r];
                    t[tc + r] = s;
                    y.set(c, j0 + r, s);
                }
            }
        }
        return y.toVectors();
    }

    /** Backward substitution with Lᵀ on the row-major factor, each block column of L packed only while it is used. */
    private double[][] blockedSolveTransposed(double[][] b, int threads) {
        int k = b.length;
        Gram gram = Gram.best();
        Panels y = new Panels(k, n);
        int last = (n - 1) / NB * NB;
        for (int j0 = last; j0 >= 0; j0 -= NB) {
            int jb = Math.min(NB, n - j0);
            int below = j0 + jb;
            double[] t = new double[k * jb];
            for (int c = 0; c < k; c++) {
                System.arraycopy(b[c], j0, t, c * jb, jb);
            }
            if (below < n) {
                // columns j0 .. j0 + jb - 1 of L, rows below .. n - 1, as jb points whose coordinate 0 is row below
                Panels p = Panels.ofColumns(l, n, below, n - below, j0, jb);
                subtractProduct(gram, y, k, p, 0, jb, below, n, 0, t, threads);
            }
            for (int c = 0; c < k; c++) {
                int tc = c * jb;
                for (int r = jb - 1; r >= 0; r--) {
                    double s = t[tc + r];
                    for (int q = r + 1; q < jb; q++) {
                        s -= l[(j0 + q) * n + j0 + r] * t[tc + q];
                    }
                    s /= l[(j0 + r) * n + j0 + r];
                    t[tc + r] = s;
                    y.set(c, j0 + r, s);
                }
            }
        }
        return y.toVectors();
    }

    private double[][] packedSolve(double[][] b, int threads) {
        int k = b.length;
        Gram gram = Gram.best();
        Panels y = new Panels(k, n);
        for (int blk = 0; blk < diagonal.length; blk++) {
            int j0 = blk * NB;
            int jb = Math.min(NB, n - j0);
            double[] t = new double[k * jb];
            for (int c = 0; c < k; c++) {
                System.arraycopy(b[c], j0, t, c * jb, jb);
            }
            subtractProduct(gram, y, k, rows, j0, jb, 0, j0, t, threads);
            double[] d = diagonal[blk];
            for (int c = 0; c < k; c++) {
                int tc = c * jb;
                for (int r = 0; r < jb; r++) {
                    double s = t[tc + r];
                    int dr = r * jb;
                    for (int q = 0; q < r; q++) {
                        s -= d[dr + q] * t[tc + q];
                    }
                    t[tc + r] = s / d[dr + r];
                }
                for (int r = 0; r < jb; r++) {
                    y.set(c, j0 + r, t[tc + r]);
                }
            }
        }
        return y.toVectors();
    }

    private double[][] packedSolveTransposed(double[][] b, int threads) {
        int k = b.length;
        Gram gram = Gram.best();
        Panels y = new Panels(k, n);
        for (int blk = diagonal.length - 1; blk >= 0; blk--) {
            int j0 = blk * NB;
            int jb = Math.min(NB, n - j0);
            double[] t = new double[k * jb];
            for (int c = 0; c < k; c++) {
                System.arraycopy(b[c], j0, t, c * jb, jb);
            }
            subtractProduct(gram, y, k, columns, j0, jb, j0 + jb, n, t, threads);
            double[] d = diagonal[blk];
            for (int c = 0; c < k; c++) {
                int tc = c * jb;
                for (int r = jb - 1; r >= 0; r--) {
                    double s = t[tc + r];
                    for (int q = r + 1; q < jb; q++) {
                        s -= d[q * jb + r] * t[tc + q];
                    }
                    t[tc + r] = s / d[r * jb + r];
                }
                for (int r = 0; r < jb; r++) {
                    y.set(c, j0 + r, t[tc + r]);
                }
            }
        }
        return y.toVectors();
    }

    /** {@code t[c * jb + j] -= Σ_{k0 ≤ q < k1} y(c, q) · p(j0 + j, q)}, the column panels of t split among threads. */
    private static void subtractProduct(Gram gram, Panels y, int k, Panels p, int j0, int jb, int k0, int k1,
            double[] t, int threads) {
        subtractProduct(gram, y, k, p, j0, jb, k0, k1, k0, t, threads);
    }

    /** As above, with coordinate {@code q} of y meeting coordinate {@code q - k0 + pk0} of p. */
    private static void subtractProduct(Gram gram, Panels y, int k, Panels p, int j0, int jb, int k0, int k1,
            int pk0, double[] t, int threads) {
        int parts = (jb + W - 1) / W;
        Parallel.run("ntkc-linalg", parts, (long) k * jb * (k1 - k0) < 1 << 16 ? 1 : threads, () -> {
            double[] scratch = Products.scratch();
            return q -> Products.product(gram, y, 0, k, p, j0 + q * W, Math.min(W, jb - q * W), k0, k1, pk0, t,
                    q * W, jb, Mode.SUBTRACT, scratch);
        });
    }

    /** {@code Lᵀ L}, row-major and exactly symmetric, computed on the Gram kernel over the packed columns. */
    public double[] transposeTimesSelf(int threads) {
        synchronized (this) {
            packColumns();
        }
        Gram gram = Gram.best();
        double[] out = new double[n * n];
        int panels = (n + W - 1) / W;
        Parallel.run("ntkc-linalg", panels, threads, () -> {
            double[] scratch = Products.scratch();
            return p -> {
                // row panel p, columns 0 .. its last row; column j of L is zero above row j
                int i = p * W;
                int r = Math.min(W, n - i);
                for (int j = 0; j < i + r; j += W) {
                    int c = Math.min(W, n - j);
                    Products.product(gram, columns, i, r, columns, j, c, Math.max(i, j), n, out, i * n + j, n,
                            Mode.SET, scratch);
                }
            };
        });
        mirrorLower(out, n);
        return out;
    }

    /** Copies the lower triangle of a row-major square matrix onto its upper triangle, in cache-sized blocks. */
    static void mirrorLower(double[] a, int n) {
        int b = 64;
        for (int i0 = 0; i0 < n; i0 += b) {
            for (int j0 = i0; j0 < n; j0 += b) {
                for (int i = i0; i < Math.min(n, i0 + b); i++) {
                    for (int j = Math.max(j0, i + 1); j < Math.min(n, j0 + b); j++) {
                        a[i * n + j] = a[j * n + i];
                    }
                }
            }
        }
    }

    private void checkRhs(double[][] b) {
        for (int c = 0; c < b.length; c++) {
            if (b[c].length != n) {
                throw new IllegalArgumentException(
                        "right-hand side " + c + " has length " + b[c].length + ", the matrix has order " + n);
            }
        }
    }
}
