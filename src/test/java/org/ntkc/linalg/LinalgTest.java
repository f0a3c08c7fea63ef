package org.ntkc.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The blocked, Gram-kernel linear algebra against plain triple loops: sizes around every block edge (panels of 32,
 * solve blocks of 128, Cholesky blocks of 256), one and two threads.
 */
class LinalgTest {

    /** A random SPD matrix B Bᵀ + n I with entries of order n. */
    static double[] spd(int n, long seed) {
        Random r = new Random(seed);
        double[] b = new double[n * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextGaussian();
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += b[i * n + k] * b[j * n + k];
                }
                a[i * n + j] = s + (i == j ? n : 0);
            }
        }
        return a;
    }

    static double[][] randomVectors(int k, int n, long seed) {
        Random r = new Random(seed);
        double[][] v = new double[k][n];
        for (double[] x : v) {
            for (int i = 0; i < n; i++) {
                x[i] = r.nextGaussian();
            }
        }
        return v;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 31, 32, 33, 129, 255, 256, 257, 300, 545})
    void choleskyReconstructsTheMatrix(int n) {
        double[] a = spd(n, n);
        double[] l = a.clone();
        // garbage in the upper triangle must not matter
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                l[i * n + j] = 1e6;
            }
        }
        Cholesky.factor(l, n, n % 2 + 1);
        double scale = maxAbs(a);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j > i) {
                    assertEquals(0.0, l[i * n + j], "upper triangle zeroed");
                }
                double s = 0;
                for (int k = 0; k <= Math.min(i, j); k++) {
                    s += l[i * n + k] * l[j * n + k];
                }
                worst = Math.max(worst, Math.abs(s - a[i * n + j]) / scale);
            }
        }
        assertTrue(worst < 1e-13, "L Lᵀ vs A: " + worst);
    }

    @Test
    void indefiniteMatrixNamesThePivot() {
        int n = 300;
        double[] a = spd(n, 7);
        // make the leading 271 × 271 block fine and the 271st pivot negative
        for (int j = 0; j < n; j++) {
            a[270 * n + j] = 0;
            a[j * n + 270] = 0;
        }
        a[270 * n + 270] = -1;
        NotPositiveDefiniteException e =
                assertThrows(NotPositiveDefiniteException.class, () -> Cholesky.factor(a.clone(), n, 2));
        assertEquals(270, e.index());
        assertTrue(e.pivot() < 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 40, 127, 128, 129, 300})
    void solvesAgreeWithSubstitution(int n) {
        double[] a = spd(n, 11 + n);
        LowerTriangular l = LowerTriangular.cholesky(a.clone(), n, 2);
        double[][] b = randomVectors(3, n, n);
        double[][] y = l.solve(b, 2);
        double[][] z = l.solveTransposed(b, 1);
        LowerTriangular packed = LowerTriangular.cholesky(a.clone(), n, 1).pack();
        double[][] yp = packed.solve(b, 2);
        double[][] zp = packed.solveTransposed(b, 1);
        for (int c = 0; c < b.length; c++) {
            for (int i = 0; i < n; i++) {
                assertEquals(y[c][i], yp[c][i], 1e-12 * (1 + Math.abs(y[c][i])), "packed vs plain forward");
                assertEquals(z[c][i], zp[c][i], 1e-12 * (1 + Math.abs(z[c][i])), "packed vs plain backward");
                assertEquals(l.get(i, Math.max(0, i - 3)), packed.get(i, Math.max(0, i - 3)), 0.0);
            }
        }
        for (int c = 0; c < b.length; c++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                double t = 0;
                for (int j = 0; j < n; j++) {
                    s += l.get(i, j) * y[c][j];
                    t += l.get(j, i) * z[c][j];
                }
                assertEquals(b[c][i], s, 1e-11 * (1 + Math.abs(b[c][i])), "L y = b");
                assertEquals(b[c][i], t, 1e-11 * (1 + Math.abs(b[c][i])), "Lᵀ z = b");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 33, 200})
    void transposeTimesSelfIsLtL(int n) {
        LowerTriangular l = LowerTriangular.cholesky(spd(n, 3), n, 2);
        double[] ltl = l.transposeTimesSelf(2);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += l.get(k, i) * l.get(k, j);
                }
                assertEquals(s, ltl[i * n + j], 1e-12 * n * n);
                assertEquals(ltl[i * n + j], ltl[j * n + i], 0.0);
            }
        }
    }

    @Test
    void denseProductsAndGramAccumulation() {
        int rows = 77;
        int cols = 45;
        double[] a = randomVectors(1, rows * cols, 5)[0];
        double[][] v = randomVectors(3, cols, 6);
        double[][] w = randomVectors(3, rows, 7);
        double[][] av = Dense.times(a, rows, cols, v, 2);
        double[][] atw = Dense.transposeTimes(a, rows, cols, w, 2);
        double[] h = new double[cols * cols];
        Dense.addTransposeProduct(a, rows, cols, h, 2);
        Dense.addTransposeProduct(a, rows, cols, h, 1);
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += a[r * cols + j] * v[c][j];
                }
                assertEquals(s, av[c][r], 1e-12);
            }
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += a[r * cols + j] * w[c][r];
                }
                assertEquals(s, atw[c][j], 1e-12);
            }
        }
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += a[r * cols + i] * a[r * cols + j];
                }
                assertEquals(2 * s, h[i * cols + j], 1e-11);
            }
        }
        SymmetricMatrix hs = SymmetricMatrix.ofLower(h, cols);
        double[][] hv = hs.times(v, 2);
        for (int i = 0; i < cols; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += h[Math.max(i, j) * cols + Math.min(i, j)] * v[1][j];
            }
            assertEquals(s, hv[1][i], 1e-10);
        }
    }

    @Test
    void bandsOfTheGramAddUpToTheWhole() {
        int rows = 70;
        int cols = 100;
        double[] a = randomVectors(1, rows * cols, 8)[0];
        double[] whole = new double[cols * cols];
        Dense.addTransposeProduct(a, rows, cols, whole, 2);
        int[] cuts = {0, 31, 32, 77, 100};
        for (int b = 0; b + 1 < cuts.length; b++) {
            int from = cuts[b];
            int to = cuts[b + 1];
            double[] band = new double[(to - from) * to];
            Dense.addTransposeProductBand(a, rows, cols, from, to, band, 2);
            for (int i = from; i < to; i++) {
                for (int j = 0; j <= i; j++) {
                    assertEquals(whole[i * cols + j], band[(i - from) * to + j], 0.0, "band entry " + i + "," + j);
                }
            }
        }
    }
}
