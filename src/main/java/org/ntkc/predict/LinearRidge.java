package org.ntkc.predict;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A linear baseline: ridge regression of the targets on the inputs with an unpenalised intercept,
 * W = (X̃ᵀX̃ + λ·(trace(X̃ᵀX̃)/d)·I)⁻¹·X̃ᵀ·Ỹ on centred inputs X̃ and targets Ỹ. What a kernel method has to beat.
 */
public final class LinearRidge {
    private final double[] inputMean;
    private final double[] targetMean;
    private final DMatrixRMaj weights;

    private LinearRidge(double[] inputMean, double[] targetMean, DMatrixRMaj weights) {
        this.inputMean = inputMean;
        this.targetMean = targetMean;
        this.weights = weights;
    }

    /** Fits {@code y} (n × k) on {@code x} (n × d) with relative ridge {@code ridge}. */
    public static LinearRidge fit(double[][] x, DMatrixRMaj y, double ridge) {
        int n = x.length;
        if (n == 0 || y.numRows != n) {
            throw new IllegalArgumentException("linear ridge on " + n + " inputs and " + y.numRows + " targets");
        }
        int d = x[0].length;
        int k = y.numCols;
        double[] xm = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                xm[j] += row[j] / n;
            }
        }
        double[] ym = new double[k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                ym[c] += y.data[i * k + c] / n;
            }
        }
        DMatrixRMaj xc = centred(x, xm);
        DMatrixRMaj yc = y.copy();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                yc.data[i * k + c] -= ym[c];
            }
        }
        DMatrixRMaj a = CommonOps_MT_DDRM.multTransA(xc, xc, null);
        double trace = 0;
        for (int j = 0; j < d; j++) {
            trace += a.get(j, j);
        }
        double s = ridge * (trace > 0 ? trace / d : 1);
        for (int j = 0; j < d; j++) {
            a.add(j, j, s);
        }
        DMatrixRMaj b = CommonOps_MT_DDRM.multTransA(xc, yc, null);
        DMatrixRMaj w = new DMatrixRMaj(d, k);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(d);
        if (!solver.setA(a.copy())) {
            // Singular without ridge (more features than examples, constant features): the minimum-norm solution.
            solver = LinearSolverFactory_DDRM.pseudoInverse(true);
            solver.setA(a.copy());
        }
        solver.solve(b, w);
        return new LinearRidge(xm, ym, w);
    }

    /** Predictions for {@code x} (m × k). */
    public DMatrixRMaj predict(double[][] x) {
        DMatrixRMaj out = CommonOps_MT_DDRM.mult(centred(x, inputMean), weights, null);
        int k = out.numCols;
        for (int i = 0; i < out.numRows; i++) {
            for (int c = 0; c < k; c++) {
                out.data[i * k + c] += targetMean[c];
            }
        }
        return out;
    }

    private static DMatrixRMaj centred(double[][] x, double[] mean) {
        int d = mean.length;
        DMatrixRMaj m = new DMatrixRMaj(x.length, d);
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < d; j++) {
                m.data[i * d + j] = x[i][j] - mean[j];
            }
        }
        return m;
    }
}
