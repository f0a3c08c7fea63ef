package org.ntkc.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntkc.TestSpecs.program;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ntkc.TestPoints;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.Kernels;

/**
 * The reference semantics of signal and image programs (MATH.md §7) on cases small enough to check by hand, and
 * identities between networks that must give the same kernels.
 */
class SpatialInterpreterTest {
    private static final double W2 = 1.7;
    private static final double B2 = 0.3;

    private static Kernels kernels(String spec, double[][] x) {
        return new Interpreter(program(spec)).evaluate(x, x);
    }

    private static void assertClose(KernelMatrix expected, KernelMatrix actual, double tolerance) {
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                double e = expected.get(i, j);
                assertEquals(e, actual.get(i, j), tolerance * Math.max(1, Math.abs(e)), "entry " + i + ", " + j);
            }
        }
    }

    private static double[][] constantImages(int size, double... values) {
        double[][] x = new double[values.length][size];
        for (int i = 0; i < values.length; i++) {
            Arrays.fill(x[i], values[i]);
        }
        return x;
    }

    private static String sigmas() {
        return " weight_std = " + Math.sqrt(W2) + "\n bias_std = " + Math.sqrt(B2) + "\n";
    }

    @Test
    void flatteningAOneByOneImageIsTheVectorNetworkInBothParameterizations() {
        for (String param : new String[] {"ntk", "standard"}) {
            String body = sigmas() + " parameterization = " + param + "\n";
            double[][] x = TestPoints.random(5, 3, 7);
            Kernels image = kernels("network A {\n input 1 x 1 x 3\n" + body + " dense 6 -> relu\n flatten\n"
                    + " dense 4 -> erf\n dense 1\n}", x);
            Kernels vector = kernels("network A {\n input 3\n" + body + " dense 6 -> relu\n dense 4 -> erf\n"
                    + " dense 1\n}", x);
            assertClose(vector.nngp(), image.nngp(), 1e-14);
            assertClose(vector.ntk(), image.ntk(), 1e-14);
        }
    }

    @Test
    void aOneByOneConvIsDenseOnEveryPosition() {
        double[][] x = TestPoints.random(4, 4 * 4 * 2, 3);
        String tail = " global_avg_pool\n dense 1\n}";
        Kernels conv = kernels("network A {\n input 4 x 4 x 2\n" + sigmas() + " conv 5 (1) -> relu\n" + tail, x);
        Kernels dense = kernels("network A {\n input 4 x 4 x 2\n" + sigmas() + " dense 5 -> relu\n" + tail, x);
        assertClose(conv.nngp(), dense.nngp(), 0);
        assertClose(conv.ntk(), dense.ntk(), 0);
    }

    @Test
    void constantImagesThroughASameConvCountThePaddingInTheDivisor() {
        // 3 x 3 image, 3 x 3 window, same padding: along one axis, the offsets that keep both positions of a pair
        // inside the image number 2 2 1 / 2 3 2 / 1 2 2 (sum 17, diagonal 7), so after the conv
        // global_avg_pool gives w²·ab·17²/(81·9) + b² and flatten w²·ab·7²/(9·9) + b².
        double[][] x = constantImages(9, 1.5, -0.5, 0.0);
        Kernels gap = kernels("network A {\n input 3 x 3 x 1\n" + sigmas() + " conv 4 (3)\n global_avg_pool\n"
                + " dense 1 (weight_std = 1)\n}", x);
        Kernels flat = kernels("network A {\n input 3 x 3 x 1\n" + sigmas() + " conv 4 (3)\n flatten\n"
                + " dense 1 (weight_std = 1)\n}", x);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double ab = x[i][0] * x[j][0];
                double gapConv = W2 * ab * 289.0 / 729.0 + B2;
                double flatConv = W2 * ab * 49.0 / 81.0 + B2;
                assertEquals(gapConv + B2, gap.nngp().get(i, j), 1e-15);
                assertEquals(flatConv + B2, flat.nngp().get(i, j), 1e-15);
                // Θ = Σ after the conv (NTK parameterization, Θ = 0 before), then Θ + Σ after the dense layer.
                assertEquals(2 * gapConv + B2, gap.ntk().get(i, j), 1e-15);
                assertEquals(2 * flatConv + B2, flat.ntk().get(i, j), 1e-15);
            }
        }
    }

    @Test
    void circularPaddingLosesNothingAtTheBorder() {
        double[][] x = constantImages(5 * 2, 2.0, -1.0);
        Kernels k = kernels("network A {\n input 5 x 2\n" + sigmas() + " conv 3 (3, padding = circular)\n"
                + " flatten\n dense 1 (weight_std = 1)\n}", x);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double s = W2 * x[i][0] * x[j][0] + B2;
                assertEquals(s + B2, k.nngp().get(i, j), 1e-15);
            }
        }
    }

    @Test
    void stridePicksEveryOtherPosition() {
        // Signal of length 5, 2 channels, window 1, stride 2, valid: positions 0, 2, 4.
        double[][] x = TestPoints.random(3, 10, 11);
        Kernels k = kernels("network A {\n input 5 x 2\n conv 1 (1, stride = 2, padding = valid)\n flatten\n}", x);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int p : new int[] {0, 2, 4}) {
                    sum += (x[i][2 * p] * x[j][2 * p] + x[i][2 * p + 1] * x[j][2 * p + 1]) / 2;
                }
                assertEquals(sum / 3, k.nngp().get(i, j), 1e-15);
                assertEquals(sum / 3, k.ntk().get(i, j), 1e-15);
            }
        }
    }

    @Test
    void avgPoolOverTheWholeImageIsGlobalAvgPool() {
        String head = "network A {\n input 4 x 4 x 3\n" + sigmas() + " conv 3 (3) -> relu\n";
        double[][] big = TestPoints.random(4, 4 * 4 * 3, 5);
        Kernels pooled = kernels(head + " avg_pool (4)\n flatten\n dense 1\n}", big);
        Kernels global = kernels(head + " global_avg_pool\n dense 1\n}", big);
        assertClose(global.nngp(), pooled.nngp(), 1e-14);
        assertClose(global.ntk(), pooled.ntk(), 1e-14);
    }

    @Test
    void aSignalIsAnImageOfHeightOne() {
        double[][] x = TestPoints.random(4, 7 * 2, 9);
        String body = sigmas() + " parameterization = standard\n";
        Kernels signal = kernels("network A {\n input 7 x 2\n" + body + " conv 3 (3, stride = 2) -> relu\n"
                + " avg_pool (2, padding = same)\n conv 2 (2, padding = valid) -> erf\n global_avg_pool\n dense 1\n}",
                x);
        Kernels image = kernels("network A {\n input 1 x 7 x 2\n" + body + " conv 3 (1 x 3, stride = 1 x 2) -> relu\n"
                + " avg_pool (1 x 2, padding = same)\n conv 2 (1 x 2, padding = valid) -> erf\n global_avg_pool\n"
                + " dense 1\n}", x);
        assertClose(signal.nngp(), image.nngp(), 1e-14);
        assertClose(signal.ntk(), image.ntk(), 1e-14);
    }

    @Test
    void standardParameterizationAddsFanInTimesWindowTimesTheOldSigma() {
        // One conv on a constant 3-long signal, circular (no border), 2 channels: A(Σ) = ab, so
        // Σ = w²·ab + b², Θ = C_in·|k|·ab + [b > 0] = 2·3·ab + 1; then flatten.
        double[][] x = constantImages(3 * 2, 0.7, -1.1);
        Kernels k = kernels("network A {\n input 3 x 2\n parameterization = standard\n" + sigmas()
                + " conv 5 (3, padding = circular)\n flatten\n}", x);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double ab = x[i][0] * x[j][0];
                assertEquals(W2 * ab + B2, k.nngp().get(i, j), 1e-15);
                assertEquals(6 * ab + 1, k.ntk().get(i, j), 1e-14);
            }
        }
    }

    @Test
    void allZeroImagesAndDuplicatesGiveFiniteExactEntries() {
        double[][] x = TestPoints.random(3, 4 * 4, 13);
        double[][] points = {new double[16], x[0], x[1], x[0].clone(), new double[16]};
        String spec = "network A {\n input 4 x 4 x 1\n" + sigmas() + " conv 2 (3) -> relu\n avg_pool (2)\n"
                + " conv 2 (2, padding = valid) -> tanh\n flatten\n dense 1\n}";
        Interpreter interpreter = new Interpreter(program(spec));
        Kernels k = interpreter.evaluate(points, points);
        for (int i = 0; i < points.length; i++) {
            for (int j = 0; j < points.length; j++) {
                assertTrue(Double.isFinite(k.nngp().get(i, j)) && Double.isFinite(k.ntk().get(i, j)));
                assertEquals(k.nngp().get(i, j), k.nngp().get(j, i), 0.0);
            }
        }
        assertEquals(k.nngp().get(1, 1), k.nngp().get(1, 3), 0.0, "a duplicate equals the point itself");
        assertEquals(k.ntk().get(1, 1), k.ntk().get(3, 1), 0.0);
        assertEquals(k.nngp().get(0, 0), k.nngp().get(0, 4), 0.0);
        double[] pair = interpreter.pair(points[1], points[2]);
        assertEquals(k.nngp().get(1, 2), pair[0], 0.0);
        assertEquals(k.ntk().get(1, 2), pair[1], 0.0);
    }

    @Test
    void theKernelMatrixOfAPooledNetworkIsPositiveSemidefinite() {
        double[][] x = TestPoints.random(6, 5 * 5, 17);
        Kernels k = kernels("network A {\n input 5 x 5 x 1\n" + sigmas() + " conv 3 (3) -> relu\n avg_pool (2, "
                + "padding = same)\n conv 3 (3) -> relu\n global_avg_pool\n dense 1\n}", x);
        for (KernelMatrix m : new KernelMatrix[] {k.nngp(), k.ntk()}) {
            // v'Kv >= 0 for a few random v.
            for (long seed = 0; seed < 20; seed++) {
                double[] v = TestPoints.random(1, 6, seed)[0];
                double q = 0;
                for (int i = 0; i < 6; i++) {
                    for (int j = 0; j < 6; j++) {
                        q += v[i] * m.get(i, j) * v[j];
                    }
                }
                assertTrue(q >= -1e-12, "v'Kv = " + q);
            }
        }
    }
}
