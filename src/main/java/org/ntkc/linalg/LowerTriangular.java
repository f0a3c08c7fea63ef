package org.ntkc.linalg;

import org.ntkc.linalg.Products.Mode;
import org.ntkc.runtime.Gram;
import org.ntkc.runtime.Parallel;

/**
 * A lower-triangular matrix L (a Cholesky factor) packed for fast solves with many right-hand sides: its rows and its
 * columns are each packed once ({@link Panels}), so every off-diagonal part of a forward or backward substitution is
 * one Gram-kernel product; only the {@value #NB}-wide diagonal triangles run in plain loops. Holds 2n² doubles.
 */
public final class LowerTriangular {
    static final int NB = 128;
    private static final int W = Panels.W;

    private final int n;
    private final Panels rows;
    private final Panels columns;
    /** The diagonal blocks, row-major, block b covering rows and columns b·NB .. */
    private final double[][] diagonal;

    private LowerTriangular(int n, Panels rows, Panels columns, double[][] diagonal) {
        this.n = n;
        this.rows = rows;
        this.columns = columns;
        this.diagonal = diagonal;
    }

    /** Packs the lower triangle of the row-major {@code n × n} matrix {@code l} (the upper triangle is ignored). */
    public static LowerTriangular of(double[] l, int n) {
        double[] lower = l;
        boolean clean = true;
        for (int i = 0; i < n && clean; i++) {
            for (int j = i + 1; j < n; j++) {
                if (l[i * n + j] != 0) {
                    clean = false;
                    break;
                }
            }
        }
        if (!clean) {
            lower = l.clone();
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(lower, i * n + i + 1, i * n + n, 0.0);
            }
        }
        double[][] diagonal = new double[(n + NB - 1) / NB][];
        for (int b = 0; b < diagonal.length; b++) {
            int j0 = b * NB;
            int jb = Math.min(NB, n - j0);
            diagonal[b] = new double[jb * jb];
            for (int r = 0; r < jb; r++) {
                System.arraycopy(lower, (j0 + r) * n + j0, diagonal[b], r * jb, r + 1);
            }
        }
        return new LowerTriangular(n, Panels.ofRows(lower, n, 0, n, 0, n), Panels.ofColumns(lower, n, 0, n, 0, n),
                diagonal);
    }

    /** Factors the symmetric positive definite row-major {@code a} (overwritten) and packs its factor. */
    public static LowerTriangular cholesky(double[] a, int n, int threads) {
        Cholesky.factor(a, n, threads);
        return of(a, n);
    }

    /** The order n. */
    public int size() {
        return n;
    }

    /** The entry L[i][j]. */
    public double get(int i, int j) {
        return j > i ? 0.0 : rows.get(i, j);
    }

    /**
     * Solves {@code L y = b} for each right-hand side {@code b[c]} (each of length n); the inputs are not changed.
     */
    public double[][] solve(double[][] b, int threads) {
        checkRhs(b);
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
                    for (int l = 0; l < r; l++) {
                        s -= d[dr + l] * t[tc + l];
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

    /** Solves {@code Lᵀ y = b} for each right-hand side {@code b[c]}; the inputs are not changed. */
    public double[][] solveTransposed(double[][] b, int threads) {
        checkRhs(b);
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
                    for (int l = r + 1; l < jb; l++) {
                        s -= d[l * jb + r] * t[tc + l];
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

    /** {@code t[c * jb + j] -= Σ_{k0 ≤ l < k1} y(c, l) · p(j0 + j, l)}, the column panels of t split among threads. */
    private static void subtractProduct(Gram gram, Panels y, int k, Panels p, int j0, int jb, int k0, int k1,
            double[] t, int threads) {
        int parts = (jb + W - 1) / W;
        Parallel.run("ntkc-linalg", parts, (long) k * jb * (k1 - k0) < 1 << 16 ? 1 : threads, () -> {
            double[] scratch = Products.scratch();
            return q -> Products.product(gram, y, 0, k, p, j0 + q * W, Math.min(W, jb - q * W), k0, k1, t, q * W, jb,
                    Mode.SUBTRACT, scratch);
        });
    }

    /** {@code Lᵀ L}, row-major and exactly symmetric, computed on the Gram kernel over the packed columns. */
    public double[] transposeTimesSelf(int threads) {
        Gram gram = Gram.best();
        double[] out = new double[n * n];
        int panels = (n + W - 1) / W;
        Parallel.run("ntkc-linalg", panels, threads, () -> {
            double[] scratch = Products.scratch();
            return q -> {
                int p = q; // row panel p, columns 0 .. its last row; column j of L is zero above row j
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

    /** Copies the lower triangle of a row-major square matrix onto its upper triangle. */
    static void mirrorLower(double[] a, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                a[i * n + j] = a[j * n + i];
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
