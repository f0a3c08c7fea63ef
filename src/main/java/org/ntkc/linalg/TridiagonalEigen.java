package org.ntkc.linalg;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.ntkc.linalg.Products.Mode;
import org.ntkc.runtime.Gram;
import org.ntkc.runtime.Parallel;

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by Cuppen's divide and conquer, as in LAPACK's
 * {@code dstedc}: the matrix is split in two by a rank-one tear, the halves are solved recursively (down to
 * {@value #LEAF} rows, solved by the implicit QL algorithm), and the halves' eigenproblems are joined through the
 * eigenproblem of {@code D + ρ z zᵀ}.
 *
 * <p>Joining deflates what needs no work (components of z below a tolerance, and pairs of nearly equal entries of
 * D, rotated so that one of them has a zero component), solves the secular equation
 * {@code 1 + ρ Σ z_j² / (d_j − λ) = 0} for each remaining root (a two-pole rational model of the function inside a
 * shrinking bracket, in the distance from the nearer pole so that no root loses digits to cancellation), recomputes
 * z from the roots (Gu and Eisenstat, so that the eigenvectors are orthogonal to working precision however close
 * the roots) and multiplies the halves' eigenvectors by those of the rank-one problem on the Gram kernel, the upper
 * and lower rows separately so that the zero blocks cost nothing. Eigenvectors are held column-major (column j
 * contiguous); eigenvalues come back in no particular order, each with its column.
 */
final class TridiagonalEigen {
    static final int LEAF = 32;
    /** Unit roundoff, 2⁻⁵³. */
    static final double EPS = Math.ulp(1.0) / 2;
    /** Orders from which the two halves are solved on two threads. */
    private static final int PARALLEL_HALVES = 256;
    private static final int W = Panels.W;

    private final double[] d;
    private final double[] e;
    private final Reflections h = Reflections.best();
    private final Gram gram = Gram.best();

    private TridiagonalEigen(double[] d, double[] e) {
        this.d = d;
        this.e = e;
    }

    /**
     * Overwrites {@code d} (the diagonal, length n) with the eigenvalues and returns the eigenvectors, column-major
     * ({@code z[j * n + i]} is component i of the eigenvector of {@code d[j]}). {@code offDiagonal[k]} couples rows
     * k and k + 1 and is not modified.
     *
     * @throws ArithmeticException if the QL iteration of a leaf does not converge (NaN in the input)
     */
    static double[] solve(double[] d, double[] offDiagonal, int n, int threads) {
        double[] e = Arrays.copyOf(offDiagonal, Math.max(n, 1));
        if (n > 0) {
            e[n - 1] = 0;
        }
        return new TridiagonalEigen(d, e).solve(0, n, threads);
    }

    private double[] solve(int lo, int m, int threads) {
        if (m <= LEAF) {
            return leaf(lo, m);
        }
        int m1 = m / 2;
        int s = lo + m1 - 1;
        double beta = e[s];
        double rho = Math.abs(beta);
        d[s] -= rho;
        d[s + 1] -= rho;
        double[][] halves = new double[2][];
        if (threads > 1 && m >= PARALLEL_HALVES) {
            int inner = Math.max(1, threads / 2);
            Parallel.run("ntkc-eigen", 2, 2, () -> k -> halves[k] = k == 0 ? solve(lo, m1, inner)
                    : solve(lo + m1, m - m1, threads - inner));
        } else {
            halves[0] = solve(lo, m1, 1);
            halves[1] = solve(lo + m1, m - m1, 1);
        }
        return merge(lo, m1, m - m1, halves, beta, threads);
    }

    /**
     * The eigenproblem of {@code [[T1, 0], [0, T2]] + β u uᵀ} from those of T1 and T2 (their eigenvectors in
     * {@code halves}, released here), {@code u = e_{n1−1} + sign(β) e_{n1}}.
     */
    private double[] merge(int lo, int n1, int n2, double[][] halves, double beta, int threads) {
        int n = n1 + n2;
        double[] q1 = halves[0];
        double[] q2 = halves[1];
        double sign = beta < 0 ? -1 : 1;
        double rho = 2 * Math.abs(beta); // with z normalised to unit length
        double half = Math.sqrt(0.5);
        double[] dd = Arrays.copyOfRange(d, lo, lo + n);
        double[] z = new double[n];
        double[] qb = new double[n * n]; // the halves' eigenvectors side by side, column-major
        byte[] part = new byte[n]; // 1: nonzero in the upper n1 rows, 2: in the lower n2, 3: both
        for (int j = 0; j < n1; j++) {
            z[j] = q1[j * n1 + n1 - 1] * half;
            System.arraycopy(q1, j * n1, qb, j * n, n1);
            part[j] = 1;
        }
        for (int j = 0; j < n2; j++) {
            z[n1 + j] = sign * q2[j * n2] * half;
            System.arraycopy(q2, j * n2, qb, (n1 + j) * n + n1, n2);
            part[n1 + j] = 2;
        }
        halves[0] = null;
        halves[1] = null;
        int[] order = sortedIndices(dd);
        double dmax = 0;
        double zmax = 0;
        for (int j = 0; j < n; j++) {
            dmax = Math.max(dmax, Math.abs(dd[j]));
            zmax = Math.max(zmax, Math.abs(z[j]));
        }
        double tol = 8 * EPS * Math.max(dmax, rho * zmax);
        int[] keep = new int[n];
        int k = 0;
        int[] deflated = new int[n];
        int nd = 0;
        int prev = -1;
        for (int t = 0; t < n; t++) {
            int j = order[t];
            if (rho * Math.abs(z[j]) <= tol) {
                deflated[nd++] = j;
                continue;
            }
            if (prev < 0) {
                prev = j;
                continue;
            }
            double zp = z[prev];
            double zq = z[j];
            double r = hypot(zp, zq);
            double c = zq / r;
            double s = zp / r;
            if (Math.abs((dd[j] - dd[prev]) * c * s) <= tol) {
                // rotate the pair so that prev's component of z vanishes; prev's entry is then an eigenvalue
                z[j] = r;
                z[prev] = 0;
                double dp = dd[prev];
                double dq = dd[j];
                dd[prev] = c * c * dp + s * s * dq;
                dd[j] = s * s * dp + c * c * dq;
                h.rotate(qb, prev * n, qb, j * n, n, c, s);
                part[prev] |= part[j];
                part[j] = part[prev];
                deflated[nd++] = prev;
            } else {
                keep[k++] = prev;
            }
            prev = j;
        }
        if (prev >= 0) {
            keep[k++] = prev;
        }
        double[] out = new double[n * n];
        if (k > 0) {
            double[] dk = new double[k];
            double[] zk = new double[k];
            for (int t = 0; t < k; t++) {
                dk[t] = dd[keep[t]];
                zk[t] = z[keep[t]];
            }
            int[] origin = new int[k];
            double[] tau = new double[k];
            secular(dk, zk, k, rho, origin, tau, threads);
            double[] u = rankOneVectors(dk, zk, k, origin, tau);
            for (int t = 0; t < k; t++) {
                d[lo + t] = dk[origin[t]] + tau[t];
            }
            multiply(qb, n, n1, keep, part, k, u, out, threads);
        }
        for (int t = 0; t < nd; t++) {
            int j = deflated[t];
            d[lo + k + t] = dd[j];
            System.arraycopy(qb, j * n, out, (k + t) * n, n);
        }
        return out;
    }

    /**
     * {@code out[:, l] = Σ_t qb[:, keep[t]] · u[l·k + t]} for l < k: the upper n1 rows over the columns that are
     * nonzero there, the lower rows over theirs.
     */
    private void multiply(double[] qb, int n, int n1, int[] keep, byte[] part, int k, double[] u, double[] out,
            int threads) {
        for (int half = 0; half < 2; half++) {
            int bit = half == 0 ? 1 : 2;
            int r0 = half == 0 ? 0 : n1;
            int rows = half == 0 ? n1 : n - n1;
            int count = 0;
            int[] list = new int[k];
            for (int t = 0; t < k; t++) {
                if ((part[keep[t]] & bit) != 0) {
                    list[count++] = t;
                }
            }
            if (count == 0) {
                continue;
            }
            Panels us = new Panels(k, count); // points: the rank-one problem's eigenvectors
            Panels qs = new Panels(rows, count); // points: the rows
            for (int s = 0; s < count; s++) {
                int t = list[s];
                for (int l = 0; l < k; l++) {
                    us.data[us.offset(l, s)] = u[l * k + t];
                }
                int col = keep[t] * n + r0;
                for (int p0 = 0; p0 < rows; p0 += W) {
                    System.arraycopy(qb, col + p0, qs.data, qs.offset(p0, s), Math.min(W, rows - p0));
                }
            }
            int used = count;
            int lp = (k + W - 1) / W;
            int chunk = 4 * W;
            int rc = (rows + chunk - 1) / chunk;
            long work = (long) k * rows * count;
            Parallel.run("ntkc-eigen", lp * rc, work < 1 << 22 ? 1 : threads, () -> {
                double[] scratch = Products.scratch();
                return (IntConsumer) item -> {
                    int l0 = (item / rc) * W;
                    int i0 = (item % rc) * chunk;
                    Products.product(gram, us, l0, Math.min(W, k - l0), qs, i0, Math.min(chunk, rows - i0), 0,
                            used, out, l0 * n + r0 + i0, n, Mode.SET, scratch);
                };
            });
        }
    }

    /**
     * The roots of {@code 1 + ρ Σ_j z_j² / (d_j − λ)} (d strictly increasing, z without zeros, ρ > 0): root i lies
     * in (d_i, d_{i+1}) (the last in (d_{k−1}, d_{k−1} + ρ zᵀz)) and is returned as {@code d[origin[i]] + tau[i]},
     * origin the nearer end.
     */
    static void secular(double[] dk, double[] zk, int k, double rho, int[] origin, double[] tau, int threads) {
        double zz = 0;
        for (int j = 0; j < k; j++) {
            zz += zk[j] * zk[j];
        }
        double span = rho * zz;
        int chunk = 64;
        Parallel.run("ntkc-eigen", (k + chunk - 1) / chunk, (long) k * k < 1 << 18 ? 1 : threads, () -> q -> {
            for (int i = q * chunk, end = Math.min(k, i + chunk); i < end; i++) {
                root(dk, zk, k, rho, span, i, origin, tau);
            }
        });
    }

    private static void root(double[] dk, double[] zk, int k, double rho, double span, int i, int[] origin,
            double[] tau) {
        int o;
        double lo;
        double hi;
        if (i < k - 1) {
            double mid = (dk[i + 1] - dk[i]) / 2;
            double f = 1;
            for (int j = 0; j < k; j++) {
                f += rho * zk[j] * zk[j] / ((dk[j] - dk[i]) - mid);
            }
            if (f >= 0) {
                o = i;
                lo = 0;
                hi = mid;
            } else {
                o = i + 1;
                lo = -mid;
                hi = 0;
            }
        } else {
            o = k - 1;
            lo = 0;
            hi = span;
        }
        double pl = dk[i] - dk[o];
        double pr = i < k - 1 ? dk[i + 1] - dk[o] : Double.POSITIVE_INFINITY;
        double t = (lo + hi) / 2;
        for (int it = 0; it < 200; it++) {
            double psi = 0;
            double dpsi = 0;
            double phi = 0;
            double dphi = 0;
            for (int j = 0; j <= i; j++) {
                double q = zk[j] / ((dk[j] - dk[o]) - t);
                psi = Math.fma(zk[j], q, psi);
                dpsi = Math.fma(q, q, dpsi);
            }
            for (int j = i + 1; j < k; j++) {
                double q = zk[j] / ((dk[j] - dk[o]) - t);
                phi = Math.fma(zk[j], q, phi);
                dphi = Math.fma(q, q, dphi);
            }
            psi *= rho;
            dpsi *= rho;
            phi *= rho;
            dphi *= rho;
            double f = 1 + psi + phi;
            if (f == 0) {
                break;
            }
            if (f < 0) {
                lo = t;
            } else {
                hi = t;
            }
            if (Math.abs(f) <= 8 * EPS * (1 + phi - psi + Math.abs(t) * (dpsi + dphi))) {
                break;
            }
            double dl = pl - t;
            double dr = pr - t;
            double eta = Double.NaN;
            if (i < k - 1) {
                double bl = dpsi * dl * dl;
                double br = dphi * dr * dr;
                double c = f - dpsi * dl - dphi * dr;
                double b = c * (dl + dr) + bl + br;
                double c0 = dl * dr * f;
                double disc = b * b - 4 * c * c0;
                if (disc >= 0) {
                    double sq = Math.sqrt(disc);
                    double qq = b >= 0 ? (b + sq) / 2 : (b - sq) / 2;
                    double e1 = c != 0 ? qq / c : Double.NaN;
                    double e2 = qq != 0 ? c0 / qq : Double.NaN;
                    eta = e1 > dl && e1 < dr ? e1 : e2;
                }
            } else {
                double c = f - dpsi * dl;
                if (c > 0) {
                    eta = dl + dpsi * dl * dl / c;
                }
            }
            double next = t + eta;
            if (!(next > lo && next < hi)) {
                next = lo + (hi - lo) / 2;
            }
            if (next == t || next <= lo || next >= hi) {
                break;
            }
            t = next;
        }
        origin[i] = o;
        tau[i] = t;
    }

    /**
     * The eigenvectors of the rank-one problem, column-major k × k, from z recomputed from the roots (Gu and
     * Eisenstat): {@code ẑ_i² = (λ_i − d_i) Π_{l≠i} (λ_l − d_i)/(d_l − d_i)}, column l ∝ {@code ẑ_j / (d_j − λ_l)}.
     */
    private static double[] rankOneVectors(double[] dk, double[] zk, int k, int[] origin, double[] tau) {
        double[] zhat = new double[k];
        for (int i = 0; i < k; i++) {
            double w = -((dk[i] - dk[origin[i]]) - tau[i]);
            for (int l = 0; l < k; l++) {
                if (l != i) {
                    w *= ((dk[i] - dk[origin[l]]) - tau[l]) / (dk[i] - dk[l]);
                }
            }
            zhat[i] = Math.copySign(Math.sqrt(Math.max(w, 0)), zk[i]);
        }
        double[] u = new double[k * k];
        for (int l = 0; l < k; l++) {
            double ol = dk[origin[l]];
            double tl = tau[l];
            double norm = 0;
            int c = l * k;
            for (int j = 0; j < k; j++) {
                double v = zhat[j] / ((dk[j] - ol) - tl);
                u[c + j] = v;
                norm = Math.fma(v, v, norm);
            }
            double inv = 1 / Math.sqrt(norm);
            for (int j = 0; j < k; j++) {
                u[c + j] *= inv;
            }
        }
        return u;
    }

    /** The implicit QL algorithm with Wilkinson shifts on rows lo .. lo + m − 1 (EISPACK's tql2). */
    private double[] leaf(int lo, int m) {
        double[] dl = Arrays.copyOfRange(d, lo, lo + m);
        double[] el = Arrays.copyOfRange(e, lo, lo + m);
        el[m - 1] = 0;
        double[] z = new double[m * m];
        for (int i = 0; i < m; i++) {
            z[i * m + i] = 1;
        }
        for (int l = 0; l < m; l++) {
            int iterations = 0;
            while (true) {
                int mm = l;
                while (mm < m - 1 && !(Math.abs(el[mm]) <= EPS * (Math.abs(dl[mm]) + Math.abs(dl[mm + 1])))) {
                    mm++;
                }
                if (mm == l) {
                    break;
                }
                if (++iterations > 60) {
                    throw new ArithmeticException("the QL iteration did not converge (NaN or infinity in the matrix?)");
                }
                double g = (dl[l + 1] - dl[l]) / (2 * el[l]);
                double r = hypot(g, 1);
                g = dl[mm] - dl[l] + el[l] / (g + Math.copySign(r, g));
                double s = 1;
                double c = 1;
                double p = 0;
                boolean early = false;
                for (int i = mm - 1; i >= l; i--) {
                    double f = s * el[i];
                    double b = c * el[i];
                    r = hypot(f, g);
                    el[i + 1] = r;
                    if (r == 0) {
                        dl[i + 1] -= p;
                        el[mm] = 0;
                        early = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = dl[i + 1] - p;
                    r = (dl[i] - g) * s + 2 * c * b;
                    p = s * r;
                    dl[i + 1] = g + p;
                    g = c * r - b;
                    h.rotate(z, i * m, z, (i + 1) * m, m, c, s);
                }
                if (early) {
                    continue;
                }
                dl[l] -= p;
                el[l] = g;
                el[mm] = 0;
            }
        }
        System.arraycopy(dl, 0, d, lo, m);
        return z;
    }

    /** √(a² + b²) without overflow or underflow on the way. */
    static double hypot(double a, double b) {
        double x = Math.abs(a);
        double y = Math.abs(b);
        if (x < y) {
            double t = x;
            x = y;
            y = t;
        }
        if (x == 0 || Double.isInfinite(x)) {
            return x;
        }
        double q = y / x;
        return x * Math.sqrt(1 + q * q);
    }

    /** Indices 0 .. n − 1 in increasing order of {@code v}. */
    static int[] sortedIndices(double[] v) {
        int n = v.length;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (x, y) -> Double.compare(v[x], v[y]));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = boxed[i];
        }
        return out;
    }
}
