package org.ntkc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntkc.Compilation;
import org.ntkc.TestPoints;
import org.ntkc.TestSpecs;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelEvaluationException;
import org.ntkc.ir.KernelProgram;
import org.ntkc.loader.KernelLoader;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NonFiniteKernelException;
import org.ntkc.runtime.NtkKernel;

/**
 * Residual blocks and layer_norm (MATH.md §8): the interpreter against values computed by hand here, and the
 * generated scalar and vector code against the interpreter, with duplicated and all-zero points.
 */
class ResidualKernelTest {

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    /** E[relu(u) relu(v)] for variances q1, q2 and covariance q12 (Cho and Saul), and its derivative in q12. */
    private static double[] relu(double q1, double q2, double q12) {
        double p = Math.sqrt(q1 * q2);
        double rho = Math.max(-1, Math.min(1, q12 / p));
        double theta = Math.acos(rho);
        double t = p / (2 * Math.PI) * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta));
        double tdot = (Math.PI - theta) / (2 * Math.PI);
        return new double[] {t, tdot};
    }

    @Test
    void aBlockOfOneDenseLayerAddsItsScaledKernel() {
        KernelProgram p = TestSpecs.program("network A {\n input 3\n weight_std = 1.3\n bias_std = 0.2\n dense 5\n"
                + " residual (scale = 0.5) { dense 5 }\n dense 1\n}");
        double[][] x = TestPoints.random(4, 3, 7);
        Kernels k = new Interpreter(p).evaluate(x, x);
        double w2 = 1.69;
        double b2 = 0.04;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double s1 = w2 * dot(x[i], x[j]) / 3 + b2;
                double t1 = s1;
                double sf = w2 * s1 + b2;
                double tf = w2 * t1 + sf;
                double sy = s1 + 0.25 * sf;
                double ty = t1 + 0.25 * tf;
                double s = w2 * sy + b2;
                double t = w2 * ty + s;
                assertEquals(s, k.nngp().get(i, j), 1e-14 * Math.abs(s));
                assertEquals(t, k.ntk().get(i, j), 1e-14 * Math.abs(t));
            }
        }
    }

    @Test
    void layerNormAfterReluBlockByHand() {
        KernelProgram p = TestSpecs.program("network A {\n input 4\n bias_std = 0.3\n dense 6\n"
                + " residual (scale = 2) { relu; dense 6 }\n layer_norm\n dense 2\n}");
        double[][] x = TestPoints.random(3, 4, 11);
        Kernels k = new Interpreter(p).evaluate(x, x);
        double b2 = 0.09;
        double[][] s = new double[3][3];
        double[][] t = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                s[i][j] = dot(x[i], x[j]) / 4 + b2;
                t[i][j] = s[i][j];
            }
        }
        double[][] sy = new double[3][3];
        double[][] ty = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double[] r = relu(s[i][i], s[j][j], s[i][j]);
                double sf = r[0] + b2;
                double tf = t[i][j] * r[1] + sf;
                sy[i][j] = s[i][j] + 4 * sf;
                ty[i][j] = t[i][j] + 4 * tf;
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double norm = Math.sqrt(sy[i][i] * sy[j][j]);
                double sn = sy[i][j] / norm;
                double tn = ty[i][j] / norm;
                double so = sn + b2;
                double to = tn + so;
                assertEquals(so, k.nngp().get(i, j), 1e-13, "nngp " + i + "," + j);
                assertEquals(to, k.ntk().get(i, j), 1e-13, "ntk " + i + "," + j);
            }
            // layer_norm makes every point's variance 1 before the last dense layer
            assertEquals(1 + b2, k.nngp().get(i, i), 1e-15);
        }
    }

    private static final String ZERO_VARIANCE = "network Z {\n input 3\n dense 8\n layer_norm\n dense 1\n}";

    @Test
    void aPointWithVarianceZeroAtLayerNormIsAnErrorNamingIt() {
        KernelProgram p = TestSpecs.program(ZERO_VARIANCE);
        double[][] x = {{1, 2, 3}, {0.5, -1, 2}, {0, 0, 0}};
        KernelEvaluationException e = assertThrows(KernelEvaluationException.class,
                () -> new Interpreter(p).evaluate(x, x));
        assertTrue(e.getMessage().contains("layer_norm (test.ntk:4) cannot normalise point 3"), e.getMessage());
        for (NtkKernel kernel : kernels(p)) {
            NonFiniteKernelException g = assertThrows(NonFiniteKernelException.class, () -> kernel.kernels(x, x),
                    kernel.implementation());
            assertTrue(g.getMessage().contains("layer_norm (test.ntk:4) cannot normalise point 3"), g.getMessage());
        }
    }

    private static List<NtkKernel> kernels(KernelProgram p) {
        return List.of(KernelLoader.loadAll(List.of(p), "test.ntk", KernelOptions.defaults()).get(p.name()),
                KernelLoader.loadAll(List.of(p), "test.ntk", KernelOptions.defaults().withVectorize(false))
                        .get(p.name()));
    }

    @Test
    void generatedCodeAgreesWithTheInterpreter() {
        String spec = """
                network Closed {
                  input 7
                  weight_std = 1.2
                  bias_std = 0.1
                  dense 40
                  repeat 3 {
                    residual (scale = 0.6) { layer_norm; relu; dense 40 -> erf; dense 40 }
                  }
                  residual { gelu; dense 40; residual (scale = 0.3) { abs; dense 40 } ; dense 40 }
                  layer_norm
                  dense 40 -> leaky_relu(0.2)
                  dense 3
                }
                network Standard {
                  input 5
                  parameterization = standard
                  bias_std = 0.2
                  dense 30
                  residual (scale = 0.7) { relu; dense 30 -> sin; dense 30 }
                  layer_norm
                  dense 1
                }
                network Numerical {
                  input 6
                  bias_std = 0.05
                  dense 20
                  repeat 2 { residual (scale = 0.5) { layer_norm; tanh; dense 20 } }
                  residual { dense 20 -> elu; dense 20 }
                  dense 1
                }
                """;
        Compilation c = TestSpecs.compile(spec);
        assertTrue(c.succeeded(), c.diagnostics()::render);
        for (KernelProgram p : c.programs()) {
            boolean numerical = p.name().equals("Numerical");
            double tolerance = numerical ? 1e-8 : 1e-12;
            // The interpreter integrates tanh by quadrature for every pair: the numerical network stays smaller (the
            // closed-form ones cross the tile edges at 70).
            int[][] sizes = numerical ? new int[][] {{1, 1}, {13, 5}, {24, 17}}
                    : new int[][] {{1, 1}, {13, 5}, {70, 33}};
            for (int[] n : sizes) {
                double[][] x = TestPoints.random(n[0], p.inputDim(), n[0]);
                double[][] y = TestPoints.random(n[1], p.inputDim(), 100 + n[1]);
                if (n[0] > 3) {
                    x[1] = x[0].clone();
                    java.util.Arrays.fill(x[2], 0.0);
                    y[0] = x[0].clone();
                }
                Interpreter interpreter = new Interpreter(p);
                Kernels sym = interpreter.evaluate(x, x);
                Kernels cross = interpreter.evaluate(x, y);
                Kernels ySym = interpreter.evaluate(y, y);
                for (NtkKernel kernel : kernels(p)) {
                    String what = p.name() + " " + kernel.implementation() + " " + n[0] + "x" + n[1];
                    compare(sym, kernel.kernels(x, x), sym, sym, tolerance, what + " x1 == x2");
                    compare(cross, kernel.kernels(x, y), sym, ySym, tolerance, what + " x1 != x2");
                }
                // duplicated points have identical rows
                if (n[0] > 3) {
                    for (int j = 0; j < n[0]; j++) {
                        assertEquals(sym.ntk().get(0, j), sym.ntk().get(1, j), 0.0);
                    }
                }
            }
        }
    }

    private static void compare(Kernels expected, Kernels got, Kernels rows, Kernels cols, double tolerance,
                                String what) {
        KernelMatrix[][] cases = {{expected.nngp(), got.nngp(), rows.nngp(), cols.nngp()},
                {expected.ntk(), got.ntk(), rows.ntk(), cols.ntk()}};
        for (KernelMatrix[] pair : cases) {
            KernelMatrix e = pair[0];
            KernelMatrix g = pair[1];
            for (int i = 0; i < e.rows(); i++) {
                for (int j = 0; j < e.cols(); j++) {
                    double scale = Math.max(Math.abs(e.get(i, j)),
                            Math.sqrt(Math.abs(pair[2].get(i, i) * pair[3].get(j, j))));
                    double err = Math.abs(g.get(i, j) - e.get(i, j)) / scale;
                    if (!(err <= tolerance)) {
                        throw new AssertionError(what + " at (" + i + ", " + j + "): " + g.get(i, j) + " vs "
                                + e.get(i, j));
                    }
                }
            }
        }
    }
}
