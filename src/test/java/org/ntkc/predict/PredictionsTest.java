package org.ntkc.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.ntkc.TestPoints;
import org.ntkc.runtime.KernelMatrix;

/** Predictions of the infinitely wide network against direct formulas on small problems. */
class PredictionsTest {
    private static final double[][] X = TestPoints.random(40, 3, 11);
    private static final double[][] XS = TestPoints.random(15, 3, 12);
    private static final KernelMatrix K = Direct.rbf(X, X, 1.0);
    private static final KernelMatrix KS = Direct.rbf(XS, X, 1.0);
    private static final DMatrixRMaj Y = Direct.targets(40, 3, 13);

    @Test
    void infiniteTimeMeanIsTheKernelRidgeSolution() {
        double ridge = 1e-3;
        GradientFlow.Prediction p = GradientFlow.mean(K, KS, Y, ridge, Double.POSITIVE_INFINITY, 1);
        double s = ridge * Direct.trace(K) / K.rows();
        RealMatrix expected = Direct.ridgeMean(K, KS, Y, s);
        assertTrue(Direct.maxAbsDiff(expected, p.mean()) < 1e-9, "t = inf vs (K + s I)^-1 by LU");
        assertEquals(SolveReport.Method.CHOLESKY, p.report().method());
        assertEquals(0, p.report().jitter());
        assertTrue(p.report().residual() < 1e-10, p.report().describe());
        assertEquals(s, p.report().shift(), 1e-15);
    }

    @Test
    void finiteTimeMeanMatchesTheMatrixExponential() {
        double ridge = 1e-2;
        double eta = 0.7;
        double t = 30;
        int n = K.rows();
        GradientFlow.Prediction p = GradientFlow.mean(K, KS, Y, ridge, t, eta);
        double s = ridge * Direct.trace(K) / n;
        RealMatrix kReg = Direct.shifted(K, s);
        // mu_t = K* K_reg^-1 (I - e^{-eta K_reg t / n}) Y, with the exponential by Taylor series, the inverse by LU.
        RealMatrix decay = Direct.identity(n).subtract(Direct.exp(kReg.scalarMultiply(-eta * t / n)));
        RealMatrix expected = Direct.real(KS).multiply(new LUDecomposition(kReg).getSolver()
                .solve(decay.multiply(Direct.real(Y))));
        assertTrue(Direct.maxAbsDiff(expected, p.mean()) < 1e-8, "vs the direct formula: "
                + Direct.maxAbsDiff(expected, p.mean()));
        assertEquals(SolveReport.Method.EIGEN, p.report().method());
    }

    @Test
    void finiteTimeInterpolatesFromZeroToTheInfiniteTimeSolution() {
        double ridge = 1e-2;
        GradientFlow.Prediction atZero = GradientFlow.mean(K, KS, Y, ridge, 0, 1);
        for (double v : atZero.mean().data) {
            assertEquals(0, v, 0.0, "the network starts at its prior mean 0");
        }
        DMatrixRMaj limit = GradientFlow.mean(K, KS, Y, ridge, Double.POSITIVE_INFINITY, 1).mean();
        DMatrixRMaj late = GradientFlow.mean(K, KS, Y, ridge, 1e7, 1).mean();
        assertTrue(Direct.maxAbsDiff(Direct.real(limit), late) < 1e-9, "t = 1e7 has converged to t = inf");

        // On the training set the residual e^{-eta K t/n} Y shrinks monotonically, from |Y| at 0 towards 0.
        DMatrixRMaj fitted = limitOnTrain(ridge);
        double previous = Double.POSITIVE_INFINITY;
        for (double t : new double[] {0, 1, 10, 100, 1000, 1e4, 1e5}) {
            DMatrixRMaj onTrain = GradientFlow.mean(K, K, Y, ridge, t, 1).mean();
            double residual = 0;
            for (int i = 0; i < Y.getNumElements(); i++) {
                // with the ridge the training-set fit converges to K (K + sI)^-1 Y, not Y; measure against that
                residual += Math.pow(onTrain.data[i] - fitted.data[i], 2);
            }
            residual = Math.sqrt(residual);
            assertTrue(residual < previous, "t = " + t + ": " + residual + " >= " + previous);
            previous = residual;
        }
        assertTrue(previous < 1e-3, "close to the limit at t = 1e5: " + previous);
    }

