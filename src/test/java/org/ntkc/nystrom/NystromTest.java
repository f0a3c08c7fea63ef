package org.ntkc.nystrom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ntkc.loader.KernelLoader;
import org.ntkc.TestPoints;
import org.ntkc.TestSpecs;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.NtkKernel;

/**
 * Nyström regression against independent computations: exact kernel ridge regression (commons-math3's Cholesky on
 * K + λI) when the centres are all training points, the direct solve for Falkon's CG, streaming against
 * accumulated H, and the accumulation split any way over blocks and partial sums.
 */
class NystromTest {
    private static BlockKernel kernel;

    @BeforeAll
    static void compile() {
        NtkKernel k = KernelLoader.load(TestSpecs.program("""
                network Small {
                  input 6
                  bias_std = 0.2
                  repeat 2 { dense 64 -> relu }
                  dense 1
                }
                """), "test.ntk", KernelOptions.defaults());
        kernel = BlockKernel.of(k, BlockKernel.Kind.NTK);
    }

    /** Two smooth targets of the inputs. */
    private static double[][] targets(double[][] x) {
        double[][] y = new double[2][x.length];
        for (int i = 0; i < x.length; i++) {
            y[0][i] = Math.sin(x[i][0]) + 0.5 * x[i][1] * x[i][2];
            y[1][i] = Math.cos(x[i][3] - x[i][4]) - x[i][5];
        }
        return y;
    }

    private static double maxAbsDiff(double[][] a, double[][] b) {
        double d = 0;
        for (int c = 0; c < a.length; c++) {
            for (int i = 0; i < a[c].length; i++) {
                d = Math.max(d, Math.abs(a[c][i] - b[c][i]));
            }
        }
        return d;
    }

    private static double maxAbs(double[][] a) {
        return maxAbsDiff(a, new double[a.length][a[0].length]);
    }

