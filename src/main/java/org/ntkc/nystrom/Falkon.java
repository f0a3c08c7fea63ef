package org.ntkc.nystrom;

import org.ntkc.linalg.Cholesky;
import org.ntkc.linalg.LowerTriangular;
import org.ntkc.linalg.NotPositiveDefiniteException;

/**
 * Nyström kernel ridge regression by Falkon (Rudi, Carratino and Rosasco 2017; Meanti et al. 2020): for centres C,
 * find α minimising {@code ‖K_nM α − Y‖² + λ αᵀ K_MM α}, i.e. solve {@code (K_nMᵀK_nM + λ K_MM) α = K_nMᵀY}, by
 * conjugate gradient on the system preconditioned with two Cholesky factors: {@code T} of {@code K_MM} (computed
 * once) and {@code A} of {@code T Tᵀ / M + (λ/n) I} (once per ridge value). The data enter only through a
 * {@link NormalOperator}. With M = n and the training points as centres, the solution is that of exact kernel ridge
 * regression {@code (K + λ I) α = Y}.
 *
 * <p>{@code K_MM} gets a jitter of {@code M · 2⁻⁵² · max diag} before factoring, as in Falkon, raised tenfold at a
 * time (up to {@code 10⁻⁶ · max diag}) if the factorization still fails; {@link #jitter()} says what was used. The
 * solved system is then {@code (K_nMᵀK_nM + λ (K_MM + jitter·I)) α = K_nMᵀY}, for the CG and the direct solver
 * alike.
 */
public final class Falkon {
    private final int m;
    private final int threads;
    private final LowerTriangular t;
    /** Tᵀ T in our lower convention ({@code Lᵀ L} with {@code K_MM = L Lᵀ}), row-major. */
    private final double[] ltl;
    private final double jitter;

    private Falkon(int m, int threads, LowerTriangular t, double[] ltl, double jitter) {
        this.m = m;
        this.threads = threads;
        this.t = t;
        this.ltl = ltl;
        this.jitter = jitter;
    }

    /** What one solve did. */
    public record Solution(double[][] alpha, int iterations, double[] relativeResiduals) {
    }

    /**
     * Factors {@code K_MM} (row-major M × M, not modified) and prepares the ridge-independent part of the
     * preconditioner.
     *
     * @throws IllegalArgumentException if K_MM is not positive definite even with the largest jitter
     */
    public static Falkon prepare(double[] kmm, int m, int threads) {
        double maxDiag = 0;
        for (int i = 0; i < m; i++) {
            maxDiag = Math.max(maxDiag, kmm[i * m + i]);
        }
        if (!(maxDiag > 0) || !Double.isFinite(maxDiag)) {
            throw new IllegalArgumentException("the kernel of the centres has no positive diagonal (largest "
                    + maxDiag + "); all centres have zero variance under this network");
        }
        double jitter = m * Math.ulp(1.0) * maxDiag;
        while (true) {
            double[] a = kmm.clone();
            for (int i = 0; i < m; i++) {
                a[i * m + i] += jitter;
            }
            try {
                Cholesky.factor(a, m, threads);
                LowerTriangular t = LowerTriangular.of(a, m).pack();
                return new Falkon(m, threads, t, t.transposeTimesSelf(threads), jitter);
            } catch (NotPositiveDefiniteException e) {
                if (jitter * 10 > 1e-6 * maxDiag) {
                    throw new IllegalArgumentException("the kernel of the " + m + " centres is numerically singular "
                            + "(Cholesky failed at centre " + e.index() + " even with a jitter of " + jitter
                            + "); use fewer centres");
                }
                jitter *= 10;
            }
        }
    }

    /** The jitter added to the diagonal of K_MM. */
    public double jitter() {
        return jitter;
    }

    public int centres() {
        return m;
    }

    /**
     * Falkon's conjugate gradient, one independent CG per output, stopping an output once its preconditioned
     * residual has fallen by {@code tolerance} relative to the start, or after {@code maxIterations}.
     *
     * @param ridge λ in {@code (K_nMᵀK_nM + λ K_MM) α = K_nMᵀY} (for M = n: the ridge of {@code K + λI})
     */
    public Solution solve(NormalOperator op, double ridge, int maxIterations, double tolerance) {
        checkOperator(op);
        if (!(ridge > 0)) {
            throw new IllegalArgumentException("the ridge must be positive, got " + ridge);
        }
        int n = op.points();
        double lambda = ridge / n;
        LowerTriangular a = preconditioner(lambda);
        double[][] rhs = scale(t.solve(op.rhs(), threads), 1.0 / n);
        double[][] r = a.solve(rhs, threads);
        int k = r.length;
        double[][] x = new double[k][m];
        double[][] p = new double[k][];
        double[] rs = new double[k];
        double[] rs0 = new double[k];
        boolean[] done = new boolean[k];
        for (int c = 0; c < k; c++) {
            p[c] = r[c].clone();
            rs[c] = dot(r[c], r[c]);
            rs0[c] = rs[c];
            done[c] = rs[c] == 0;
        }
        int iterations = 0;
        for (; iterations < maxIterations && !allTrue(done); iterations++) {
            int[] active = active(done);
            double[][] pa = new double[active.length][];
            for (int q = 0; q < active.length; q++) {
                pa[q] = p[active[q]];
            }
            double[][] ap = apply(op, a, pa, lambda, n);
            for (int q = 0; q < active.length; q++) {
                int c = active[q];
                double alpha = rs[c] / dot(p[c], ap[q]);
                axpy(alpha, p[c], x[c]);
                axpy(-alpha, ap[q], r[c]);
                double rsNew = dot(r[c], r[c]);
                if (rsNew == 0 || Math.sqrt(rsNew) <= tolerance * Math.sqrt(rs0[c])) {
                    done[c] = true;
                }
                double beta = rsNew / rs[c];
                for (int j = 0; j < m; j++) {
                    p[c][j] = r[c][j] + beta * p[c][j];
                }
                rs[c] = rsNew;
            }
        }
        double[] residuals = new double[k];
        for (int c = 0; c < k; c++) {
            residuals[c] = rs0[c] == 0 ? 0 : Math.sqrt(rs[c] / rs0[c]);
        }
        double[][] alpha = t.solveTransposed(a.solveTransposed(x, threads), threads);
        return new Solution(alpha, iterations, residuals);
    }

