package org.ntkc.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntkc.TestSpecs.program;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ntkc.TestPoints;
import org.ntkc.math.act.BuiltinActivation;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.Kernels;

class InterpreterTest {

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    @Test
    void oneDenseLayerIsTheScaledGramPlusBias() {
        KernelProgram p = program("network A {\n input 5\n weight_std = 1.3\n bias_std = 0.4\n dense 7\n}");
        double[][] x = TestPoints.random(4, 5, 1);
        Kernels k = new Interpreter(p).evaluate(x, x);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double expected = 1.69 * dot(x[i], x[j]) / 5 + 0.16;
                assertEquals(expected, k.nngp().get(i, j), 1e-15 * Math.abs(expected));
                assertEquals(expected, k.ntk().get(i, j), 1e-15 * Math.abs(expected), "seed case: Θ = Σ");
            }
        }
    }

    @Test
    void deepReluMatchesAnIndependentRecursion() {
        KernelProgram p = program("""
                network R {
                  input 6
                  weight_std = 1.2
                  bias_std = 0.3
                  repeat 4 { dense 100 -> relu }
                  dense 1
                }
                """);
        double[][] x = TestPoints.random(9, 6, 2);
        Kernels k = new Interpreter(p).evaluate(x, x);
        double w2 = 1.44;
        double b2 = 0.09;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                // The seed's recursion, written out with arccos (fine away from the diagonal).
                double q1 = w2 * dot(x[i], x[i]) / 6 + b2;
                double q2 = w2 * dot(x[j], x[j]) / 6 + b2;
                double q12 = w2 * dot(x[i], x[j]) / 6 + b2;
                double theta = q12;
                for (int l = 0; l < 4; l++) {
                    double c = Math.max(-1, Math.min(1, q12 / Math.sqrt(q1 * q2)));
                    double angle = Math.acos(c);
                    double t = Math.sqrt(q1 * q2) * (Math.sin(angle) + (Math.PI - angle) * c) / (2 * Math.PI);
                    double tDot = (Math.PI - angle) / (2 * Math.PI);
                    q12 = w2 * t + b2;
                    theta = w2 * theta * tDot + q12;
                    q1 = w2 * q1 / 2 + b2;
                    q2 = w2 * q2 / 2 + b2;
                }
                double tol = i == j ? 1e-7 : 1e-12;
                assertEquals(q12, k.nngp().get(i, j), tol * q12, "nngp " + i + "," + j);
                assertEquals(theta, k.ntk().get(i, j), tol * theta, "ntk " + i + "," + j);
            }
        }
    }

    @Test
    void standardParameterizationDependsOnTheWidths() {
        String spec = "network S {\n input 3\n weight_std = 1.3\n bias_std = 0.2\n parameterization = standard\n"
                + " dense %d -> relu\n dense 1\n}";
        KernelProgram narrow = program(String.format(spec, 100));
        KernelProgram wide = program(String.format(spec, 300));
        double[][] x = TestPoints.random(5, 3, 3);
        Kernels kn = new Interpreter(narrow).evaluate(x, x);
        Kernels kw = new Interpreter(wide).evaluate(x, x);
        var relu = BuiltinActivation.RELU.withDefaults().closedFormDual().orElseThrow();
        double w2 = 1.69;
        double b2 = 0.04;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                // 1/n0 multiplies, as in the IR, so that a point with itself has exactly q12 = q1.
                double s0 = (1.0 / 3) * dot(x[i], x[j]);
                double q1 = w2 * ((1.0 / 3) * dot(x[i], x[i])) + b2;
                double q2 = w2 * ((1.0 / 3) * dot(x[j], x[j])) + b2;
                double s1 = w2 * s0 + b2;
                double theta1 = 3 * s0 + 1;
                double t = relu.t(q1, q2, s1);
                double tDot = relu.tDot(q1, q2, s1);
                double expectedNarrow = 100 * t + w2 * theta1 * tDot + 1;
                assertEquals(expectedNarrow, kn.ntk().get(i, j), 1e-13 * expectedNarrow);
                assertEquals(expectedNarrow + 200 * t, kw.ntk().get(i, j), 1e-13 * expectedNarrow);
                assertEquals(kn.nngp().get(i, j), kw.nngp().get(i, j), 0, "the NNGP kernel ignores the widths");
            }
        }
    }

    @Test
    void consecutiveDenseLayersFoldIntoOneStep() {
        KernelProgram p = program("network D {\n input 4\n dense 8 (weight_std = 1.5, bias_std = 0.2)\n"
                + " dense 6 (weight_std = 0.7, bias_std = 0.1)\n dense 1 (weight_std = 2)\n}");
        assertEquals(2, p.steps().size(), "input + one folded affine step");
        double[][] x = TestPoints.random(3, 4, 4);
        Kernels k = new Interpreter(p).evaluate(x, x);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = dot(x[i], x[j]) / 4;
                double theta = 0;
                double[][] layers = {{2.25, 0.04}, {0.49, 0.01}, {4, 0}};
                for (double[] l : layers) {
                    s = l[0] * s + l[1];
                    theta = l[0] * theta + s;
                }
                assertEquals(s, k.nngp().get(i, j), 1e-14 * Math.abs(s) + 1e-16);
                assertEquals(theta, k.ntk().get(i, j), 1e-14 * Math.abs(theta) + 1e-16);
            }
        }
    }

    @Test
    void zeroDuplicatedAndParallelPointsGiveNoNaNForAnyActivation() {
        double[][] x = TestPoints.awkward(3, 5);
        for (String act : BuiltinActivation.spellings()) {
            String use = act.contains("monomial") ? act + "(2)" : act;
            String spec = "network A {\n input 3\n bias_std = 0.1\n dense 4 -> " + use + "\n dense 4 -> " + use
                    + "\n dense 1\n}";
            for (String variant : new String[] {spec, spec.replace("bias_std = 0.1", "bias_std = 0")}) {
                Kernels k = new Interpreter(program(variant)).evaluate(x, x);
                for (KernelMatrix m : new KernelMatrix[] {k.nngp(), k.ntk()}) {
                    for (double v : m.data()) {
                        assertTrue(Double.isFinite(v), act + ": " + Arrays.toString(m.data()));
                    }
                    assertArrayEquals(m.row(0), m.row(3), act + ": a duplicated point has the same kernel row");
                    for (int i = 0; i < x.length; i++) {
                        for (int j = 0; j < x.length; j++) {
                            assertEquals(m.get(i, j), m.get(j, i), 0, act + " is symmetric");
                        }
                    }
                }
            }
        }
    }

    @Test
    void symmetricAndGeneralPathsAgreeBitForBit() {
        KernelProgram p = program("activation f(x) = max(x, 0) + 0.5 * min(x, 0) ^ 2\n"
                + "network A {\n input 4\n bias_std = 0.1\n dense 8 -> f\n dense 8 -> erf\n dense 1\n}");
        double[][] x = TestPoints.awkward(4, 6);
        double[][] copy = Arrays.stream(x).map(double[]::clone).toArray(double[][]::new);
        Interpreter interpreter = new Interpreter(p);
        Kernels sym = interpreter.evaluate(x, x);
        Kernels gen = interpreter.evaluate(x, copy);
        assertArrayEquals(sym.ntk().data(), gen.ntk().data());
        assertArrayEquals(sym.nngp().data(), gen.nngp().data());
        for (int i = 0; i < x.length; i++) {
            double[] pair = interpreter.pair(x[i], x[i]);
            assertEquals(sym.nngp().get(i, i), pair[0], 0);
            assertEquals(sym.ntk().get(i, i), pair[1], 0);
        }
    }

    @Test
    void stackedActivationsAreOneFusedStep() {
        double[][] x = TestPoints.random(4, 2, 7);
        KernelProgram stacked = program("network A {\n input 2\n dense 3 -> relu -> tanh\n dense 1\n}");
        KernelProgram custom = program("activation g(x) = tanh(relu(x))\nnetwork A {\n input 2\n dense 3 -> g\n"
                + " dense 1\n}");
        assertEquals(4, stacked.steps().size());
        Kernels a = new Interpreter(stacked).evaluate(x, x);
        Kernels b = new Interpreter(custom).evaluate(x, x);
        assertArrayEquals(b.ntk().data(), a.ntk().data());
    }

    @Test
    void divergentKernelIsReportedNotReturned() {
        KernelProgram p = program("network G {\n input 2\n dense 3 -> gaussian(b = 0.5)\n dense 1\n}");
        double[][] x = {{0.1, 0.2}, {3, 4}};
        KernelEvaluationException e = assertThrows(KernelEvaluationException.class,
                () -> new Interpreter(p).evaluate(x, x));
        assertTrue(e.getMessage().contains("gaussian(b = 0.5)"), e.getMessage());
        assertTrue(e.getMessage().contains("test.ntk:3"), e.getMessage());
    }

    @Test
    void customFormulaOutsideItsDomainIsReported() {
        // 1 wherever the compiler probes it (|x| <= 40; NTK044 refuses log(x) itself), but NaN below -354, where
        // exp(-x)^2 in φ′ overflows and where the second point's pre-activations (standard deviation 354) often are.
        KernelProgram p = program(
                "activation f(x) = exp(-x) / exp(-x)\nnetwork L {\n input 2\n dense 3 -> f\n dense 1\n}");
        double[][] x = {{0.1, 0.2}, {300, 400}};
        KernelEvaluationException e = assertThrows(KernelEvaluationException.class,
                () -> new Interpreter(p).evaluate(x, x));
        assertTrue(e.getMessage().contains("activation f (test.ntk:4)"), e.getMessage());
        assertTrue(e.getMessage().contains("not finite at x = -"), e.getMessage());
    }

    @Test
    void wrongDimensionIsRefused() {
        KernelProgram p = program("network A {\n input 2\n dense 1\n}");
        assertThrows(IllegalArgumentException.class, () -> new Interpreter(p).pair(new double[3], new double[2]));
    }
}