    @Test
    void allTrainingPointsAsCentresIsExactKernelRidgeRegression() {
        double[][] x = TestPoints.random(150, 6, 1);
        double[][] xt = TestPoints.random(40, 6, 2);
        double[][] y = targets(x);
        double ridge = 0.05;
        int n = x.length;

        double[] k = kernel.compute(x, x);
        RealMatrix reg = new Array2DRowRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                reg.setEntry(i, j, k[i * n + j] + (i == j ? ridge : 0));
            }
        }
        var solver = new CholeskyDecomposition(reg, 1e-14, 1e-14).getSolver();
        double[] kt = kernel.compute(xt, x);
        double[][] exact = new double[2][xt.length];
        for (int c = 0; c < 2; c++) {
            double[] a = solver.solve(new org.apache.commons.math3.linear.ArrayRealVector(y[c])).toArray();
            for (int i = 0; i < xt.length; i++) {
                for (int j = 0; j < n; j++) {
                    exact[c][i] += kt[i * n + j] * a[j];
                }
            }
        }

        TrainingSet data = new TrainingSet(x, y, 37);
        Falkon falkon = Falkon.prepare(kernel.compute(x, x), n, 2);
        GramAccumulator acc = data.accumulate(kernel, x, 2, null);
        NystromModel direct = new NystromModel(x, falkon.solveDirect(acc, ridge));
        Falkon.Solution cg = falkon.solve(acc.operator(2), ridge, 500, 1e-13);
        NystromModel iterative = new NystromModel(x, cg.alpha());

        double scale = maxAbs(exact);
        double dDirect = maxAbsDiff(direct.predict(kernel, xt, 16, 2), exact) / scale;
        double dCg = maxAbsDiff(iterative.predict(kernel, xt, 16, 2), exact) / scale;
        assertTrue(dDirect < 1e-8, "direct Nyström vs exact KRR: " + dDirect);
        assertTrue(dCg < 1e-8, "Falkon vs exact KRR: " + dCg + " after " + cg.iterations() + " iterations");
    }

    @Test
    void falkonConvergesToTheDirectNystromSolve() {
        double[][] x = TestPoints.random(700, 6, 3);
        double[][] y = targets(x);
        double[][] c = Centres.rows(x, Centres.uniform(x, 120, 42));
        TrainingSet data = new TrainingSet(x, y, 128);
        Falkon falkon = Falkon.prepare(kernel.compute(c, c), c.length, 2);
        GramAccumulator acc = data.accumulate(kernel, c, 2, null);
        for (double ridge : new double[] {1e-3, 0.1, 10}) {
            double[][] direct = falkon.solveDirect(acc, ridge);
            Falkon.Solution cg = falkon.solve(acc.operator(2), ridge, 200, 1e-12);
            double d = maxAbsDiff(cg.alpha(), direct) / maxAbs(direct);
            assertTrue(d < 1e-6, "ridge " + ridge + ": CG vs direct " + d + " after " + cg.iterations());
            assertTrue(cg.iterations() < 200, "stopped on the residual, not the limit");
            for (double r : cg.relativeResiduals()) {
                assertTrue(r <= 1e-12, "residual " + r);
            }
        }
        // early stopping: a loose tolerance stops sooner
        Falkon.Solution loose = falkon.solve(acc.operator(2), 1e-3, 200, 1e-3);
        Falkon.Solution tight = falkon.solve(acc.operator(2), 1e-3, 200, 1e-10);
        assertTrue(loose.iterations() < tight.iterations(), loose.iterations() + " vs " + tight.iterations());
        Falkon.Solution capped = falkon.solve(acc.operator(2), 1e-3, 2, 1e-14);
        assertEquals(2, capped.iterations());
    }

    @Test
    void streamingEqualsAccumulatedAndTheAccumulationSplitsAnyWay() {
        double[][] x = TestPoints.random(300, 6, 5);
        double[][] y = targets(x);
        double[][] c = Centres.rows(x, Centres.uniform(x, 50, 7));
        GramAccumulator whole = new TrainingSet(x, y, 300).accumulate(kernel, c, 1, null);
        GramAccumulator blocks = new TrainingSet(x, y, 29).accumulate(kernel, c, 2, null);
        // three tiles of rows accumulated separately, then merged
        GramAccumulator merged = new GramAccumulator(50, 2);
        int[] cuts = {0, 90, 91, 300};
        for (int t = 0; t + 1 < cuts.length; t++) {
            double[][] xs = Arrays.copyOfRange(x, cuts[t], cuts[t + 1]);
            double[][] ys = {Arrays.copyOfRange(y[0], cuts[t], cuts[t + 1]),
                Arrays.copyOfRange(y[1], cuts[t], cuts[t + 1])};
            merged.merge(new TrainingSet(xs, ys, 64).accumulate(kernel, c, 2, null));
        }
        assertEquals(300, merged.points());
        double scale = Arrays.stream(whole.matrix()).map(Math::abs).max().orElseThrow();
        for (GramAccumulator other : new GramAccumulator[] {blocks, merged}) {
            double[] a = whole.matrix();
            double[] b = other.matrix();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-12 * scale);
            }
            assertTrue(maxAbsDiff(whole.rhs(), other.rhs()) < 1e-12 * maxAbs(whole.rhs()));
        }
        Falkon falkon = Falkon.prepare(kernel.compute(c, c), 50, 2);
        NormalOperator streaming = new TrainingSet(x, y, 64).streaming(kernel, c, 2);
        Falkon.Solution s = falkon.solve(streaming, 0.01, 6, 0);
        Falkon.Solution g = falkon.solve(whole.operator(2), 0.01, 6, 0);
        assertEquals(6, s.iterations());
        double d = maxAbsDiff(s.alpha(), g.alpha()) / maxAbs(g.alpha());
        assertTrue(d < 1e-9, "streaming vs accumulated after 6 iterations: " + d);
    }

    @Test
    void centresAreDistinctSeededAndChecked() {
        double[][] x = TestPoints.random(20, 3, 9);
        x[5] = x[3].clone();
        x[7] = x[3].clone();
        int[] a = Centres.uniform(x, 18, 1);
        assertArrayEquals(a, Centres.uniform(x, 18, 1));
        assertEquals(18, Arrays.stream(a).distinct().count());
        long dupes = Arrays.stream(a).filter(i -> i == 3 || i == 5 || i == 7).count();
        assertEquals(1, dupes, "at most one copy of a repeated point");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Centres.uniform(x, 19, 1));
        assertTrue(e.getMessage().contains("only 18 of the 20 training points are distinct"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Centres.uniform(x, 0, 1));
    }

    @Test
    void singularCentresGetJitterAndZeroKernelsAreRefused() {
        double[][] x = TestPoints.random(30, 6, 11);
        x[4] = x[2].clone(); // K(C, C) exactly singular
        Falkon f = Falkon.prepare(kernel.compute(x, x), 30, 1);
        assertTrue(f.jitter() > 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Falkon.prepare(new double[9], 3, 1));
        assertTrue(e.getMessage().contains("no positive diagonal"), e.getMessage());
    }
}