    /**
     * The same system solved directly (no iteration): {@code α = T⁻¹ (G/n + λ/n I)⁻¹ T⁻ᵀ R / n} with
     * {@code G = T⁻ᵀ H T⁻¹}, one M × M Cholesky per ridge value on top of two triangular solves with M right-hand
     * sides. The reference for the CG in tests, and exact for small M.
     */
    public double[][] solveDirect(GramAccumulator acc, double ridge) {
        if (acc.centres() != m) {
            throw new IllegalArgumentException("accumulator for " + acc.centres() + " centres, solver for " + m);
        }
        int n = acc.points();
        double[] h = acc.matrix();
        double[][] rows = new double[m][];
        for (int i = 0; i < m; i++) {
            rows[i] = java.util.Arrays.copyOfRange(h, i * m, (i + 1) * m);
        }
        double[][] z = t.solve(rows, threads); // z[c] = L⁻¹ H e_c: the columns of L⁻¹H
        double[][] zt = transpose(z);          // rows of L⁻¹H
        double[][] g = t.solve(zt, threads);   // g[c] = L⁻¹ (row c of L⁻¹H)ᵀ = row c of L⁻¹ H L⁻ᵀ
        double[] sys = new double[m * m];
        double lambda = ridge / n;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                sys[i * m + j] = 0.5 * (g[i][j] + g[j][i]) / n;
            }
            sys[i * m + i] += lambda;
        }
        LowerTriangular c = LowerTriangular.cholesky(sys, m, threads);
        double[][] rhs = scale(t.solve(acc.rhs(), threads), 1.0 / n);
        return t.solveTransposed(c.solveTransposed(c.solve(rhs, threads), threads), threads);
    }

    /** Falkon's preconditioned operator {@code Aᵀ⁻¹ (T⁻ᵀ H T⁻¹ / n + λ I) A⁻¹} on the given vectors. */
    private double[][] apply(NormalOperator op, LowerTriangular a, double[][] u, double lambda, int n) {
        double[][] v = a.solveTransposed(u, threads);            // A⁻¹ u
        double[][] w = op.apply(t.solveTransposed(v, threads));  // H T⁻¹ A⁻¹ u
        double[][] z = t.solve(w, threads);                      // T⁻ᵀ H T⁻¹ A⁻¹ u
        for (int c = 0; c < u.length; c++) {
            for (int j = 0; j < m; j++) {
                z[c][j] = z[c][j] / n + lambda * v[c][j];
            }
        }
        return a.solve(z, threads);
    }

    /** The factor of {@code T Tᵀ / M + λ I} (in our lower convention {@code Lᵀ L / M + λ I}). */
    private LowerTriangular preconditioner(double lambda) {
        double[] b = new double[m * m];
        for (int i = 0; i < m * m; i++) {
            b[i] = ltl[i] / m;
        }
        for (int i = 0; i < m; i++) {
            b[i * m + i] += lambda;
        }
        return LowerTriangular.cholesky(b, m, threads).pack();
    }

    private void checkOperator(NormalOperator op) {
        if (op.centres() != m) {
            throw new IllegalArgumentException("operator over " + op.centres() + " centres, solver for " + m);
        }
    }

    private static double[][] scale(double[][] v, double s) {
        for (double[] x : v) {
            for (int j = 0; j < x.length; j++) {
                x[j] *= s;
            }
        }
        return v;
    }

    private static double[][] transpose(double[][] a) {
        int r = a.length;
        int c = a[0].length;
        double[][] t = new double[c][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static boolean allTrue(boolean[] b) {
        for (boolean x : b) {
            if (!x) {
                return false;
            }
        }
        return true;
    }

    private static int[] active(boolean[] done) {
        int count = 0;
        for (boolean d : done) {
            count += d ? 0 : 1;
        }
        int[] a = new int[count];
        for (int c = 0, q = 0; c < done.length; c++) {
            if (!done[c]) {
                a[q++] = c;
            }
        }
        return a;
    }
}
