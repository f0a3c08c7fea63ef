package org.ntkc.predict;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.ejml.data.DMatrixRMaj;
import org.ntkc.runtime.KernelMatrix;

/**
 * Small problems solved independently of the code under test: commons-math3 (LU, not Cholesky; no EJML), and a
 * matrix exponential by scaling and squaring of its Taylor series (no eigendecomposition).
 */
final class Direct {
    private Direct() {
    }

    /** An RBF kernel e^{−‖x − x'‖²/(2ℓ²)} between the rows of a and b. */
    static KernelMatrix rbf(double[][] a, double[][] b, double length) {
        KernelMatrix k = new KernelMatrix(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double d2 = 0;
                for (int c = 0; c < a[i].length; c++) {
                    double e = a[i][c] - b[j][c];
                    d2 += e * e;
                }
                k.set(i, j, Math.exp(-d2 / (2 * length * length)));
            }
        }
        return k;
    }

    static RealMatrix real(KernelMatrix k) {
        double[][] d = new double[k.rows()][];
        for (int i = 0; i < k.rows(); i++) {
            d[i] = k.row(i);
        }
        return new Array2DRowRealMatrix(d, false);
    }

    static RealMatrix real(DMatrixRMaj m) {
        double[][] d = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                d[i][j] = m.get(i, j);
            }
        }
        return new Array2DRowRealMatrix(d, false);
    }

    /** K + s·I. */
    static RealMatrix shifted(KernelMatrix k, double s) {
        RealMatrix m = real(k);
        for (int i = 0; i < k.rows(); i++) {
            m.addToEntry(i, i, s);
        }
        return m;
    }

    /** K*·(K + s·I)⁻¹·Y by LU. */
    static RealMatrix ridgeMean(KernelMatrix train, KernelMatrix cross, DMatrixRMaj y, double s) {
        RealMatrix alpha = new LUDecomposition(shifted(train, s)).getSolver().solve(real(y));
        return real(cross).multiply(alpha);
    }

    static double trace(KernelMatrix k) {
        double t = 0;
        for (int i = 0; i < k.rows(); i++) {
            t += k.get(i, i);
        }
        return t;
    }

    /** e^{A} by scaling and squaring of the Taylor series (A symmetric, moderate norm). */
    static RealMatrix exp(RealMatrix a) {
        double norm = a.getNorm();
        int squarings = Math.max(0, (int) Math.ceil(Math.log(norm / 0.5) / Math.log(2)));
        RealMatrix b = a.scalarMultiply(Math.pow(2, -squarings));
        int n = a.getRowDimension();
        RealMatrix sum = identity(n);
        RealMatrix term = identity(n);
        for (int k = 1; k <= 30; k++) {
            term = term.multiply(b).scalarMultiply(1.0 / k);
            sum = sum.add(term);
        }
        for (int s = 0; s < squarings; s++) {
            sum = sum.multiply(sum);
        }
        return sum;
    }

    static RealMatrix identity(int n) {
        RealMatrix m = new Array2DRowRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            m.setEntry(i, i, 1);
        }
        return m;
    }

    static double maxAbsDiff(RealMatrix a, DMatrixRMaj b) {
        double worst = 0;
        for (int i = 0; i < b.numRows; i++) {
            for (int j = 0; j < b.numCols; j++) {
                worst = Math.max(worst, Math.abs(a.getEntry(i, j) - b.get(i, j)));
            }
        }
        return worst;
    }

    static DMatrixRMaj targets(int n, int k, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        DMatrixRMaj y = new DMatrixRMaj(n, k);
        for (int i = 0; i < n * k; i++) {
            y.data[i] = r.nextDouble(-1, 1);
        }
        return y;
    }
}
