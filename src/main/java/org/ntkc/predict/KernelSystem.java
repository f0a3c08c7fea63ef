package org.ntkc.predict;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ntkc.linalg.Dense;
import org.ntkc.linalg.LowerTriangular;
import org.ntkc.linalg.NotPositiveDefiniteException;
import org.ntkc.runtime.KernelMatrix;

/**
 * The regularised training system (K + s·I)·α = Y of kernel regression, solved for all target columns with one
 * factorisation, where s = (λ + jitter)·trace(K)/n. Ill-conditioning is handled, and reported rather than hidden:
 *
 * <ol>
 *   <li>Cholesky of K + λ·(trace/n)·I (the blocked, multi-threaded one of {@code org.ntkc.linalg}, several times
 *       faster than EJML's here; the two triangular solves run on the same Gram kernel);</li>
 *   <li>if that fails (a pivot ≤ 0), or the solution is not finite, or its relative residual
 *       ‖(K + s·I)·α − Y‖/‖Y‖ exceeds {@value #RESIDUAL_TOLERANCE}, Cholesky again with an escalating jitter of
 *       {@code 1e-12, 1e-10, …, 1e-4} of trace/n added to the diagonal;</li>
 *   <li>if every jitter fails, the eigendecomposition of K + λ·(trace/n)·I with negative eigenvalues clamped to 0
 *       and eigenvalues below n·ε·λ_max treated as 0 (a pseudo-inverse);</li>
 *   <li>if that fails too, an {@link IllConditionedKernelException} saying what was tried.</li>
 * </ol>
 *
 * <p>The kernel matrix is used in place and is unchanged afterwards; the factorisation costs another n² doubles.
 */
public final class KernelSystem {
    /** The jitters tried after the plain ridge, relative to trace/n. */
    static final double[] JITTERS = {1e-12, 1e-10, 1e-8, 1e-6, 1e-4};
    /**
     * The largest relative residual accepted from Cholesky. A backward-stable solve of a well-posed system gives
     * ~1e-14; 1e-6 still means the training targets are fitted to six digits, while a near-singular system solved
     * into noise gives residuals of order 1.
     */
    static final double RESIDUAL_TOLERANCE = 1e-6;

    private final int n;
    private final double shift;
    private final LowerTriangular cholesky;
    private final SymmetricEigen eigen;
    private final double cutoff;
    private final DMatrixRMaj alpha;
    private final SolveReport report;

    private KernelSystem(int n, double shift, LowerTriangular cholesky, SymmetricEigen eigen,
                         double cutoff, DMatrixRMaj alpha, SolveReport report) {
        this.n = n;
        this.shift = shift;
        this.cholesky = cholesky;
        this.eigen = eigen;
        this.cutoff = cutoff;
        this.alpha = alpha;
        this.report = report;
    }

    /** α = (K + s·I)⁻¹·Y, an n × k matrix (one column per output). */
    public DMatrixRMaj alpha() {
        return alpha;
    }

    public SolveReport report() {
        return report;
    }

