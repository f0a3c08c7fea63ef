package org.ntkc.linalg;

import org.ntkc.linalg.Products.Mode;
import org.ntkc.runtime.Gram;
import org.ntkc.runtime.Parallel;

/**
 * Dense products of a row-major matrix with a few vectors, and the accumulation of {@code AᵀA}, on the Gram kernel.
 * Vectors travel as {@code double[k][length]}: k right-hand sides, each contiguous.
 */
public final class Dense {
    /** Output points per work item of a parallel product. */
    private static final int CHUNK = 8 * Panels.W;

    private Dense() {
    }

    /** {@code out[c][r] = Σ_j a[r][j] · v[c][j]}: A (rows × cols, row-major) times each vector. */
    public static double[][] times(double[] a, int rows, int cols, double[][] v, int threads) {
        checkVectors(v, cols);
        return multiply(Panels.ofVectors(v), Panels.ofRows(a, cols, 0, rows, 0, cols), threads);
    }

    /**
     * As {@link #times}, for a few vectors and a matrix used once: straight from the row-major array, without
     * packing, each row (in L1) against all vectors by vector dot products, blocks of 64 rows in parallel; A is read
     * from memory once.
     */
    public static double[][] timesUnpacked(double[] a, int rows, int cols, double[][] v, int threads) {
        checkVectors(v, cols);
        int k = v.length;
        double[][] out = new double[k][rows];
        Triangles tri = Triangles.best();
        int chunk = 64;
        Parallel.run("ntkc-linalg", (rows + chunk - 1) / chunk, threads, () -> q -> {
            for (int r = q * chunk, end = Math.min(rows, r + chunk); r < end; r++) {
                for (int c = 0; c < k; c++) {
                    out[c][r] = tri.dot(a, r * cols, v[c], cols);
                }
            }
        });
        return out;
    }

    /** {@code out[c][j] = Σ_r a[r][j] · w[c][r]}: Aᵀ (A rows × cols, row-major) times each vector. */
    public static double[][] transposeTimes(double[] a, int rows, int cols, double[][] w, int threads) {
        checkVectors(w, rows);
        return multiply(Panels.ofVectors(w), Panels.ofColumns(a, cols, 0, rows, 0, cols), threads);
    }

    /**
     * Adds {@code AᵀA} (A rows × cols, row-major) to the lower triangle of the row-major {@code cols × cols} matrix
     * {@code h}; the strict upper triangle of {@code h} is left as it was, except inside diagonal tiles.
     */
    public static void addTransposeProduct(double[] a, int rows, int cols, double[] h, int threads) {
        addTransposeProductBand(a, rows, cols, 0, cols, h, threads);
    }

    /**
     * Adds the rows {@code from .. to - 1} of the lower triangle of {@code AᵀA} to {@code band}, a row-major
     * {@code (to − from) × to} array: {@code band[(i − from) · to + j] += Σ_r a[r][i] · a[r][j]} for {@code j ≤ i}
     * (entries above the diagonal inside a diagonal tile are written too). Bands split the M × M accumulation of a
     * Nyström solve into pieces of bounded size.
     */
    public static void addTransposeProductBand(double[] a, int rows, int cols, int from, int to, double[] band,
            int threads) {
        if (from < 0 || to > cols || from >= to || band.length < (to - from) * to) {
            throw new IllegalArgumentException("bad band [" + from + ", " + to + ") of " + cols + " columns");
        }
        Panels all = Panels.ofColumns(a, cols, 0, rows, 0, to);
        Panels mine = from == 0 ? all : Panels.ofColumns(a, cols, 0, rows, from, to - from);
        Gram gram = Gram.best();
        int height = to - from;
        int panels = (height + Panels.W - 1) / Panels.W;
        Parallel.run("ntkc-linalg", panels, threads, () -> {
            double[] scratch = Products.scratch();
            return q -> {
                int i = (panels - 1 - q) * Panels.W;
                int r = Math.min(Panels.W, height - i);
                Products.product(gram, mine, i, r, all, 0, from + i + r, 0, rows, band, i * to, to, Mode.ADD,
                        scratch);
            };
        });
    }

    /** {@code out[c][j] = dot(v_c, b_j)} over all coordinates, in parallel over chunks of b's points. */
    static double[][] multiply(Panels v, Panels b, int threads) {
        Gram gram = Gram.best();
        int k = v.count;
        int n = b.count;
        double[] out = new double[k * n];
        int chunks = (n + CHUNK - 1) / CHUNK;
        Parallel.run("ntkc-linalg", chunks, threads, () -> {
            double[] scratch = Products.scratch();
            return q -> {
                int j = q * CHUNK;
                Products.product(gram, v, 0, k, b, j, Math.min(CHUNK, n - j), 0, v.dim, out, j, n, Mode.SET, scratch);
            };
        });
        double[][] result = new double[k][];
        for (int c = 0; c < k; c++) {
            result[c] = java.util.Arrays.copyOfRange(out, c * n, c * n + n);
        }
        return result;
    }

    static void checkVectors(double[][] v, int length) {
        for (int c = 0; c < v.length; c++) {
            if (v[c].length != length) {
                throw new IllegalArgumentException("vector " + c + " has length " + v[c].length + ", expected " + length);
            }
        }
    }
}
