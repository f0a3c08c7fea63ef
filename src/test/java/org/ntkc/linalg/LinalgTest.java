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
 * solve blocks of 128 and 256, Cholesky blocks of 512 with 32-wide blocks inside), one and two threads.
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
    @ValueSource(ints = {1, 2, 31, 32, 33, 129, 255, 256, 257, 300, 511, 512, 513, 545})
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
        double[][] avUnpacked = Dense.timesUnpacked(a, rows, cols, v, 2);
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
                assertEquals(s, avUnpacked[c][r], 1e-12);
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

    /** Unblocked Cholesky–Banachiewicz in plain loops: the reference for the blocked one. */
    static double[] naiveCholesky(double[] a, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = i == j ? Math.sqrt(s) : s / l[j * n + j];
            }
        }
        return l;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 31, 33, 63, 65, 95, 100, 127, 161, 223, 255, 257, 289, 300})
    void choleskyMatchesTheUnblockedOneEntryByEntry(int n) {
        // condition number ~1e4: the two factors agree to a few hundred ulps of L's largest entry
        double[] a = spd(n, 1000 + n);
        double[] ref = naiveCholesky(a, n);
        double scale = Math.sqrt(maxAbs(a));
        for (int threads = 1; threads <= 2; threads++) {
            double[] l = a.clone();
            Cholesky.factor(l, n, threads);
            for (int i = 0; i < n * n; i++) {
                assertEquals(ref[i], l[i], 1e-12 * scale, "entry " + i / n + "," + i % n + ", " + threads + " threads");
            }
        }
    }

    @Test
    void vectorAndScalarTriangleKernelsAgree() {
        Triangles vector = Triangles.best();
        Triangles scalar = Triangles.scalar();
        int ld = 70;
        double[] a = spd(ld, 5);
        Cholesky.factor(a, ld, 1);
        for (int cw : new int[] {1, 7, 32}) {
            double[] x = randomVectors(1, 40 * 32, cw)[0];
            double[] y = x.clone();
            double[] s = randomVectors(1, 32 * 32, cw + 1)[0];
            vector.solve(a, ld, 3, cw, x, 32, s);
            scalar.solve(a, ld, 3, cw, y, 32, s);
            for (int i = 0; i < x.length; i++) {
                assertEquals(y[i], x[i], 1e-13 * (1 + Math.abs(y[i])), "solve, cw = " + cw + ", entry " + i);
            }
            // the triangle solved: column j of B − S equals Σ_{l ≤ j} T[j][l] x_l
            double[] b = randomVectors(1, 40 * 32, cw)[0];
            for (int j = 0; j < cw; j++) {
                for (int r = 0; r < 32; r++) {
                    double t = 0;
                    for (int m = 0; m <= j; m++) {
                        t += a[(3 + j) * ld + 3 + m] * x[32 + m * 32 + r];
                    }
                    assertEquals(b[32 + j * 32 + r] - s[j * 32 + r], t, 1e-10, "T xᵀ = B − S");
                }
            }
        }
        double[] u = randomVectors(1, 300, 9)[0];
        double[] v = randomVectors(1, 300, 10)[0];
        for (int len : new int[] {0, 1, 7, 8, 31, 33, 290}) {
            double d = 0;
            for (int q = 0; q < len; q++) {
                d += u[5 + q] * v[q];
            }
            assertEquals(d, vector.dot(u, 5, v, len), 1e-12 * len + 1e-300, "dot " + len);
            assertEquals(d, scalar.dot(u, 5, v, len), 1e-12 * len + 1e-300, "scalar dot " + len);
            double[] y1 = v.clone();
            double[] y2 = v.clone();
            vector.subtractRows(a, 2 * ld, ld, 5, u, 11, y1, 3, Math.min(len, ld));
            scalar.subtractRows(a, 2 * ld, ld, 5, u, 11, y2, 3, Math.min(len, ld));
            for (int q = 0; q < v.length; q++) {
                double e = v[q];
                if (q >= 3 && q < Math.min(len, ld)) {
                    for (int r = 0; r < 5; r++) {
                        e -= u[11 + r] * a[(2 + r) * ld + q];
                    }
                }
                assertEquals(e, y1[q], 1e-12, "subtractRows, entry " + q);
                assertEquals(y2[q], y1[q], 0.0, "vector vs scalar subtractRows, entry " + q);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 255, 256, 257, 600})
    void solvesWithFewAndManyRightHandSidesAgreeWithSubstitution(int n) {
        double[] a = spd(n, 77 + n);
        LowerTriangular l = LowerTriangular.cholesky(a.clone(), n, 2);
        for (int k : new int[] {1, 3, LowerTriangular.FEW + 1}) {
            double[][] b = randomVectors(k, n, 5 * n + k);
            double[][] y = l.solve(b, 2);
            double[][] z = l.solveTransposed(b, 2);
            for (int c = 0; c < k; c += Math.max(1, k / 3)) {
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    double t = 0;
                    for (int j = 0; j < n; j++) {
                        s += l.get(i, j) * y[c][j];
                        t += l.get(j, i) * z[c][j];
                    }
                    assertEquals(b[c][i], s, 1e-11 * (1 + Math.abs(b[c][i])), "L y = b, k = " + k);
                    assertEquals(b[c][i], t, 1e-11 * (1 + Math.abs(b[c][i])), "Lᵀ z = b, k = " + k);
                }
            }
        }
    }
}
