package org.ntkc.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.ntkc.TestPoints;
import org.ntkc.TestSpecs;
import org.ntkc.ir.Interpreter;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.Kernels;

/** Ill-conditioned kernels are handled and reported, never turned silently into NaN. */
class KernelSystemTest {
    @Test
    void duplicatedPointsWithDifferentTargetsGetAJitterAndSayWhy() {
        double[][] x = TestPoints.random(30, 2, 21);
        x[7] = x[3].clone();
        x[19] = x[3].clone();
        KernelMatrix k = Direct.rbf(x, x, 1.0);
        DMatrixRMaj y = Direct.targets(30, 2, 22); // different targets on identical points: no exact solution
        KernelSystem s = KernelSystem.solve(k, y, 0);
        SolveReport r = s.report();
        assertEquals(SolveReport.Method.CHOLESKY, r.method());
        assertTrue(r.jitter() > 0, r.describe());
        assertFalse(r.failedAttempts().isEmpty(), "the failed attempts are reported");
        assertTrue(r.failedAttempts().get(0).startsWith("Cholesky with no jitter"), r.failedAttempts().toString());
        assertTrue(r.residual() <= KernelSystem.RESIDUAL_TOLERANCE, r.describe());
        assertTrue(KernelSystem.allFinite(s.alpha()));
        assertTrue(r.describe().contains("jitter " + Format.sci(r.jitter()) + "·trace/n added"), r.describe());
    }

    @Test
    void deepReluNtkOnDuplicatedAndNearlyParallelPointsGivesNoSilentNaN() {
        // Twenty ReLU layers without biases: every pair of points drifts towards correlation 1, so the NTK matrix
        // is close to rank one; duplicates and a scaled copy make it exactly singular.
        String spec = "network Deep {\n  input 5\n  repeat 20 { dense 64 -> relu }\n  dense 1\n}\n";
        Interpreter interpreter = new Interpreter(TestSpecs.program(spec));
        double[][] x = TestPoints.random(24, 5, 31);
        x[5] = x[1].clone();
        x[9] = x[2].clone();
        for (int c = 0; c < 5; c++) {
            x[11][c] = 3 * x[4][c]; // relu networks without bias are positively homogeneous: a parallel point
        }
        Kernels kernels = interpreter.evaluate(x, x);
        double[] spectrum = new EigenDecomposition(Direct.real(kernels.ntk())).getRealEigenvalues();
        double condition = spectrum[0] / Math.max(Math.abs(spectrum[spectrum.length - 1]), Double.MIN_VALUE);
        assertTrue(condition > 1e12, "the premise: an ill-conditioned kernel, condition " + condition);

        DMatrixRMaj y = Direct.targets(24, 3, 32);
        double[][] test = TestPoints.random(6, 5, 33);
        Kernels cross = interpreter.evaluate(test, x);
        for (boolean ntk : new boolean[] {true, false}) {
            KernelMatrix train = ntk ? kernels.ntk() : kernels.nngp();
            KernelMatrix testTrain = ntk ? cross.ntk() : cross.nngp();
            GradientFlow.Prediction p = GradientFlow.mean(train, testTrain, y, 0, Double.POSITIVE_INFINITY, 1);
            assertTrue(KernelSystem.allFinite(p.mean()), "finite predictions");
            assertTrue(p.report().jitter() > 0 || p.report().method() == SolveReport.Method.EIGEN,
                    "the singular system was regularised, and says so: " + p.report().describe());
            assertTrue(p.report().residual() <= KernelSystem.RESIDUAL_TOLERANCE || p.report().method()
                    == SolveReport.Method.EIGEN, p.report().describe());
            GradientFlow.Prediction finite = GradientFlow.mean(train, testTrain, y, 0, 100, 1);
            assertTrue(KernelSystem.allFinite(finite.mean()), "finite time on a singular kernel is finite too");
        }
    }

