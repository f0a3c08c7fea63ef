package org.ntkc.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ntkc.Compilation;
import org.ntkc.loader.KernelLoader;
import org.ntkc.TestPoints;
import org.ntkc.TestSpecs;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NtkKernel;

/**
 * Numerical activations in generated code (Hermite series, exact quadrature where the series cannot certify an
 * entry) against the interpreter's quadrature: within the series tolerance compounded over the layers.
 */
class NumericalGeneratedTest {
    private static final double TOLERANCE = 1e-8;

    @Test
    void smoothAndKinkedNumericalActivationsAgreeWithTheInterpreter() {
        Compilation c = TestSpecs.compile("""
                activation softsquare(x) = max(x, 0) + 0.5 * min(x, 0) ^ 2
                activation mish(x) = x * tanh(softplus(x))
                network Tanh { input 3; bias_std = 0.1; dense 20 -> tanh; dense 20 -> tanh; dense 1 }
                network Selu { input 8; bias_std = 0.05; dense 20 -> selu; dense 20 -> selu; dense 1 }
                network Soft { input 17; bias_std = 0.1; dense 20 -> softsquare; dense 1 }
                network Mixed { input 5; dense 20 -> mish; dense 20 -> erf(b = 2) -> gelu; dense 1 }
                network Std { input 4; bias_std = 0.2; parameterization = standard; dense 30 -> silu; dense 1 }
                """);
        assertTrue(c.succeeded(), c.diagnostics()::render);
        Map<String, NtkKernel> vector = KernelLoader.loadAll(c.programs(), "test.ntk", KernelOptions.defaults());
        Map<String, NtkKernel> scalar = KernelLoader.loadAll(c.programs(), "test.ntk",
                KernelOptions.defaults().withVectorize(false));
        int seed = 0;
        double worst = 0;
        for (KernelProgram p : c.programs()) {
            double[][] x = TestPoints.awkward(p.inputDim(), ++seed);
            double[][] y = TestPoints.random(13, p.inputDim(), 100 + seed);
            Interpreter interpreter = new Interpreter(p);
            Kernels expected = interpreter.evaluate(x, x);
            Kernels expectedCross = interpreter.evaluate(x, y);
            Kernels ySelf = interpreter.evaluate(y, y);
            for (NtkKernel k : List.of(vector.get(p.name()), scalar.get(p.name()))) {
                worst = Math.max(worst, compare(expected, k.kernels(x, x), expected, expected,
                        p.name() + " " + k.implementation()));
                worst = Math.max(worst, compare(expectedCross, k.kernels(x, y), expected, ySelf,
                        p.name() + " " + k.implementation() + " x1 != x2"));
            }
        }
        System.out.printf("generated vs interpreter, numerical activations: worst %.2e of scale%n", worst);
    }

    private static double compare(Kernels e, Kernels g, Kernels rows, Kernels cols, String what) {
        double worst = 0;
        KernelMatrix[][] cases = {{e.nngp(), g.nngp(), rows.nngp(), cols.nngp()},
                {e.ntk(), g.ntk(), rows.ntk(), cols.ntk()}};
        for (KernelMatrix[] m : cases) {
            for (int i = 0; i < m[0].rows(); i++) {
                for (int j = 0; j < m[0].cols(); j++) {
                    double scale = Math.max(Math.sqrt(Math.abs(m[2].get(i, i) * m[3].get(j, j))), 1e-300);
                    double err = Math.abs(m[1].get(i, j) - m[0].get(i, j)) / scale;
                    if (!(err <= TOLERANCE)) {
                        throw new AssertionError(what + " at (" + i + ", " + j + "): " + m[1].get(i, j) + " vs "
                                + m[0].get(i, j));
                    }
                    worst = Math.max(worst, err);
                }
            }
        }
        return worst;
    }
}