    private static DMatrixRMaj limitOnTrain(double ridge) {
        return GradientFlow.mean(K, K, Y, ridge, Double.POSITIVE_INFINITY, 1).mean();
    }

    @Test
    void multipleOutputsAreSolvedLikeSeparateColumns() {
        DMatrixRMaj all = GradientFlow.mean(K, KS, Y, 1e-4, Double.POSITIVE_INFINITY, 1).mean();
        for (int c = 0; c < Y.numCols; c++) {
            DMatrixRMaj column = new DMatrixRMaj(Y.numRows, 1);
            for (int i = 0; i < Y.numRows; i++) {
                column.data[i] = Y.get(i, c);
            }
            DMatrixRMaj one = GradientFlow.mean(K, KS, column, 1e-4, Double.POSITIVE_INFINITY, 1).mean();
            for (int i = 0; i < one.numRows; i++) {
                assertEquals(one.data[i], all.get(i, c), 1e-12);
            }
        }
    }

    @Test
    void nngpVarianceIsNonNegativeAndVanishesAtTrainingPoints() {
        // Test points: the first ten training points, then the fresh ones.
        double[][] test = new double[10 + XS.length][];
        for (int i = 0; i < 10; i++) {
            test[i] = X[i].clone();
        }
        System.arraycopy(XS, 0, test, 10, XS.length);
        KernelMatrix cross = Direct.rbf(test, X, 1.0);
        double[] prior = new double[test.length];
        java.util.Arrays.fill(prior, 1.0); // rbf(x, x) = 1
        NngpPosterior.Posterior p = NngpPosterior.of(K, cross, prior, Y, 0);
        assertEquals(0, p.report().jitter(), "this kernel needs no jitter");
        RealMatrix kInv = new LUDecomposition(Direct.real(K)).getSolver().getInverse();
        RealMatrix c = Direct.real(cross);
        for (int i = 0; i < test.length; i++) {
            assertTrue(p.variance()[i] >= 0, "variance " + i + " = " + p.variance()[i]);
            double direct = 1 - c.getRowVector(i).dotProduct(kInv.operate(c.getRowVector(i)));
            if (i < 10) {
                assertTrue(p.variance()[i] < 1e-8, "at training point " + i + ": " + p.variance()[i]);
                for (int k = 0; k < Y.numCols; k++) {
                    assertEquals(Y.get(i, k), p.mean().get(i, k), 1e-6, "the mean interpolates the targets");
                }
            } else {
                assertEquals(Math.max(0, direct), p.variance()[i], 1e-7, "vs 1 - k K^-1 k at test point " + i);
                assertTrue(p.variance()[i] > 1e-6, "a fresh point keeps some uncertainty");
            }
        }
    }

    @Test
    void largestStableLearningRateIsTwoNOverTheTopEigenvalue() {
        double ridge = 1e-3;
        int n = K.rows();
        double s = ridge * Direct.trace(K) / n;
        double top = new EigenDecomposition(Direct.shifted(K, s)).getRealEigenvalues()[0];
        double eta = GradientFlow.largestStableLearningRate(K, ridge);
        assertEquals(2.0 * n / top, eta, 1e-8 * eta);
        // Gradient descent on L = 1/(2n) |f - Y|^2 in function space: f <- f - (eta/n) K_reg (f - Y).
        double start = Direct.real(Y).getFrobeniusNorm();
        assertTrue(gradientDescentResidual(0.95 * eta, s, 3000) < start, "converges just below the limit");
        assertTrue(gradientDescentResidual(1.05 * eta, s, 3000) > 1e6, "diverges just above it");
    }

    private static double gradientDescentResidual(double eta, double s, int steps) {
        int n = K.rows();
        RealMatrix kReg = Direct.shifted(K, s);
        RealMatrix y = Direct.real(Y);
        RealMatrix f = y.scalarMultiply(0);
        for (int step = 0; step < steps; step++) {
            f = f.subtract(kReg.multiply(f.subtract(y)).scalarMultiply(eta / n));
        }
        return f.subtract(y).getFrobeniusNorm();
    }
}