    @Test
    void anIndefiniteMatrixFallsBackToTheClampedEigendecomposition() {
        // Eigenvalues 3 (vector (1,1)/√2) and −1 (vector (1,−1)/√2): no jitter up to 1e-4 makes it positive.
        KernelMatrix k = new KernelMatrix(2, 2);
        k.set(0, 0, 1);
        k.set(0, 1, 2);
        k.set(1, 0, 2);
        k.set(1, 1, 1);
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1}, {0}});
        KernelSystem s = KernelSystem.solve(k, y, 0);
        SolveReport r = s.report();
        assertEquals(SolveReport.Method.EIGEN, r.method());
        assertEquals(1, r.clamped());
        assertEquals(1 + KernelSystem.JITTERS.length, r.failedAttempts().size(), r.failedAttempts().toString());
        // The pseudo-inverse of the clamped matrix: v vᵀ y / 3 with v = (1, 1)/√2, i.e. (1/6, 1/6).
        assertEquals(1.0 / 6, s.alpha().get(0, 0), 1e-12);
        assertEquals(1.0 / 6, s.alpha().get(1, 0), 1e-12);
        assertTrue(r.describe().contains("1 negative eigenvalue clamped to 0"), r.describe());
    }

    @Test
    void unusableKernelsAreClearErrors() {
        KernelMatrix zero = new KernelMatrix(3, 3);
        DMatrixRMaj y = Direct.targets(3, 1, 1);
        IllConditionedKernelException e = assertThrows(IllConditionedKernelException.class,
                () -> KernelSystem.solve(zero, y, 1e-3));
        assertTrue(e.getMessage().contains("zero on its diagonal"), e.getMessage());

        KernelMatrix nan = Direct.rbf(TestPoints.random(4, 2, 5), TestPoints.random(4, 2, 5), 1);
        nan.set(0, 2, Double.NaN);
        nan.set(2, 0, Double.NaN);
        e = assertThrows(IllConditionedKernelException.class, () -> KernelSystem.solve(nan, Direct.targets(4, 1, 2), 0));
        assertTrue(e.getMessage().startsWith("cannot solve the 4 x 4 kernel system"), e.getMessage());
        assertTrue(e.getMessage().contains("Cholesky with jitter 1e-04·trace/n"), "says what was tried: "
                + e.getMessage());

        KernelMatrix infinite = Direct.rbf(TestPoints.random(3, 2, 5), TestPoints.random(3, 2, 5), 1);
        infinite.set(1, 1, Double.POSITIVE_INFINITY);
        e = assertThrows(IllConditionedKernelException.class, () -> KernelSystem.solve(infinite, y, 0));
        assertTrue(e.getMessage().contains("non-finite diagonal entry at 2"), e.getMessage());
    }

    @Test
    void theKernelIsUnchangedBySolving() {
        double[][] x = TestPoints.random(20, 2, 41);
        x[4] = x[2].clone();
        KernelMatrix k = Direct.rbf(x, x, 1.0);
        double[] before = k.data().clone();
        KernelSystem.solve(k, Direct.targets(20, 2, 42), 1e-6);
        assertTrue(java.util.Arrays.equals(before, k.data()), "the diagonal shift is taken off exactly");
    }

    @Test
    void variancesFromTheEigendecompositionAgreeWithCholesky() {
        double[][] x = TestPoints.random(25, 2, 51);
        KernelMatrix k = Direct.rbf(x, x, 0.8);
        double[][] test = TestPoints.random(9, 2, 52);
        KernelMatrix cross = Direct.rbf(test, x, 0.8);
        DMatrixRMaj y = Direct.targets(25, 1, 53);
        KernelSystem chol = KernelSystem.solve(k, y, 1e-3);
        double s = 1e-3 * Direct.trace(k) / 25;
        SymmetricEigen eig = SymmetricEigen.of(DMatrixRMaj.wrap(25, 25, k.data()), s);
        DMatrixRMaj bt = new DMatrixRMaj(25, 9);
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 25; j++) {
                bt.set(j, i, cross.get(i, j));
            }
        }
        double[] a = chol.quadraticForms(cross);
        double[] b = eig.quadraticForms(v -> 1 / v, bt);
        for (int i = 0; i < 9; i++) {
            assertEquals(b[i], a[i], 1e-9);
        }
    }

    @Test
    void aNearlySingularKernelAcrossSeveralBlocksIsSolvedThroughTheJitter() {
        // 300 points (the factorization's blocks are 256 wide), a wide RBF on 2-d inputs: eigenvalues fall to
        // rounding level, so the plain factorization fails or leaves a large residual and a jitter takes over
        double[][] x = TestPoints.random(300, 2, 61);
        KernelMatrix k = Direct.rbf(x, x, 20.0);
        DMatrixRMaj y = Direct.targets(300, 3, 62);
        KernelSystem s = KernelSystem.solve(k, y, 0);
        SolveReport r = s.report();
        assertEquals(SolveReport.Method.CHOLESKY, r.method(), r.describe());
        assertTrue(r.jitter() > 0, r.describe());
        assertTrue(r.residual() <= KernelSystem.RESIDUAL_TOLERANCE, r.describe());
        // independently: EJML's LU on K + s·I with the reported shift gives the same fitted values K·α
        int n = 300;
        DMatrixRMaj kk = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                kk.set(i, j, k.get(i, j) + (i == j ? s.shift() : 0));
            }
        }
        DMatrixRMaj ref = new DMatrixRMaj(n, 3);
        assertTrue(org.ejml.dense.row.CommonOps_DDRM.solve(kk, y, ref));
        DMatrixRMaj plain = DMatrixRMaj.wrap(n, n, k.data());
        DMatrixRMaj fitted = org.ejml.dense.row.CommonOps_DDRM.mult(plain, s.alpha(), null);
        DMatrixRMaj fittedRef = org.ejml.dense.row.CommonOps_DDRM.mult(plain, ref, null);
        DMatrixRMaj shifted = org.ejml.dense.row.CommonOps_DDRM.mult(kk, s.alpha(), null);
        double r2 = 0;
        double y2 = 0;
        for (int i = 0; i < n * 3; i++) {
            // both solves are accurate to about cond·ε here: the fitted values agree to well within the targets' scale
            assertEquals(fittedRef.data[i], fitted.data[i], 1e-4, "K·α at " + i);
            r2 += (shifted.data[i] - y.data[i]) * (shifted.data[i] - y.data[i]);
            y2 += y.data[i] * y.data[i];
        }
        assertTrue(Math.sqrt(r2 / y2) <= KernelSystem.RESIDUAL_TOLERANCE, "residual recomputed: " + Math.sqrt(r2 / y2));
    }
}
