package org.ntkc.linalg;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.ntkc.linalg.Products.Mode;
import org.ntkc.runtime.Gram;
import org.ntkc.runtime.Parallel;

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, {@code A = Q T Qᵀ} with
 * {@code Q = H₀ H₁ ⋯ H_{n−2}}, {@code H_k = I − τ_k v_k v_kᵀ}, and the back-transformation {@code Z ← Q Z} of the
 * tridiagonal eigenvectors, both blocked as in LAPACK's {@code dsytrd}/{@code dlatrd} and {@code dormtr}.
 *
 * <p>Reduction: the columns are taken {@value #NB} at a time. Inside a panel each column is brought up to date
 * with the panel's earlier reflectors (from the vectors V and W kept for the panel), its reflector is formed, and
 * the one matrix–vector product with the trailing matrix is made in one pass over its lower triangle (each row a
 * dot product and an update at once, on the Vector API), corrected with V and W. After the panel the trailing matrix
 * loses {@code V Wᵀ + W Vᵀ} in one product on the register-tiled Gram kernel (half the work, in parallel). The
 * other half, the matrix–vector products, is bound by memory bandwidth, as it is in LAPACK.
 *
 * <p>Back-transformation: the reflectors of a panel are combined into {@code I − V T Vᵀ} (T upper triangular,
 * LAPACK's {@code dlarft}), and every eigenvector (held packed, eigenvectors as points) gets
 * {@code z − V (T (Vᵀ z))}: two products on the Gram kernel per panel of 32 eigenvectors, in parallel.
 */
final class Tridiagonalization {
    static final int NB = Panels.W;
    private static final int W = Panels.W;
    /** Columns per block of the trailing update. */
    private static final int COLUMNS = 4 * W;
    /** Trailing orders from which the matrix–vector product runs on two threads. */
    private static final int PARALLEL_SYMV = 600;
    /** Reflectors per block of the back-transformation. */
    static final int BACK = 4 * W;

    final int n;
    /** The matrix; below the subdiagonal, column k holds v_k (its entry k + 1 is an implicit 1). */
    final double[] a;
    final double[] diagonal;
    /** offDiagonal[k] = T[k + 1][k], for k < n − 1. */
    final double[] offDiagonal;
    final double[] tau;

    private Tridiagonalization(int n, double[] a) {
        this.n = n;
        this.a = a;
        this.diagonal = new double[n];
        this.offDiagonal = new double[Math.max(0, n - 1)];
        this.tau = new double[Math.max(0, n - 1)];
    }

    /**
     * Reduces the row-major symmetric {@code n × n} matrix {@code a} (only its lower triangle is read), overwriting
     * it with the reflectors.
     */
    static Tridiagonalization reduce(double[] a, int n, int threads) {
        Tridiagonalization t = new Tridiagonalization(n, a);
        t.reduce(threads);
        return t;
    }

    private void reduce(int threads) {
        Reflections h = Reflections.best();
        Gram gram = Gram.best();
        double[] vp = new double[NB * n]; // the panel's v_c, column-major: vp[c * n + i]
        double[] wp = new double[NB * n];
        double[] x = new double[n];
        double[] p = new double[n];
        double[][] partial = threads > 1 ? new double[threads][n] : null;
        for (int k0 = 0; k0 < n - 1; k0 += NB) {
            int kb = Math.min(NB, n - 1 - k0);
            Arrays.fill(vp, 0.0);
            Arrays.fill(wp, 0.0);
            for (int c = 0; c < kb; c++) {
                int j = k0 + c;
                int len = n - j;
                for (int i = j; i < n; i++) {
                    x[i] = a[i * n + j];
                }
                for (int q = 0; q < c; q++) {
                    h.axpy(-wp[q * n + j], vp, q * n + j, x, j, len);
                    h.axpy(-vp[q * n + j], wp, q * n + j, x, j, len);
                }
                diagonal[j] = x[j];
                double alpha = x[j + 1];
                double sigma = j + 2 < n ? h.dot(x, j + 2, x, j + 2, n - j - 2) : 0;
                int vc = c * n;
                double t = 0;
                double beta = alpha;
                vp[vc + j + 1] = 1;
                if (sigma > 0) {
                    double mu = Math.sqrt(alpha * alpha + sigma);
                    beta = alpha <= 0 ? mu : -mu;
                    t = (beta - alpha) / beta;
                    double scale = 1 / (alpha - beta);
                    for (int i = j + 2; i < n; i++) {
                        vp[vc + i] = x[i] * scale;
                    }
                }
                a[j * n + j] = x[j];
                a[(j + 1) * n + j] = beta;
                for (int i = j + 2; i < n; i++) {
                    a[i * n + j] = vp[vc + i];
                }
                offDiagonal[j] = beta;
                tau[j] = t;
                if (t == 0) {
                    continue;
                }
                int r0 = j + 1;
                int m = n - r0;
                symmetricProduct(h, r0, vp, vc, p, partial, m >= PARALLEL_SYMV ? threads : 1);
                for (int q = 0; q < c; q++) {
                    double wv = h.dot(wp, q * n + r0, vp, vc + r0, m);
                    double vv = h.dot(vp, q * n + r0, vp, vc + r0, m);
                    h.axpy(-wv, vp, q * n + r0, p, r0, m);
                    h.axpy(-vv, wp, q * n + r0, p, r0, m);
                }
                for (int i = r0; i < n; i++) {
                    p[i] *= t;
                }
                double alpha2 = -0.5 * t * h.dot(p, r0, vp, vc + r0, m);
                int wc = c * n;
                for (int i = r0; i < n; i++) {
                    wp[wc + i] = Math.fma(alpha2, vp[vc + i], p[i]);
                }
            }
            int r0 = k0 + kb;
            if (r0 < n) {
                trailingUpdate(gram, r0, vp, wp, kb, threads);
            }
        }
        if (n > 0) {
            diagonal[n - 1] = a[(n - 1) * n + n - 1];
        }
    }

    /**
     * {@code p[i] = Σ_l A[i][l]·v[l]} for {@code r0 ≤ i, l < n} over the lower triangle: row i adds its dot product
     * with v to p[i] and {@code v[i]·A[i][r0..i)} to p[r0..i). On two threads each has its own accumulator.
     */
    private void symmetricProduct(Reflections h, int r0, double[] v, int vo, double[] p, double[][] partial,
            int threads) {
        if (threads <= 1) {
            Arrays.fill(p, r0, n, 0.0);
            rows(h, r0, r0, n, v, vo, p, new double[2]);
            return;
        }
        int m = n - r0;
        // equal shares of the triangle: row bounds at r0 + m·sqrt(k / threads)
        int[] bounds = new int[threads + 1];
        bounds[0] = r0;
        for (int k = 1; k < threads; k++) {
            bounds[k] = r0 + (int) Math.round(m * Math.sqrt((double) k / threads));
        }
        bounds[threads] = n;
        Parallel.run("ntkc-eigen", threads, threads, () -> k -> {
            double[] acc = partial[k];
            int hi = bounds[k + 1];
            Arrays.fill(acc, r0, hi, 0.0);
            rows(h, r0, bounds[k], hi, v, vo, acc, new double[2]);
        });
        System.arraycopy(partial[threads - 1], r0, p, r0, m);
        for (int k = threads - 2; k >= 0; k--) {
            h.axpy(1.0, partial[k], r0, p, r0, bounds[k + 1] - r0);
        }
    }

    /**
     * Rows {@code from .. to − 1} of the product over columns from r0 on, into p (zero on entry from r0 to
     * {@code to}), two rows at a time so that v and p are read once for both.
     */
    private void rows(Reflections h, int r0, int from, int to, double[] v, int vo, double[] p, double[] dots) {
        int i = from;
        for (; i + 1 < to; i += 2) {
            double vi = v[vo + i];
            double vj = v[vo + i + 1];
            int row = i * n;
            int next = row + n;
            h.dotAndAxpy2(a, row + r0, next + r0, v, vo + r0, p, r0, i - r0, vi, vj, dots);
            double below = a[next + i]; // A[i + 1][i]
            p[i] += dots[0] + a[row + i] * vi + below * vj;
            p[i + 1] += dots[1] + below * vi + a[next + i + 1] * vj;
        }
        if (i < to) {
            double vi = v[vo + i];
            int row = i * n;
            double s = h.dotAndAxpy(a, row + r0, v, vo + r0, p, r0, i - r0, vi);
            p[i] += s + a[row + i] * vi;
        }
    }

    /** {@code A22 −= V Wᵀ + W Vᵀ}, lower triangle, for rows and columns from r0 on. */
    private void trailingUpdate(Gram gram, int r0, double[] vp, double[] wp, int kb, int threads) {
        int rest = n - r0;
        Panels x = new Panels(rest, 2 * kb); // rows of [V W]
        Panels y = new Panels(rest, 2 * kb); // rows of [W V]
        for (int p0 = 0; p0 < rest; p0 += W) {
            int width = Math.min(W, rest - p0);
            for (int c = 0; c < kb; c++) {
                System.arraycopy(vp, c * n + r0 + p0, x.data, x.offset(p0, c), width);
                System.arraycopy(wp, c * n + r0 + p0, x.data, x.offset(p0, kb + c), width);
                System.arraycopy(wp, c * n + r0 + p0, y.data, y.offset(p0, c), width);
                System.arraycopy(vp, c * n + r0 + p0, y.data, y.offset(p0, kb + c), width);
            }
        }
        int panels = (rest + W - 1) / W;
        int per = COLUMNS / W;
        int blocks = (panels + per - 1) / per;
        int[] start = new int[blocks + 1];
        for (int b = 0; b < blocks; b++) {
            start[b + 1] = start[b] + panels - b * per;
        }
        int items = start[blocks];
        double[] m = a;
        int ld = n;
        Parallel.run("ntkc-eigen", items, (long) rest * rest * kb < 1 << 21 ? 1 : threads, () -> {
            double[] scratch = Products.scratch();
            return (IntConsumer) item -> {
                int b = 0;
                while (start[b + 1] <= item) {
                    b++;
                }
                int j = b * COLUMNS;
                int i = (b * per + item - start[b]) * W;
                int rows = Math.min(W, rest - i);
                int width = Math.min(Math.min(COLUMNS, rest - j), i + rows - j);
                Products.product(gram, x, i, rows, y, j, width, 0, 2 * kb, m, (r0 + i) * ld + r0 + j, ld,
                        Mode.SUBTRACT, scratch);
            };
        });
    }

    /**
     * Overwrites the packed eigenvectors of T ({@code z}: n points of n coordinates, coordinate i of point e the
     * i-th component of eigenvector e) with those of A: {@code z_e ← Q z_e}.
     */
    void backTransform(Panels z, int threads) {
        backTransform(z, BACK, threads);
    }

    /** As {@link #backTransform(Panels, int)}, {@code nb} reflectors at a time. */
    void backTransform(Panels z, int nb, int threads) {
        Gram gram = Gram.best();
        int last = n - 2; // reflectors 0 .. n − 3 can be nontrivial; H_{n−2} acts on one entry (τ = 0)
        int blocks = (Math.max(0, last) + nb - 1) / nb;
        for (int b = blocks - 1; b >= 0; b--) {
            int k0 = b * nb;
            int kb = Math.min(nb, last - k0);
            int i0 = k0 + 1; // the block's reflectors act on coordinates i0 .. n − 1
            int m = n - i0;
            Panels vt = new Panels(kb, m); // points: the reflectors
            Panels vr = new Panels(m, kb); // points: the coordinates
            boolean any = false;
            for (int c = 0; c < kb; c++) {
                int k = k0 + c;
                if (tau[k] == 0) {
                    continue; // v_k is irrelevant: H_k = I
                }
                any = true;
                vt.set(c, k + 1 - i0, 1.0);
                vr.set(k + 1 - i0, c, 1.0);
                for (int i = k + 2; i < n; i++) {
                    double v = a[i * n + k];
                    vt.data[vt.offset(c, i - i0)] = v;
                    vr.data[vr.offset(i - i0, c)] = v;
                }
            }
            if (!any) {
                continue;
            }
            // the rows of V T, packed (points: the coordinates): H_{k0} ⋯ H_{k0+kb−1} z = z − (V T)(Vᵀ z)
            Panels tc = triangularFactor(vt, k0, kb, m);
            Panels vtt = new Panels(m, kb);
            int rowPanels = (m + W - 1) / W;
            Parallel.run("ntkc-eigen", rowPanels, (long) m * kb * kb < 1 << 20 ? 1 : threads, () -> q ->
                    Products.product(gram, tc, 0, kb, vr, q * W, Math.min(W, m - q * W), 0, kb, vtt.data,
                            vtt.offset(q * W, 0), W, Mode.SET, null));
            int panels = (n + W - 1) / W;
            Parallel.run("ntkc-eigen", panels, n >= 2 * W ? threads : 1, () -> {
                Panels y = new Panels(W, kb);
                double[] scratch = Products.scratch();
                return (IntConsumer) q -> {
                    int e0 = q * W;
                    int cols = Math.min(W, n - e0);
                    // y_e[c] = Σ_i v_c[i] z_e[i0 + i], written packed (coordinate c of point e at c·W + e)
                    Products.product(gram, vt, 0, kb, z, e0, cols, 0, m, i0, y.data, 0, W, Mode.SET, scratch);
                    // z_e[i0 + i] −= Σ_c (V T)[i][c] y_e[c]: straight into the packed panel of z
                    Products.product(gram, vtt, 0, m, y, 0, cols, 0, kb, z.data, z.offset(e0, i0), W,
                            Mode.SUBTRACT, scratch);
                };
            });
        }
    }

    /**
     * The upper triangular T with {@code H_{k0} ⋯ H_{k0+kb−1} = I − V T Vᵀ}, packed by columns (point c holds
     * column c of T as coordinates), for the product V T.
     */
    private Panels triangularFactor(Panels vt, int k0, int kb, int m) {
        double[] t = new double[kb * kb];
        double[] dots = new double[kb * kb];
        // dots[l·kb + c] = v_lᵀ v_c for l < c, on the Gram kernel
        Products.product(Gram.best(), vt, 0, kb, vt, 0, kb, 0, m, dots, 0, kb, Mode.SET, null);
        for (int c = 0; c < kb; c++) {
            double tc = tau[k0 + c];
            t[c * kb + c] = tc;
            if (tc == 0) {
                continue;
            }
            // T[0:c, c] = −τ_c T[0:c, 0:c] dots[0:c, c]
            for (int r = 0; r < c; r++) {
                double s = 0;
                for (int l = r; l < c; l++) {
                    s = Math.fma(t[r * kb + l], dots[l * kb + c], s);
                }
                t[r * kb + c] = -tc * s;
            }
        }
        Panels p = new Panels(kb, kb);
        for (int c = 0; c < kb; c++) {
            for (int l = 0; l <= c; l++) {
                p.set(c, l, t[l * kb + c]);
            }
        }
        return p;
    }
}
