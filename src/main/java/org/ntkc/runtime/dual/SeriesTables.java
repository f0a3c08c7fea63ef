package org.ntkc.runtime.dual;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The Hermite-series coefficients of every point of a layer, laid out for generated kernel code: for a numerical
 * activation, T(q1, q2, q12) = Σ_k ρ^k·c_k(q1)·c_k(q2) costs O(K) per entry once each point has its coefficients
 * (docs/math.md; {@link HermiteSeries}).
 *
 * <p>The square norms of each point are T and Ṫ of the point with itself (the diagonal of the kernel), so they come
 * with the tables, interpolated and checked like the coefficients but to 1e-13.
 *
 * <p>Tables are {@code [k * stride + i]} (k major), so that vector code loads the coefficients of consecutive points
 * as one vector; rows past a point's own converged terms are 0, and the arrays are padded past the last point.
 *
 * <p>Cost: computing coefficients per point costs 0.02–1 ms, far too much for thousands of distinct variances. They
 * are smooth in q, so they are computed at Chebyshev nodes in log q across the layer's range (often a narrow one),
 * interpolated to every point, and checked against direct computation at the midpoints between nodes; if the check
 * fails at the largest node count, points get direct coefficients.
 *
 * <p>Accuracy (relTol of the series, 1e-10 by default, relative to √(E[φ(u)²] E[φ(v)²])): K is chosen so that every
 * node's tail after K terms is at most relTol·norm; by Cauchy–Schwarz the truncation error of an entry is then at most
 * relTol·scale. Points whose series did not converge within the term budget (kinked activations) carry log τ, with
 * τ² the relative tail, and an entry needs the exact quadrature when K·log|ρ| + log τ_i + log τ_j &gt; log relTol.
 */
public final class SeriesTables {
    /** Padding past the last point, as in generated per-point arrays (runtime.PointStates.PADDING). */
    public static final int PADDING = 64;
    private static final int[] NODE_COUNTS = {9, 17, 33, 65};
    /** Interpolation error allowed in a coefficient, relative to √norm: well below the series tolerance. */
    private static final double INTERPOLATION_SHARE = 0.01;
    /** Interpolation error allowed in the square norms (the kernel's diagonal), relative. */
    private static final double NORM_TOLERANCE = 1e-13;

    /** Points in the set. */
    public final int count;
    /** The distance between rows of k: count + padding. */
    public final int stride;
    /** K: terms to sum (common to the row and column sets of one computation). */
    public final int terms;
    /** Coefficients of φ and of φ′, {@code [k * stride + i]}. */
    public final double[] phi;
    public final double[] dphi;
    /** log τ_i, or −∞ for points whose series converged (they never need the fallback). */
    public final double[] logTau;
    /** E[φ(√q z)²] and E[φ′(√q z)²] of each point: T and Ṫ of the point with itself, q1 = q2 = q12 = q. */
    public final double[] phiNorm;
    public final double[] dphiNorm;
    /** Whether any entry may need the fallback (some point did not converge). */
    public final boolean checked;
    /** log of the series tolerance, the right-hand side of the check. */
    public final double logTolerance;

    private SeriesTables(int count, int terms, boolean checked, double logTolerance) {
        this.count = count;
        this.stride = count + PADDING;
        this.terms = terms;
        this.phi = new double[Math.max(terms, 1) * stride];
        this.dphi = new double[Math.max(terms, 1) * stride];
        this.logTau = new double[stride];
        this.phiNorm = new double[stride];
        this.dphiNorm = new double[stride];
        this.checked = checked;
        this.logTolerance = logTolerance;
    }