    /** trace(K)/n: the scale that ridge and jitter are relative to. Fails on a zero or non-finite kernel. */
    public static double scale(KernelMatrix k) {
        int n = checkSquare(k);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            double d = k.get(i, i);
            if (!Double.isFinite(d)) {
                throw new IllConditionedKernelException("the kernel matrix has a non-finite diagonal entry at "
                        + (i + 1));
            }
            if (d < 0) {
                throw new IllConditionedKernelException("the kernel matrix has a negative diagonal entry at " + (i + 1)
                        + " (" + d + "); it is not a kernel matrix");
            }
            trace += d;
        }
        if (!(trace > 0)) {
            throw new IllConditionedKernelException("the kernel matrix is zero on its diagonal (all training points "
                    + "are mapped to 0); nothing can be learned from it");
        }
        return trace / n;
    }

    /** Solves (K + λ·(trace/n)·I)·α = Y, escalating as described above. */
    public static KernelSystem solve(KernelMatrix k, DMatrixRMaj y, double ridge) {
        int n = checkSquare(k);
        if (y.numRows != n) {
            throw new IllegalArgumentException("the targets have " + y.numRows + " rows, the kernel " + n);
        }
        if (!(ridge >= 0) || !Double.isFinite(ridge)) {
            throw new IllegalArgumentException("the ridge must be a finite number >= 0, got " + ridge);
        }
        double scale = scale(k);
        DMatrixRMaj kk = DMatrixRMaj.wrap(n, n, k.data());
        List<String> failed = new ArrayList<>();
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = k.get(i, i);
        }
        double yNorm = frobenius(y) > 0 ? frobenius(y) : 1;
        int threads = Runtime.getRuntime().availableProcessors();
        double[][] columns = columns(y);
        double[] work = null;
        for (int attempt = -1; attempt < JITTERS.length; attempt++) {
            double jitter = attempt < 0 ? 0 : JITTERS[attempt];
            double s = (ridge + jitter) * scale;
            // The factorisation works on a copy of K (n² doubles), so K itself is never changed.
            if (work == null) {
                work = new double[n * n];
            }
            System.arraycopy(kk.data, 0, work, 0, n * n);
            for (int i = 0; i < n; i++) {
                work[i * n + i] = diagonal[i] + s;
            }
            String what = "Cholesky with " + (jitter == 0 ? "no jitter" : "jitter " + Format.sci(jitter) + "·trace/n");
            LowerTriangular factor;
            try {
                factor = LowerTriangular.cholesky(work, n, threads);
            } catch (NotPositiveDefiniteException e) {
                failed.add(what + ": not positive definite");
                continue;
            }
            DMatrixRMaj a = fromColumns(factor.solveTransposed(factor.solve(columns, threads), threads), n);
            if (!allFinite(a)) {
                failed.add(what + ": the solution is not finite");
                continue;
            }
            double residual = residual(kk, s, a, y) / yNorm;
            if (!(residual <= RESIDUAL_TOLERANCE)) {
                failed.add(what + ": relative residual " + Format.sci(residual) + " > " + Format.sci(RESIDUAL_TOLERANCE));
                continue;
            }
            SolveReport report = new SolveReport(SolveReport.Method.CHOLESKY, scale, ridge, jitter, residual, 0, 0,
                    failed);
            return new KernelSystem(n, s, factor, null, 0, a, report);
        }
        work = null; // let the failed factor go before the eigendecomposition allocates its own
        // Every jitter failed: the matrix is far from positive definite, or holds garbage. The pseudo-inverse of
        // its clamped spectrum still gives the minimum-norm least-squares fit.
        double s = ridge * scale;
        SymmetricEigen eig;
        try {
            eig = SymmetricEigen.of(kk, s);
        } catch (IllConditionedKernelException e) {
            failed.add("eigendecomposition: " + e.getMessage());
            throw new IllConditionedKernelException("cannot solve the " + n + " x " + n + " kernel system: "
                    + String.join("; ", failed));
        }
        double cutoff = n * Math.ulp(1.0) * eig.max();
        int dropped = 0;
        for (double v : eig.values()) {
            if (v <= cutoff) {
                dropped++;
            }
        }
        DMatrixRMaj a = eig.apply(v -> v > cutoff ? 1 / v : 0, y);
        if (!allFinite(a) || eig.max() == 0) {
            failed.add("eigendecomposition: no usable eigenvalues");
            throw new IllConditionedKernelException("cannot solve the " + n + " x " + n + " kernel system: "
                    + String.join("; ", failed));
        }
        double residual = residual(kk, s, a, y) / yNorm;
        SolveReport report = new SolveReport(SolveReport.Method.EIGEN, scale, ridge, 0, residual, eig.clamped(),
                dropped, failed);
        return new KernelSystem(n, s, null, eig, cutoff, a, report);
    }

    /**
     * kᵢᵀ·(K + s·I)⁻¹·kᵢ for every row kᵢ of {@code cross} (m × n: test points against training points), computed in
     * blocks of rows so that the extra memory stays at n × 512 doubles. The NNGP posterior variance is
     * Σ(x*, x*) minus this.
     */
    public double[] quadraticForms(KernelMatrix cross) {
        if (cross.cols() != n) {
            throw new IllegalArgumentException("the cross kernel has " + cross.cols() + " columns, the system " + n);
        }
        int m = cross.rows();
        double[] q = new double[m];
        int block = 512;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int r0 = 0; r0 < m; r0 += block) {
            int rows = Math.min(block, m - r0);
            if (cholesky != null) {
                // kᵀ·(L·Lᵀ)⁻¹·k = ‖L⁻¹·k‖²: one triangular solve per block of rows
                double[][] b = new double[rows][];
                for (int r = 0; r < rows; r++) {
                    b[r] = cross.row(r0 + r);
                }
                double[][] z = cholesky.solve(b, threads);
                for (int r = 0; r < rows; r++) {
                    double sum = 0;
                    for (double v : z[r]) {
                        sum += v * v;
                    }
                    q[r0 + r] = sum;
                }
            } else {
                DMatrixRMaj bt = new DMatrixRMaj(n, rows);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < n; j++) {
                        bt.data[j * rows + r] = cross.get(r0 + r, j);
                    }
                }
                double c = cutoff;
                double[] part = eigen.quadraticForms(v -> v > c ? 1 / v : 0, bt);
                System.arraycopy(part, 0, q, r0, rows);
            }
        }
        return q;
    }

    /** The columns of {@code y} as arrays. */
    private static double[][] columns(DMatrixRMaj y) {
        int k = y.numCols;
        double[][] c = new double[k][y.numRows];
        for (int i = 0; i < y.numRows; i++) {
            for (int j = 0; j < k; j++) {
                c[j][i] = y.data[i * k + j];
            }
        }
        return c;
    }

    /** The n × k matrix whose columns are {@code c}. */
    private static DMatrixRMaj fromColumns(double[][] c, int n) {
        int k = c.length;
        DMatrixRMaj m = new DMatrixRMaj(n, k);
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                m.data[i * k + j] = c[j][i];
            }
        }
        return m;
    }

    /** The absolute diagonal shift s = (λ + jitter)·trace/n in the solved system. */
    public double shift() {
        return shift;
    }

    private static int checkSquare(KernelMatrix k) {
        if (k.rows() != k.cols()) {
            throw new IllegalArgumentException("the training kernel must be square, got " + k.rows() + " x "
                    + k.cols());
        }
        if (k.rows() == 0) {
            throw new IllegalArgumentException("no training points");
        }
        return k.rows();
    }

    /**
     * ‖(K + s·I)·a − y‖_F. K is read once, a row at a time (all k columns of a against it while it is in cache),
     * rows in parallel ({@link Dense#timesUnpacked}): a memory-bound n²·k pass.
     */
    static double residual(DMatrixRMaj k, double s, DMatrixRMaj a, DMatrixRMaj y) {
        int n = k.numRows;
        int c = a.numCols;
        double[][] columns = columns(a);
        double[][] product = Dense.timesUnpacked(k.data, n, n, columns, Runtime.getRuntime().availableProcessors());
        DMatrixRMaj r = new DMatrixRMaj(n, c);
        for (int i = 0; i < n; i++) {
            for (int col = 0; col < c; col++) {
                r.data[i * c + col] = product[col][i] + s * columns[col][i] - y.data[i * c + col];
            }
        }
        return frobenius(r);
    }

    static double frobenius(DMatrixRMaj m) {
        double scale = 0;
        for (int i = 0; i < m.getNumElements(); i++) {
            scale = Math.max(scale, Math.abs(m.data[i]));
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        double sum = 0;
        for (int i = 0; i < m.getNumElements(); i++) {
            double v = m.data[i] / scale;
            sum += v * v;
        }
        return scale * Math.sqrt(sum);
    }

    static boolean allFinite(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            if (!Double.isFinite(m.data[i])) {
                return false;
            }
        }
        return true;
    }
}
