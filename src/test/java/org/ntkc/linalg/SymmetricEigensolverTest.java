package org.ntkc.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written eigensolver against independent checks: the residual A·V − V·Λ and VᵀV − I in plain loops,
 * eigenvalues against EJML's symmetric QR algorithm and against closed-form spectra, around every block edge of the
 * tridiagonalisation (panels of 32) and of divide and conquer (leaves of 32 rows), on one and two threads (700: the
 * symmetric products of the tridiagonalisation split between two threads from trailing order 600 on).
 */
class SymmetricEigensolverTest {
    private static final double EPS = Math.ulp(1.0);

    static double[] randomSymmetric(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = r.nextGaussian();
                a[i * n + j] = x;
                a[j * n + i] = x;
            }
        }
        return a;
    }

    /** A random orthogonal matrix (Q of the QR factorization of a Gaussian matrix), row-major. */
    static double[] randomOrthogonal(int n, long seed) {
        Random r = new Random(seed);
        DMatrixRMaj g = new DMatrixRMaj(n, n);
        for (int i = 0; i < n * n; i++) {
            g.data[i] = r.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
        assertTrue(qr.decompose(g));
        return qr.getQ(null, false).data;
    }

    /** Q diag(λ) Qᵀ. */
    static double[] withSpectrum(double[] q, double[] lambda) {
        int n = lambda.length;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[i * n + k] * lambda[k] * q[j * n + k];
                }
                a[i * n + j] = s;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double m = (a[i * n + j] + a[j * n + i]) / 2;
                a[i * n + j] = m;
                a[j * n + i] = m;
            }
        }
        return a;
    }

    static double[] ejmlEigenvalues(double[] a, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        assertTrue(eig.decompose(DMatrixRMaj.wrap(n, n, a.clone())));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(v);
        return v;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /**
     * Decomposes a copy of {@code a} (with garbage in its strict upper triangle, which must not be read) and checks
     * ascending order, max |A·V − V·Λ| ≤ tol·n·ε·‖A‖ and max |VᵀV − I| ≤ tol·n·ε.
     */
    static SymmetricEigensolver.Decomposition checked(double[] a, int n, int threads) {
        double[] work = a.clone();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                work[i * n + j] = Double.NaN;
            }
        }
        SymmetricEigensolver.Decomposition d = SymmetricEigensolver.decompose(work, n, threads);
        double[] lambda = d.values();
        double[] v = d.vectors();
        assertEquals(n, lambda.length);
        for (int j = 1; j < n; j++) {
            assertTrue(lambda[j - 1] <= lambda[j], "ascending at " + j);
        }
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += Math.abs(a[i * n + j]);
            }
            norm = Math.max(norm, s);
        }
        double residual = 0;
        double[] av = new double[n];
        for (int j = 0; j < n; j++) {
            Arrays.fill(av, 0);
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i * n + k] * v[k * n + j];
                }
                residual = Math.max(residual, Math.abs(s - lambda[j] * v[i * n + j]));
            }
        }
        double orthogonality = 0;
        for (int p = 0; p < n; p++) {
            for (int q = 0; q <= p; q++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += v[i * n + p] * v[i * n + q];
                }
                orthogonality = Math.max(orthogonality, Math.abs(s - (p == q ? 1 : 0)));
            }
        }
        int m = Math.max(n, 10);
        assertTrue(residual <= 4 * m * EPS * norm, "|AV - VΛ| = " + residual + " for |A| = " + norm + ", n = " + n);
        assertTrue(orthogonality <= 4 * m * EPS, "|VᵀV - I| = " + orthogonality + ", n = " + n);
        return d;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 17, 31, 32, 33, 64, 65, 100, 255, 256, 257, 500, 700})
    void randomMatricesAgreeWithEjml(int n) {
        double[] a = randomSymmetric(n, 1000 + n);
        double[] expected = ejmlEigenvalues(a, n);
        double norm = Math.max(1, maxAbs(expected));
        for (int threads = 1; threads <= 2; threads++) {
            double[] got = checked(a, n, threads).values();
            for (int j = 0; j < n; j++) {
                assertEquals(expected[j], got[j], 20 * n * EPS * norm, "eigenvalue " + j + " of " + n);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 200, 333})
    void repeatedEigenvaluesAreFoundWithOrthogonalVectors(int n) {
        // three clusters of exactly repeated eigenvalues and a few singles: heavy deflation in every merge
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = i < n / 3 ? 1 : i < 2 * n / 3 ? -2 : i < n - 3 ? 5 : 7 + i;
        }
        double[] a = withSpectrum(randomOrthogonal(n, n), lambda);
        double[] expected = lambda.clone();
        Arrays.sort(expected);
        double[] got = checked(a, n, 2).values();
        for (int j = 0; j < n; j++) {
            assertEquals(expected[j], got[j], 50 * n * EPS * maxAbs(expected), "eigenvalue " + j);
        }
    }

    @Test
    void zeroMatrixGivesZerosAndTheIdentity() {
        int n = 70;
        SymmetricEigensolver.Decomposition d = checked(new double[n * n], n, 2);
        for (int j = 0; j < n; j++) {
            assertEquals(0.0, d.values()[j]);
            for (int i = 0; i < n; i++) {
                assertEquals(i == j ? 1.0 : 0.0, d.vectors()[i * n + j]);
            }
        }
        assertEquals(0, SymmetricEigensolver.decompose(new double[0], 0, 1).values().length);
    }

    @Test
    void diagonalMatrixGivesItsSortedDiagonalExactly() {
        int n = 150;
        Random r = new Random(5);
        double[] a = new double[n * n];
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
            diag[i] = i % 7 == 0 ? 3.0 : r.nextGaussian();
            a[i * n + i] = diag[i];
        }
        Arrays.sort(diag);
        double[] got = checked(a, n, 1).values();
        for (int j = 0; j < n; j++) {
            assertEquals(diag[j], got[j], 4 * EPS * Math.abs(diag[j]), "eigenvalue " + j);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 300})
    void laplacianMatchesTheClosedForm(int n) {
        // tridiag(-1, 2, -1): λ_k = 2 − 2 cos(kπ/(n+1)), k = 1..n, already tridiagonal
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = 2;
            if (i > 0) {
                a[i * n + i - 1] = -1;
                a[(i - 1) * n + i] = -1;
            }
        }
        double[] got = checked(a, n, 2).values();
        for (int k = 1; k <= n; k++) {
            assertEquals(2 - 2 * Math.cos(k * Math.PI / (n + 1)), got[k - 1], 20 * EPS * n, "λ_" + k);
        }
    }

    @Test
    void wilkinsonMatrixHasItsCloseEigenvaluePairs() {
        // W⁺₂₁: diagonal |10 − i|, off-diagonal 1; its largest eigenvalues come in pairs agreeing to 1e-14 and more
        int n = 21;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = Math.abs(10 - i);
            if (i > 0) {
                a[i * n + i - 1] = 1;
                a[(i - 1) * n + i] = 1;
            }
        }
        // embed it, permuted, into a larger matrix so that divide and conquer (not a leaf) sees it
        int m = 3 * n;
        double[] b = new double[m * m];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    b[(c * n + i) * m + c * n + j] = a[i * n + j];
                }
            }
        }
        double[] q = randomOrthogonal(m, 3);
        double[] rotated = new double[m * m];
        double[] tmp = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s += q[i * m + k] * b[k * m + j];
                }
                tmp[i * m + j] = s;
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s += tmp[i * m + k] * q[j * m + k];
                }
                rotated[i * m + j] = s;
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                double s = (rotated[i * m + j] + rotated[j * m + i]) / 2;
                rotated[i * m + j] = s;
                rotated[j * m + i] = s;
            }
        }
        double[] got = checked(rotated, m, 1).values();
        double[] single = ejmlEigenvalues(a, n);
        // the largest, 10.746194182903393 (twice in W⁺₂₁), three times per copy
        assertEquals(10.746194182903393, single[n - 1], 1e-13);
        for (int c = 0; c < 6; c++) {
            assertEquals(10.746194182903393, got[m - 1 - c], 1e-12, "copy " + c);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {50, 257})
    void rankDeficientKernelMatrices(int n) {
        // an RBF kernel of points with many exact duplicates: rank ≤ the number of distinct points, PSD
        int distinct = n / 5;
        Random r = new Random(n);
        double[][] x = new double[distinct][4];
        for (double[] p : x) {
            for (int d = 0; d < 4; d++) {
                p[d] = r.nextGaussian();
            }
        }
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int d = 0; d < 4; d++) {
                    double t = x[i % distinct][d] - x[j % distinct][d];
                    s += t * t;
                }
                k[i * n + j] = Math.exp(-s / 2);
            }
        }
        double[] got = checked(k, n, 2).values();
        double[] expected = ejmlEigenvalues(k, n);
        double top = expected[n - 1];
        int zeros = 0;
        for (int j = 0; j < n; j++) {
            assertEquals(expected[j], got[j], 20 * n * EPS * top, "eigenvalue " + j);
            zeros += Math.abs(got[j]) <= 20 * n * EPS * top ? 1 : 0;
        }
        assertTrue(zeros >= n - distinct, zeros + " zero eigenvalues, expected at least " + (n - distinct));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-300, 1e-150, 1e150, 1e300})
    void extremeScalesGiveScaledEigenvalues(double scale) {
        int n = 90;
        double[] a = randomSymmetric(n, 77);
        double[] reference = checked(a, n, 1).values();
        double[] scaled = a.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= scale;
        }
        SymmetricEigensolver.Decomposition d = SymmetricEigensolver.decompose(scaled.clone(), n, 2);
        double top = maxAbs(reference);
        for (int j = 0; j < n; j++) {
            assertEquals(reference[j], d.values()[j] / scale, 1e-12 * top, "eigenvalue " + j + " at scale " + scale);
        }
        for (double x : d.vectors()) {
            assertTrue(Double.isFinite(x));
        }
    }

    @Test
    void nonFiniteEntriesAreRefused() {
        double[] a = randomSymmetric(5, 1);
        a[3 * 5 + 1] = Double.NaN;
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SymmetricEigensolver.decompose(a, 5, 1));
        assertTrue(e.getMessage().contains("row 3, column 1"), e.getMessage());
    }

    @Test
    void vectorLoopsAgreeWithScalarOnes() {
        Reflections best = Reflections.best();
        Reflections scalar = Reflections.scalar();
        Random r = new Random(9);
        for (int len : new int[] {0, 1, 7, 8, 15, 16, 17, 33, 100}) {
            double[] x = new double[len + 3];
            double[] y = new double[len + 5];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian();
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = r.nextGaussian();
            }
            assertEquals(scalar.dot(x, 3, y, 2, len), best.dot(x, 3, y, 2, len), 1e-13 * (len + 1));
            double[] p1 = y.clone();
            double[] p2 = y.clone();
            double s1 = scalar.dotAndAxpy(x, 1, y, 4, p1, 0, len, 0.7);
            double s2 = best.dotAndAxpy(x, 1, y, 4, p2, 0, len, 0.7);
            assertEquals(s1, s2, 1e-13 * (len + 1));
            double[] q1 = y.clone();
            double[] q2 = y.clone();
            double[] d1 = new double[2];
            double[] d2 = new double[2];
            scalar.dotAndAxpy2(y, 0, 2, x, 1, q1, 3, Math.min(len, x.length - 1), -0.4, 1.1, d1);
            best.dotAndAxpy2(y, 0, 2, x, 1, q2, 3, Math.min(len, x.length - 1), -0.4, 1.1, d2);
            assertEquals(d1[0], d2[0], 1e-13 * (len + 1));
            assertEquals(d1[1], d2[1], 1e-13 * (len + 1));
            for (int i = 0; i < y.length; i++) {
                assertEquals(q1[i], q2[i], 1e-15 * 4);
            }
            double[] a1 = y.clone();
            double[] a2 = y.clone();
            scalar.axpy(-1.3, x, 2, a1, 1, len);
            best.axpy(-1.3, x, 2, a2, 1, len);
            double[] r1x = x.clone();
            double[] r1y = y.clone();
            double[] r2x = x.clone();
            double[] r2y = y.clone();
            scalar.rotate(r1x, 1, r1y, 3, len, 0.6, 0.8);
            best.rotate(r2x, 1, r2y, 3, len, 0.6, 0.8);
            for (int i = 0; i < y.length; i++) {
                assertEquals(p1[i], p2[i], 1e-15 * 4);
                assertEquals(a1[i], a2[i], 1e-15 * 4);
                assertEquals(r1y[i], r2y[i], 1e-15 * 4);
            }
            for (int i = 0; i < x.length; i++) {
                assertEquals(r1x[i], r2x[i], 1e-15 * 4);
            }
        }
    }
}
