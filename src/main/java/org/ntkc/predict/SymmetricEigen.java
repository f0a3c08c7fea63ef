package org.ntkc.predict;

import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_MT_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The eigendecomposition K = V·diag(λ)·Vᵀ of a symmetric matrix (EJML's symmetric QR algorithm), with negative
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
        DMatrixRMaj a = k.copy();
        for (int i = 0; i < n; i++) {
            a.data[i * n + i] += shift;
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_MT_DDRM.eig(n, true, true);
        if (!eig.decompose(a)) {
            throw new IllConditionedKernelException("the eigendecomposition of the " + n + " x " + n
                    + " kernel matrix did not converge");
        }
        a = null; // the decomposition holds its own copies; let the input go before V is assembled
        double[] values = new double[n];
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        int clamped = 0;
        for (int j = 0; j < n; j++) {
            double v = eig.getEigenvalue(j).real;
            DMatrixRMaj u = eig.getEigenVector(j);
            if (!Double.isFinite(v) || u == null) {
                throw new IllConditionedKernelException("the eigendecomposition of the " + n + " x " + n
                        + " kernel matrix produced a non-finite eigenvalue (the matrix holds NaN or infinity?)");
            }
            if (v < 0) {
                v = 0;
                clamped++;
            }
            values[j] = v;
            for (int i = 0; i < n; i++) {
                double x = u.data[i];
                if (!Double.isFinite(x)) {
                    throw new IllConditionedKernelException("the eigendecomposition of the " + n + " x " + n
                            + " kernel matrix produced a non-finite eigenvector");
                }
                vectors.data[i * n + j] = x;
            }
        }
        return new SymmetricEigen(values, vectors, clamped);
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