    /**
     * Tables for the variances of two point sets (the rows and the columns of a kernel matrix; {@code q2} null when
     * they are the same set), with a common number of terms.
     */
    public static SeriesTables[] build(HermiteSeries series, double[] q1, int n1, double[] q2, int n2) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double[] qs : q2 == null ? new double[][] {q1} : new double[][] {q1, q2}) {
            int n = qs == q1 ? n1 : n2;
            for (int i = 0; i < n; i++) {
                if (qs[i] > 0) {
                    lo = Math.min(lo, qs[i]);
                    hi = Math.max(hi, qs[i]);
                }
            }
        }
        Fit fit = lo > hi ? null : fit(series, lo, hi);
        int terms = fit == null ? 1 : fit.terms;
        boolean checked = fit != null && fit.logTau > Double.NEGATIVE_INFINITY;
        double logTol = Math.log(series.relTol());
        SeriesTables a = fill(series, fit, q1, n1, terms, checked, logTol);
        SeriesTables b = q2 == null ? null : fill(series, fit, q2, n2, terms, checked, logTol);
        return new SeriesTables[] {a, b};
    }

    /** Coefficients as functions of q over [lo, hi]: interpolated from nodes, or computed per point. */
    private record Fit(double lo, double hi, double[] nodes, HermiteSeries.Coefficients[] at, int terms,
                       double logTau, boolean direct, Map<Double, HermiteSeries.Coefficients> memo) {
    }

    private static Fit fit(HermiteSeries series, double lo, double hi) {
        double tol = series.relTol();
        if (hi <= lo * (1 + 1e-12)) {
            HermiteSeries.Coefficients c = series.coefficients(hi);
            return fitOf(series, lo, hi, new double[] {hi}, new HermiteSeries.Coefficients[] {c}, false);
        }
        Fit last = null;
        for (int n : NODE_COUNTS) {
            double[] nodes = new double[n];
            HermiteSeries.Coefficients[] at = new HermiteSeries.Coefficients[n];
            for (int m = 0; m < n; m++) {
                // Chebyshev–Lobatto points in log q, so that the ends of the range are nodes themselves.
                double t = Math.cos(Math.PI * m / (n - 1));
                nodes[m] = Math.exp((Math.log(lo) + Math.log(hi)) / 2 + t * (Math.log(hi) - Math.log(lo)) / 2);
                at[m] = series.coefficients(nodes[m]);
            }
            last = fitOf(series, lo, hi, nodes, at, false);
            if (interpolates(series, last)) {
                return last;
            }
        }
        return fitOf(series, lo, hi, last.nodes, last.at, true);
    }

    /**
     * K is the largest of the nodes' own K. Every node then keeps at least K terms, or stopped earlier because its tail
     * fell below tol²·norm, which makes its zeros past its last term harmless against any partner (Cauchy–Schwarz).
     * If some node never reaches tol·norm, the layer uses all terms and entries are checked one by one.
     */
    private static Fit fitOf(HermiteSeries series, double lo, double hi, double[] nodes,
                             HermiteSeries.Coefficients[] at, boolean direct) {
        double tol = series.relTol();
        int terms = 1;
        double tau = Double.NEGATIVE_INFINITY;
        boolean unconverged = false;
        for (HermiteSeries.Coefficients c : at) {
            int k = termsFor(c, tol);
            unconverged |= k < 0;
            terms = Math.max(terms, k < 0 ? c.terms() : k);
            tau = Math.max(tau, logTau(c));
        }
        return new Fit(lo, hi, nodes, at, terms, unconverged ? tau : Double.NEGATIVE_INFINITY, direct,
                direct ? new HashMap<>() : null);
    }

    /**
     * K for one point: the fewest terms after which both tails are within tol·norm, or −1 if even all computed terms
     * leave more (the series has not converged within its budget: kinked activations).
     */
    private static int termsFor(HermiteSeries.Coefficients c, double tol) {
        double[] tp = c.phiTails();
        double[] td = c.dphiTails();
        for (int k = 0; k <= c.terms(); k++) {
            if (tp[k] <= tol * c.phiNorm() && td[k] <= tol * c.dphiNorm()) {
                return Math.max(k, 1);
            }
        }
        return -1;
    }

    /** log τ, τ² the larger relative tail after all computed terms: what the per-entry check needs. */
    private static double logTau(HermiteSeries.Coefficients c) {
        double ratio = Math.max(c.phiNorm() > 0 ? c.phiTail() / c.phiNorm() : 0,
                c.dphiNorm() > 0 ? c.dphiTail() / c.dphiNorm() : 0);
        return 0.5 * Math.log(ratio);
    }

    /** Checks the interpolant at the midpoints between nodes against direct coefficients. */
    private static boolean interpolates(HermiteSeries series, Fit fit) {
        double[] c = new double[fit.terms];
        double[] d = new double[fit.terms];
        double[] norms = new double[2];
        for (int m = 0; m + 1 < fit.nodes.length; m++) {
            double q = Math.sqrt(fit.nodes[m]) * Math.sqrt(fit.nodes[m + 1]); // no overflow near 1e308
            interpolate(fit, q, c, d, norms);
            HermiteSeries.Coefficients exact = series.coefficients(q);
            // The norms are the diagonal of the kernel: held to the accuracy of the quadrature itself.
            if (!(Math.abs(norms[0] - exact.phiNorm()) <= NORM_TOLERANCE * exact.phiNorm()
                    && Math.abs(norms[1] - exact.dphiNorm()) <= NORM_TOLERANCE * exact.dphiNorm())) {
                return false;
            }
            double[] ep = exact.phi();
            double[] ed = exact.dphi();
            double allowP = INTERPOLATION_SHARE * series.relTol() * Math.sqrt(exact.phiNorm()) / Math.sqrt(fit.terms);
            double allowD = INTERPOLATION_SHARE * series.relTol() * Math.sqrt(exact.dphiNorm()) / Math.sqrt(fit.terms);
            for (int k = 0; k < fit.terms; k++) {
                double cp = k < ep.length ? ep[k] : 0;
                double cd = k < ed.length ? ed[k] : 0;
                if (!(Math.abs(c[k] - cp) <= allowP && Math.abs(d[k] - cd) <= allowD)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Barycentric interpolation in log q over the Chebyshev–Lobatto nodes, k &lt; terms; {@code norms} receives the
     * interpolated square norms of φ and φ′.
     */
    private static void interpolate(Fit fit, double q, double[] c, double[] d, double[] norms) {
        Arrays.fill(c, 0);
        Arrays.fill(d, 0);
        int n = fit.nodes.length;
        double x = Math.log(q);
        double sum = 0;
        double[] weight = new double[n];
        for (int m = 0; m < n; m++) {
            double dx = x - Math.log(fit.nodes[m]);
            if (dx == 0) {
                copy(fit.at[m], c, d, norms);
                return;
            }
            double w = ((m & 1) == 0 ? 1 : -1) * (m == 0 || m == n - 1 ? 0.5 : 1) / dx;
            weight[m] = w;
            sum += w;
        }
        norms[0] = 0;
        norms[1] = 0;
        for (int m = 0; m < n; m++) {
            double[] p = fit.at[m].phi();
            double[] dp = fit.at[m].dphi();
            double w = weight[m] / sum;
            for (int k = 0; k < Math.min(c.length, p.length); k++) {
                c[k] += w * p[k];
                d[k] += w * dp[k];
            }
            norms[0] += w * fit.at[m].phiNorm();
            norms[1] += w * fit.at[m].dphiNorm();
        }
    }

    private static void copy(HermiteSeries.Coefficients from, double[] c, double[] d, double[] norms) {
        double[] p = from.phi();
        double[] dp = from.dphi();
        for (int k = 0; k < Math.min(c.length, p.length); k++) {
            c[k] = p[k];
            d[k] = dp[k];
        }
        norms[0] = from.phiNorm();
        norms[1] = from.dphiNorm();
    }

    private static SeriesTables fill(HermiteSeries series, Fit fit, double[] q, int n, int terms, boolean checked,
                                     double logTol) {
        SeriesTables t = new SeriesTables(n, terms, checked, logTol);
        double[] c = new double[terms];
        double[] d = new double[terms];
        double[] norms = new double[2];
        for (int i = 0; i < n; i++) {
            Arrays.fill(c, 0);
            Arrays.fill(d, 0);
            if (fit == null || q[i] <= 0 || q[i] < fit.lo || q[i] > fit.hi) {
                copy(series.coefficients(Math.max(q[i], 0)), c, d, norms);
            } else if (fit.direct) {
                copy(fit.memo.computeIfAbsent(q[i], series::coefficients), c, d, norms);
            } else {
                interpolate(fit, q[i], c, d, norms);
            }
            for (int k = 0; k < terms; k++) {
                t.phi[k * t.stride + i] = c[k];
                t.dphi[k * t.stride + i] = d[k];
            }
            t.phiNorm[i] = norms[0];
            t.dphiNorm[i] = norms[1];
            t.logTau[i] = fit == null ? Double.NEGATIVE_INFINITY : fit.logTau;
        }
        return t;
    }
}
