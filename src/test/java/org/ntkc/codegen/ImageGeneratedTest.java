package org.ntkc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ntkc.Compilation;
import org.ntkc.TestPoints;
import org.ntkc.TestSpecs;
import org.ntkc.ir.ImagesNotSupportedException;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelProgram;
import org.ntkc.loader.KernelLoader;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NtkKernel;

/**
 * Generated image kernels against the interpreter, which keeps full position-pair matrices everywhere: so the
 * diagonal-only states of generated code, its window tables and its borders are checked by an independent
 * evaluation, on every layer kind, padding, rank and stride, both parameterizations, an all-zero image and duplicates.
 */
class ImageGeneratedTest {
    private static final String SPEC = """
            network FlatRelu {
              input 6 x 5 x 2
              weight_std = 1.4142135623730951
              bias_std = 0.1
              conv 3 (3) -> relu
              conv 4 (3 x 2, stride = 2 x 1) -> abs
              flatten
              dense 2
            }
            network PooledStandard {
              input 7 x 6 x 1
              parameterization = standard
              bias_std = 0.2
              conv 3 (3, stride = 2, padding = valid) -> erf
              avg_pool (2, padding = same)
              conv 2 (2) -> relu
              global_avg_pool
              dense 1
            }
            network PoolThenFlatten {
              input 6 x 6 x 2
              weight_std = 1.2
              conv 3 (3) -> gelu
              avg_pool (2)
              dense 4 -> relu
              flatten
              dense 1
            }
            network SignalCircular {
              input 9 x 3
              padding = circular
              weight_std = 1.3
              conv 4 (4, stride = 2) -> relu
              dense 5 -> erf
              avg_pool (3, stride = 1)
              flatten
              dense 2
            }
            network SignalStandardFlatten {
              input 8 x 2
              parameterization = standard
              bias_std = 0.3
              conv 3 (3, padding = valid) -> leaky_relu(0.2)
              conv 2 (2, stride = 2)
              flatten
              relu
              dense 3
            }
            network GlobalOnly {
              input 4 x 4 x 3
              dense 3 -> relu
              global_avg_pool
            }
            """;
    private static Map<String, NtkKernel> kernels;
    private static Compilation compilation;

    @BeforeAll
    static void load() {
        compilation = TestSpecs.compile(SPEC);
        assertTrue(compilation.succeeded(), compilation.diagnostics().render());
        kernels = KernelLoader.loadAll(compilation.programs(), "test.ntk", KernelOptions.defaults().withThreads(2));
    }

    private static double[][] points(KernelProgram p, long seed) {
        double[][] x = TestPoints.random(5, p.inputDim(), seed);
        return new double[][] {x[0], x[1], new double[p.inputDim()], x[2], x[1].clone(), x[3], x[4]};
    }

    private static void assertAgree(KernelMatrix expected, KernelMatrix actual, String what) {
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                double scale = Math.sqrt(Math.abs(expected.get(i, i) * expected.get(j, j)));
                double e = expected.get(i, j);
                assertEquals(e, actual.get(i, j), 1e-12 * Math.max(scale, 1e-300), what + " entry " + i + ", " + j);
            }
        }
    }

    @Test
    void everyNetworkAgreesWithTheFullPairInterpreter() {
        for (KernelProgram p : compilation.programs()) {
            double[][] x = points(p, p.name().length());
            Kernels expected = new Interpreter(p).evaluate(x, x);
            Kernels actual = kernels.get(p.name()).kernels(x, x);
            assertAgree(expected.nngp(), actual.nngp(), p.name() + " nngp");
            assertAgree(expected.ntk(), actual.ntk(), p.name() + " ntk");
            double[][] y = TestPoints.random(3, p.inputDim(), 99);
            Kernels rect = kernels.get(p.name()).kernels(x, y);
            Kernels rectExpected = new Interpreter(p).evaluate(x, y);
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < y.length; j++) {
                    assertEquals(rectExpected.ntk().get(i, j), rect.ntk().get(i, j),
                            1e-12 * Math.max(1, Math.abs(rectExpected.ntk().get(i, j))), p.name());
                }
            }
        }
    }

    @Test
    void aDuplicateIsExactlyThePointItselfAndTheMatrixIsSymmetric() {
        for (KernelProgram p : compilation.programs()) {
            double[][] x = points(p, 3);
            Kernels k = kernels.get(p.name()).kernels(x, x);
            assertEquals(k.nngp().get(1, 1), k.nngp().get(1, 4), 0.0, p.name());
            assertEquals(k.ntk().get(4, 1), k.ntk().get(1, 1), 0.0, p.name());
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x.length; j++) {
                    assertEquals(k.ntk().get(i, j), k.ntk().get(j, i), 0.0);
                    assertTrue(Double.isFinite(k.nngp().get(i, j)));
                }
            }
            double[][] d = kernels.get(p.name()).diagonals(x);
            assertEquals(k.nngp().get(2, 2), d[0][2], 0.0, "the all-zero image");
        }
    }

    @Test
    void numericalActivationsOnImagesAreRefusedByGeneratedCodeNotMiscomputed() {
        Compilation c = TestSpecs.compile("network T {\n input 4 x 4 x 1\n conv 2 (3) -> tanh\n flatten\n dense 1\n}");
        ImagesNotSupportedException e = assertThrows(ImagesNotSupportedException.class,
                () -> KernelLoader.loadAll(c.programs(), "t.ntk", KernelOptions.defaults()));
        assertTrue(e.getMessage().contains("tanh") && e.getMessage().contains("not yet supported for images"),
                e.getMessage());
    }
}
