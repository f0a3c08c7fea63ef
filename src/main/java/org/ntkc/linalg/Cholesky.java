package org.ntkc.linalg;

import java.util.function.IntConsumer;
import org.ntkc.linalg.Products.Mode;
import org.ntkc.runtime.Gram;
import org.ntkc.runtime.Parallel;

/**
 * Blocked right-looking Cholesky factorization {@code A = L Lᵀ} of a dense symmetric positive definite matrix, in
 * place. Each step factors a {@value #NB}-wide diagonal block (recursively, the same way with {@value #SMALL}-wide
 * blocks, on one thread), solves the panel below it and subtracts the panel's outer product from the trailing
 * matrix, which is where almost all of the n³/3 multiply-adds happen: on the register-tiled Gram kernel, in parallel.
 *
 * <p>The panel is solved in the packed layout that the trailing update reads anyway ({@link Panels}: 32 rows side by
 * side, column after column): a row panel's rows are copied in once, each 32-column block first loses its product
 * with the columns already solved (on the Gram kernel, written straight in the packed layout) and then its small
 * triangle is solved for all 32 rows at once, column by column, in loops over the 32 contiguous rows that the JIT
 * vectorises. The solved rows go back to the matrix at the end. The trailing update runs over blocks of
 * {@value #COLUMNS} columns, all the row panels below a block before the next block, so that the block's packed
 * columns stay in the core's L2 cache while the rows stream by.
 */
public final class Cholesky {
    static final int NB = 512;
    /** The block width inside a diagonal block, and the order below which plain loops factor. */
    static final int SMALL = Panels.W;
    /** Columns per block of the trailing update (their packed panel, COLUMNS × NB doubles, stays in L2). */
    static final int COLUMNS = 4 * Panels.W;
    private static final int W = Panels.W;

    private Cholesky() {
    }

