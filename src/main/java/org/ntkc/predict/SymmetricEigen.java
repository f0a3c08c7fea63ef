package org.ntkc.predict;

import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ntkc.linalg.SymmetricEigensolver;

/**
 * The eigendecomposition K = V·diag(λ)·Vᵀ of a symmetric matrix ({@link SymmetricEigensolver}: Householder
 * tridiagonalisation, divide and conquer, blocked back-transformation, as LAPACK's dsyevd), with negative
 * eigenvalues clamped to 0 (a kernel matrix is positive semi-definite; rounding makes tiny eigenvalues negative), and
 * spectral functions V·diag(f(λ))·Vᵀ·B applied to blocks of right-hand sides.
 */
final class SymmetricEigen {
    private final double[] values;
    private final DMatrixRMaj vectors;
    private final int clamped;

    private SymmetricEigen(double[] values, DMatrixRMaj vectors, int clamped) {
        this.values = values;
        this.vectors = vectors;
        this.clamped = clamped;
    }

    /** Decomposes {@code k + shift·I}; {@code k} is not modified. */
    static SymmetricEigen of(DMatrixRMaj k, double shift) {
        int n = k.numRows;
        double[] a = java.util.Arrays.copyOf(k.data, n * n);
        for (int i = 0; i < n; i++) {
            a[i * n + i] += shift;
        }
        SymmetricEigensolver.Decomposition eig;
        try {
            eig = SymmetricEigensolver.decompose(a, n, Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            throw new IllConditionedKernelException("the eigendecomposition of the " + n + " x " + n
                    + " kernel matrix cannot start: " + e.getMessage());
        } catch (ArithmeticException e) {
            throw new IllConditionedKernelException("the eigendecomposition of the " + n + " x " + n
                    + " kernel matrix did not converge");
        }
        a = null; // the reflectors; let them go before V is checked
        double[] values = eig.values();
        int clamped = 0;
        for (int j = 0; j < n; j++) {
            double v = values[j];
            if (!Double.isFinite(v)) {
                throw new IllConditionedKernelException("the eigendecomposition of the " + n + " x " + n
                        + " kernel matrix produced a non-finite eigenvalue (the matrix holds NaN or infinity?)");
            }
            if (v < 0) {
                values[j] = 0;
                clamped++;
            }
        }
        for (double x : eig.vectors()) {
            if (!Double.isFinite(x)) {
                throw new IllConditionedKernelException("the eigendecomposition of the " + n + " x " + n
                        + " kernel matrix produced a non-finite eigenvector");
            }
        }
        return new SymmetricEigen(values, DMatrixRMaj.wrap(n, n, eig.vectors()), clamped);
    }

    int size() {
        return values.length;
    }

    /** The largest eigenvalue. */
    double max() {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** How many eigenvalues were negative and clamped to 0. */
    int clamped() {
        return clamped;
    }

    double[] values() {
        return values.clone();
    }

    /** V·diag(f(λ))·Vᵀ·b. */
    DMatrixRMaj apply(DoubleUnaryOperator f, DMatrixRMaj b) {
        DMatrixRMaj z = CommonOps_MT_DDRM.multTransA(vectors, b, null);
        scaleRows(z, f);
        return CommonOps_MT_DDRM.mult(vectors, z, null);
    }

    /** bᵢᵀ·V·diag(f(λ))·Vᵀ·bᵢ for every column bᵢ of b. */
    double[] quadraticForms(DoubleUnaryOperator f, DMatrixRMaj b) {
        DMatrixRMaj z = CommonOps_MT_DDRM.multTransA(vectors, b, null);
        int n = z.numRows;
        int m = z.numCols;
        double[] q = new double[m];
        for (int i = 0; i < n; i++) {
            double w = f.applyAsDouble(values[i]);
            for (int c = 0; c < m; c++) {
                double x = z.data[i * m + c];
                q[c] += w * x * x;
            }
        }
        return q;
    }

    private void scaleRows(DMatrixRMaj z, DoubleUnaryOperator f) {
        int m = z.numCols;
        for (int i = 0; i < z.numRows; i++) {
            double w = f.applyAsDouble(values[i]);
            for (int c = 0; c < m; c++) {
                z.data[i * m + c] *= w;
            }
        }
    }
}
