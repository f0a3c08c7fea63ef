package org.ntkc.linalg;

import java.util.function.IntConsumer;
import org.ntkc.linalg.Products.Mode;
import org.ntkc.runtime.Gram;
import org.ntkc.runtime.Parallel;

/**
 * Blocked right-looking Cholesky factorization {@code A = L Lᵀ} of a dense symmetric positive definite matrix, in
 * place. Each step factors a {@value #NB}-wide diagonal block, solves the panel below it in column blocks of
 * {@link Panels#W} (their products on the Gram kernel), and subtracts the panel's outer product from the trailing
 * matrix, which is where almost all of the n³/3 multiply-adds happen: on the register-tiled Gram kernel, in parallel
 * over row panels. EJML's blocked Cholesky, for comparison, runs at about 6 GFLOP/s here; this one at several times
 * that with the vector kernel (see {@code LinalgBenchmark}).
 */
public final class Cholesky {
    static final int NB = 256;
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
        Gram gram = Gram.best();
        for (int k0 = 0; k0 < n; k0 += NB) {
            step(gram, a, n, k0, threads);
        }
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(a, i * n + i + 1, i * n + n, 0.0);
        }
    }

    /** One block column: the diagonal block, the panel below it, and the trailing update. */
    private static void step(Gram gram, double[] a, int n, int k0, int threads) {
        int kb = Math.min(NB, n - k0);
        int r0 = k0 + kb;
        int rest = n - r0;
        factorDiagonal(a, n, k0, kb);
        if (rest == 0) {
            return;
        }
        Panels l11 = Panels.ofRows(a, n, k0, kb, k0, kb);
        Panels panel = new Panels(rest, kb);
        int panels = (rest + W - 1) / W;
        Parallel.run("ntkc-cholesky", panels, threads, () -> {
            double[] scratch = Products.scratch();
            return p -> solvePanelRows(gram, a, n, k0, kb, l11, panel, p * W, Math.min(W, rest - p * W), scratch);
        });
        // Trailing update, lower triangle only: row panel p touches columns 0 .. its own last row. The biggest
        // panels go first so that the threads finish together.
        Parallel.run("ntkc-cholesky", panels, threads, () -> {
            double[] scratch = Products.scratch();
            return (IntConsumer) q -> {
                int i = (panels - 1 - q) * W;
                int rows = Math.min(W, rest - i);
                Products.product(gram, panel, i, rows, panel, 0, i + rows, 0, kb, a, (r0 + i) * n + r0, n,
                        Mode.SUBTRACT, scratch);
            };
        });
    }

    /** Unblocked Cholesky–Crout on the diagonal block at (k0, k0) of size kb, reading row-major dot products. */
    private static void factorDiagonal(double[] a, int n, int k0, int kb) {
        for (int j = 0; j < kb; j++) {
            int rj = (k0 + j) * n + k0;
            double d = a[rj + j];
            for (int l = 0; l < j; l++) {
                d -= a[rj + l] * a[rj + l];
            }
            if (!(d > 0)) {
                throw new NotPositiveDefiniteException(k0 + j, d);
            }
            double ljj = Math.sqrt(d);
            a[rj + j] = ljj;
            for (int i = j + 1; i < kb; i++) {
                int ri = (k0 + i) * n + k0;
                double s = a[ri + j];
                for (int l = 0; l < j; l++) {
                    s -= a[ri + l] * a[rj + l];
                }
                a[ri + j] = s / ljj;
            }
        }
    }

    /**
     * Solves {@code X L11ᵀ = A21} for the rows {@code i0 .. i0 + rows - 1} of the panel (one panel of {@link Panels}),
     * a column block at a time: the block's product with the columns already solved runs on the Gram kernel, the
     * small triangle in plain loops. The solved rows go to {@code a} and to {@code panel}.
     */
    private static void solvePanelRows(Gram gram, double[] a, int n, int k0, int kb, Panels l11, Panels panel, int i0,
            int rows, double[] scratch) {
        int r0 = k0 + kb;
        for (int c = 0; c < kb; c += W) {
            int cw = Math.min(W, kb - c);
            Products.product(gram, panel, i0, rows, l11, c, cw, 0, c, a, (r0 + i0) * n + k0 + c, n, Mode.SUBTRACT,
                    scratch);
            for (int r = 0; r < rows; r++) {
                int row = (r0 + i0 + r) * n + k0;
                for (int j = c; j < c + cw; j++) {
                    int lj = (k0 + j) * n + k0;
                    double s = a[row + j];
                    for (int l = c; l < j; l++) {
                        s -= a[lj + l] * a[row + l];
                    }
                    s /= a[lj + j];
                    a[row + j] = s;
                    panel.set(i0 + r, j, s);
                }
            }
        }
    }
}