    /**
     * Overwrites the lower triangle of the row-major {@code n × n} matrix {@code a} with L and zeroes the strict upper
     * triangle. Only the lower triangle of {@code a} is read.
     *
     * @throws NotPositiveDefiniteException at the first pivot that is not positive (or NaN)
     */
    public static void factor(double[] a, int n, int threads) {
        if ((long) n * n > a.length) {
            throw new IllegalArgumentException("an array of " + a.length + " doubles cannot hold " + n + " x " + n);
        }
        factor(Gram.best(), a, n, 0, n, NB, threads);
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(a, i * n + i + 1, i * n + n, 0.0);
        }
    }

    /**
     * Factors the {@code m × m} diagonal block of {@code a} (row stride {@code ld}) whose first row and column is
     * {@code base}, in steps of {@code nb} columns.
     */
    private static void factor(Gram gram, double[] a, int ld, int base, int m, int nb, int threads) {
        for (int k0 = 0; k0 < m; k0 += nb) {
            int kb = Math.min(nb, m - k0);
            int d = base + k0;
            if (kb <= SMALL) {
                factorDiagonal(a, ld, d, kb);
            } else {
                factor(gram, a, ld, d, kb, SMALL, 1);
            }
            int rest = m - k0 - kb;
            if (rest > 0) {
                Panels panel = solvePanel(gram, a, ld, d, kb, d + kb, rest, threads);
                update(gram, a, ld, d + kb, rest, panel, threads);
            }
        }
    }

    /** Unblocked Cholesky–Crout on the {@code kb × kb} diagonal block at row and column {@code d}. */
    private static void factorDiagonal(double[] a, int ld, int d, int kb) {
        for (int j = 0; j < kb; j++) {
            int rj = (d + j) * ld + d;
            double s = a[rj + j];
            for (int l = 0; l < j; l++) {
                s -= a[rj + l] * a[rj + l];
            }
            if (!(s > 0)) {
                throw new NotPositiveDefiniteException(d + j, s);
            }
            double ljj = Math.sqrt(s);
            a[rj + j] = ljj;
            for (int i = j + 1; i < kb; i++) {
                int ri = (d + i) * ld + d;
                double t = a[ri + j];
                for (int l = 0; l < j; l++) {
                    t -= a[ri + l] * a[rj + l];
                }
                a[ri + j] = t / ljj;
            }
        }
    }

    /**
     * Solves {@code X L11ᵀ = A21} for the {@code rest} rows from {@code r0} on, where L11 is the factored
     * {@code kb × kb} block at row and column {@code d}; writes X over A21 and returns it packed.
     */
    private static Panels solvePanel(Gram gram, double[] a, int ld, int d, int kb, int r0, int rest, int threads) {
        Panels l11 = Panels.ofRows(a, ld, d, kb, d, kb);
        Panels panel = new Panels(rest, kb);
        int panels = (rest + W - 1) / W;
        Parallel.run("ntkc-cholesky", panels, threads, () -> {
            double[] scratch = new double[W * W];
            return p -> solvePanelRows(gram, a, ld, d, kb, r0 + p * W, Math.min(W, rest - p * W), l11, panel,
                    p * W * kb, scratch);
        });
        return panel;
    }

    /** One row panel of {@link #solvePanel}: {@code rows ≤ 32} rows from {@code row0}, packed at {@code at}. */
    private static void solvePanelRows(Gram gram, double[] a, int ld, int d, int kb, int row0, int rows, Panels l11,
            Panels panel, int at, double[] scratch) {
        Triangles triangles = Triangles.best();
        double[] x = panel.data;
        for (int r = 0; r < rows; r++) {
            int from = (row0 + r) * ld + d;
            for (int j = 0, to = at + r; j < kb; j++, to += W) {
                x[to] = a[from + j];
            }
        }
        int p0 = at / kb; // the first row's index in the panel
        if (rows < W) {
            java.util.Arrays.fill(scratch, 0.0); // the product below leaves the lanes past the last row alone
        }
        for (int c = 0; c < kb; c += W) {
            int cw = Math.min(W, kb - c);
            int block = at + c * W;
            if (c > 0) {
                // scratch[j·W + r] = Σ_{k < c} L11[c + j][k] · X[r][k]: the packed layout of the block
                Products.product(gram, l11, c, cw, panel, p0, rows, 0, c, scratch, 0, W, Mode.SET, scratch);
            }
            triangles.solve(a, ld, d + c, cw, x, block, c > 0 ? scratch : null);
        }
        for (int r = 0; r < rows; r++) {
            int to = (row0 + r) * ld + d;
            for (int j = 0, from = at + r; j < kb; j++, from += W) {
                a[to + j] = x[from];
            }
        }
    }

    /**
     * The trailing update {@code A22 -= X Xᵀ}, lower triangle only, for the {@code rest × rest} block at row and
     * column {@code r0}: one work item per row panel and block of {@value #COLUMNS} columns at or left of its
     * diagonal, handed out block after block, so that the threads share the block's packed columns while they are
     * in cache.
     */
    private static void update(Gram gram, double[] a, int ld, int r0, int rest, Panels x, int threads) {
        int kb = x.dim;
        int panels = (rest + W - 1) / W;
        int per = COLUMNS / W;
        int blocks = (panels + per - 1) / per;
        int[] start = new int[blocks + 1];
        for (int b = 0; b < blocks; b++) {
            start[b + 1] = start[b] + panels - b * per;
        }
        int items = start[blocks];
        Parallel.run("ntkc-cholesky", items, (long) rest * rest * kb < 1 << 21 ? 1 : threads, () -> {
            double[] scratch = Products.scratch();
            return (IntConsumer) item -> {
                int b = 0;
                while (start[b + 1] <= item) {
                    b++;
                }
                int j = b * COLUMNS;
                int i = (b * per + item - start[b]) * W;
                int rows = Math.min(W, rest - i);
                // the block's columns at or left of this panel's last row
                int width = Math.min(Math.min(COLUMNS, rest - j), i + rows - j);
                Products.product(gram, x, i, rows, x, j, width, 0, kb, a, (r0 + i) * ld + r0 + j, ld,
                        Mode.SUBTRACT, scratch);
            };
        });
    }
}
