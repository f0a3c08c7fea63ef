package org.ntkc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.ntkc.examples.Relu3Kernel;

/** The runtime's kernel regression against EJML's independent LU solve, on a generated kernel's matrices. */
class KernelRegressionTest {
    @Test
    void agreesWithAnIndependentSolve() {
        Random random = new Random(3);
        NtkKernel kernel = new Relu3Kernel(KernelOptions.defaults().withThreads(2));
        double[][] train = new double[300][kernel.inputDim()];
        double[][] test = new double[20][kernel.inputDim()];
        for (double[][] x : new double[][][] {train, test}) {
            for (double[] p : x) {
                for (int k = 0; k < p.length; k++) {
                    p[k] = random.nextGaussian();
                }
            }
        }
        double[] y = new double[train.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(train[i][0]) + 0.1 * random.nextGaussian();
        }
        KernelMatrix k = kernel.ntk(train, train);
        KernelMatrix ks = kernel.ntk(test, train);
        double ridge = 1e-3;
        KernelRegression fit = KernelRegression.fit(k, y, ridge, 2);

        int n = train.length;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += k.get(i, i);
        }
        assertEquals(ridge * trace / n, fit.lambda(), 1e-15 * trace);
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a.set(i, j, k.get(i, j) + (i == j ? fit.lambda() : 0));
            }
        }
        DMatrixRMaj alpha = new DMatrixRMaj(n, 1);
        assertTrue(CommonOps_DDRM.solve(a, new DMatrixRMaj(n, 1, true, y), alpha));
        double[] mine = fit.alpha();
        double scale = CommonOps_DDRM.elementMaxAbs(alpha);
        for (int i = 0; i < n; i++) {
            assertEquals(alpha.get(i), mine[i], 1e-8 * scale, "alpha " + i);
        }
        double[] predicted = fit.predict(ks);
        for (int i = 0; i < test.length; i++) {
            double expected = 0;
            for (int j = 0; j < n; j++) {
                expected += ks.get(i, j) * alpha.get(j);
            }
            assertEquals(expected, predicted[i], 1e-9 * (1 + Math.abs(expected)), "prediction " + i);
        }
    }

    @Test
    void refusesBadInput() {
        KernelMatrix k = new KernelMatrix(2, 2);
        k.set(0, 0, 1);
        k.set(1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> KernelRegression.fit(k, new double[3], 0));
        assertThrows(IllegalArgumentException.class, () -> KernelRegression.fit(k, new double[2], -1));
        assertThrows(IllegalArgumentException.class, () -> KernelRegression.fit(new KernelMatrix(2, 3),
                new double[2], 0));
        KernelMatrix singular = new KernelMatrix(2, 2);
        singular.set(0, 0, 1);
        singular.set(0, 1, -2);
        singular.set(1, 0, -2);
        singular.set(1, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelRegression.fit(singular, new double[2], 0));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelRegression.fit(k, new double[2], 0)
                .predict(new KernelMatrix(1, 3)));
    }
}
