package org.ntkc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntkc.TestPoints;
import org.ntkc.TestSpecs;
import org.ntkc.empirical.InterpretedNetworks;
import org.ntkc.ir.KernelProgram;

/**
 * The fast empirical NTK (batched backpropagation, layer-wise Gram contraction) against a brute-force oracle: the full
 * Jacobian of every output with respect to every parameter by forward-mode differentiation, one parameter at a time,
 * written independently below, and Θ̂ = J·Jᵀ.
 */
class FiniteNetworkTest {
    /** Tiny networks covering every path: both parameterizations, consecutive dense layers, activations first/last. */
    static final List<String> TINY = List.of(
            // ReLU, NTK parameterization, biases, three outputs
            "network A {\n input 3\n bias_std = 0.3\n dense 5 -> relu\n dense 4 -> relu\n dense 3\n}",
            // erf, standard parameterization, two dense layers in a row, a layer without bias
            "network B {\n input 2\n weight_std = 1.5\n bias_std = 0.2\n parameterization = standard\n"
                    + " dense 6 -> erf(b = 2)\n dense 4 (bias_std = 0)\n dense 3\n dense 2\n}",
            // an activation on the raw input, composed activations, ending in an activation
            "network C {\n input 4\n tanh\n dense 5 -> sigmoid -> gelu\n dense 2 -> tanh\n}",
            // a custom activation with a kink, standard parameterization without biases
            "activation softsquare(x) = max(x, 0) + 0.5 * min(x, 0) ^ 2\n"
                    + "network D {\n input 3\n parameterization = standard\n dense 7 -> softsquare\n dense 5 -> "
                    + "softsquare\n dense 2\n}",
            // residual blocks (nested, one around an activation's output) and layer_norm, whose Jacobian has the
            // mean and variance projection
            "network E {\n input 3\n bias_std = 0.2\n dense 6\n residual (scale = 0.7) { layer_norm; tanh;"
                    + " dense 6; residual (scale = 1.3) { relu; dense 6 } ; dense 6 }\n layer_norm\n"
                    + " dense 5 -> erf\n residual { dense 5 }\n dense 2\n}",
            "network F {\n input 2\n parameterization = standard\n bias_std = 0.1\n dense 4\n"
                    + " residual (scale = 0.5) { gelu; dense 4 }\n layer_norm\n dense 3\n}");

    static NetworkArchitecture architecture(String spec) {
        KernelProgram p = TestSpecs.program(spec);
        return InterpretedNetworks.architecture(p, "test.ntk");
    }

    @Test
    void fastEmpiricalNtkEqualsTheBruteForceJacobianContraction() {
        for (String spec : TINY) {
            NetworkArchitecture arch = architecture(spec);
            double[][] x = TestPoints.random(5, arch.inputDim(), 11);
            x[3] = x[1].clone();
            FiniteNetwork net = arch.sample(42);
            double[][][] jacobians = new double[x.length][][];
            for (int i = 0; i < x.length; i++) {
                jacobians[i] = Oracle.jacobian(net, x[i]);
            }
            int nL = arch.outputWidth();
            KernelMatrix block = net.empiricalNtkBlock(x);
            KernelMatrix traced = net.empiricalNtk(x);
            double scale = 0;
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x.length; j++) {
                    double trace = 0;
                    for (int a = 0; a < nL; a++) {
                        for (int b = 0; b < nL; b++) {
                            double expected = Oracle.dot(jacobians[i][a], jacobians[j][b]);
                            scale = Math.max(scale, Math.abs(expected));
                            assertEquals(expected, block.get(i * nL + a, j * nL + b), 1e-10 * Math.max(1, scale),
                                    arch.name() + " block (" + i + "," + a + "),(" + j + "," + b + ")");
                            if (a == b) {
                                trace += expected;
                            }
                        }
                    }
                    assertEquals(trace / nL, traced.get(i, j), 1e-10 * Math.max(1, scale), arch.name());
                }
            }
            assertEquals(arch.parameterCount(), jacobians[0][0].length, arch.name() + " counts every parameter");
        }
    }

    @Test
    void forwardPassAndNngpMatchThePlainNetwork() {
        for (String spec : TINY) {
            NetworkArchitecture arch = architecture(spec);
            double[][] x = TestPoints.awkward(arch.inputDim(), 5);
            FiniteNetwork net = arch.sample(7);
            double[][] f = net.forward(x);
            EmpiricalKernels k = net.kernels(x);
            int nL = arch.outputWidth();
            for (int i = 0; i < x.length; i++) {
                double[] expected = Oracle.forward(net, x[i], -1, -1, -1);
                assertArrayEquals(expected, f[i], 1e-12, arch.name());
            }
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x.length; j++) {
                    assertEquals(Oracle.dot(f[i], f[j]) / nL, k.nngp().get(i, j), 1e-12, arch.name());
                }
            }
        }
    }

    @Test
    void readoutNngpIsTheExpectationOverTheLastLayer() {
        // E over the readout layer's draws of f(x)·f(x') given the hidden layers, estimated by redrawing only that
        // layer many times: agrees with c_w²·a·a' + c_b² within Monte Carlo error.
        NetworkArchitecture arch = architecture(TINY.get(0));
        double[][] x = TestPoints.random(3, 3, 2);
        FiniteNetwork net = arch.sample(3);
        KernelMatrix readout = net.kernels(x).readoutNngp();
        double[][] hidden = Oracle.hiddenFeatures(net, x);
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        int draws = 20000;
        double[] sum = new double[9];
        double cw = 1.0 / Math.sqrt(4);
        double cb = 0.3;
        for (int s = 0; s < draws; s++) {
            double[] w = new double[4];
            for (int k = 0; k < 4; k++) {
                w[k] = r.nextGaussian();
            }
            double b = r.nextGaussian();
            double[] f = new double[3];
            for (int i = 0; i < 3; i++) {
                f[i] = cw * Oracle.dot(w, hidden[i]) + cb * b;
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    sum[i * 3 + j] += f[i] * f[j];
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double scale = Math.sqrt(readout.get(i, i) * readout.get(j, j));
                assertEquals(readout.get(i, j), sum[i * 3 + j] / draws, 0.05 * scale);
            }
        }
    }

    @Test
    void sameSeedSameNetworkAndDifferentSeedsDiffer() {
        NetworkArchitecture arch = architecture(TINY.get(1));
        double[][] x = TestPoints.random(4, 2, 1);
        assertArrayEquals(arch.sample(5).empiricalNtk(x).data(), arch.sample(5).empiricalNtk(x).data());
        assertNotEquals(arch.sample(5).empiricalNtk(x).get(0, 1), arch.sample(6).empiricalNtk(x).get(0, 1));
        FiniteNetwork reused = arch.sample(1);
        reused.redraw(5);
        assertArrayEquals(arch.sample(5).weightDraws(0), reused.weightDraws(0));
        assertNotEquals(FiniteNetwork.sampleSeed(0, 0), FiniteNetwork.sampleSeed(0, 1));
        assertNotEquals(FiniteNetwork.sampleSeed(0, 1), FiniteNetwork.sampleSeed(1, 0));
    }

    @Test
    void largeProductsMatchPlainLoops() {
        // Sizes that exercise the unrolled and the tail loops and several panels of the packed weights.
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        int rows = 67;
        int inner = 301;
        int p = 7;
        double[] w = new double[rows * inner];
        double[] in = new double[inner * p];
        for (double[] a : List.of(w, in)) {
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextGaussian();
            }
        }
        double[] columns = new double[inner * rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < inner; j++) {
                columns[j * rows + i] = w[i * inner + j];
            }
        }
        double[] out = new double[rows * p];
        FiniteNetwork.multiply(PackedPoints.ofRowMajor(columns, inner, rows), in, p, out);
        for (int i = 0; i < rows; i++) {
            for (int q = 0; q < p; q++) {
                double s = 0;
                for (int j = 0; j < inner; j++) {
                    s += w[i * inner + j] * in[j * p + q];
                }
                assertEquals(s, out[i * p + q], 1e-12);
            }
        }
        double[] g = FiniteNetwork.gram(w, rows, 9);
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                double s = 0;
                for (int k = 0; k < rows; k++) {
                    s += w[k * 9 + i] * w[k * 9 + j];
                }
                assertEquals(s, g[i * 9 + j], 1e-12);
            }
        }
    }

    @Test
    void drawsAreRowMajorWhateverTheLayout() {
        // The packed storage is an implementation detail: W[i][j] is the (i·n_in + j)-th draw of the layer.
        NetworkArchitecture arch = architecture("network P {\n input 40\n dense 3 -> relu\n dense 1\n}");
        FiniteNetwork net = arch.sample(8);
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        double[] w = net.weightDraws(0);
        for (int i = 0; i < w.length; i++) {
            assertEquals(r.nextGaussian(), w[i]);
        }
        double[] b = net.biasDraws(0);
        for (double v : b) {
            assertEquals(r.nextGaussian(), v);
        }
        assertEquals(r.nextGaussian(), net.weightDraws(1)[0]);
    }

    @Test
    void architectureChecksAndResizes() {
        NetworkArchitecture arch = architecture(TINY.get(1));
        assertEquals(List.of(6, 4, 3, 2), arch.widths());
        assertEquals(2 * 6 + 6 + 6 * 4 + 4 * 3 + 3 + 3 * 2 + 2, arch.parameterCount(), "no bias where σ_b = 0");
        NetworkArchitecture wide = arch.withHiddenWidths(50);
        assertEquals(List.of(50, 50, 50, 2), wide.widths());
        assertEquals(50, ((NetworkArchitecture.Dense) wide.layers().get(2)).inWidth());
        assertThrows(IllegalArgumentException.class, () -> arch.withWidths(List.of(6, 4, 3, 5)));
        assertThrows(IllegalArgumentException.class, () -> arch.withWidths(List.of(6, 2)));
        assertThrows(IllegalArgumentException.class, () -> arch.sample(1).forward(new double[][] {{1, 2, 3}}));
        assertTrue(arch.toString().contains("standard"));
    }

    @Test
    void overflowIsReportedWithTheLayer() {
        NetworkArchitecture arch = architecture("network E {\n input 1\n dense 3 -> exp(b = 100)\n dense 1\n}");
        NonFiniteNetworkException e = assertThrows(NonFiniteNetworkException.class,
                () -> arch.sample(1).kernels(new double[][] {{300}, {-300}}));
        assertTrue(e.getMessage().contains("exp") && e.getMessage().contains("test.ntk:3"), e.getMessage());
    }

    /**
     * The plain network, one point at a time, with forward-mode differentiation along one parameter: an
     * implementation independent of the fast path (it reads only the architecture and the raw draws).
     */
    static final class Oracle {
        private Oracle() {
        }

        static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
            return s;
        }

        /** ∂f_a(x)/∂θ for every output a and parameter θ (dense layers in order: weights row-major, then biases). */
        static double[][] jacobian(FiniteNetwork net, double[] x) {
            NetworkArchitecture arch = net.architecture();
            int nL = arch.outputWidth();
            java.util.List<double[]> columns = new java.util.ArrayList<>();
            int k = 0;
            for (NetworkArchitecture.Layer l : arch.allLayers()) {
                if (l instanceof NetworkArchitecture.Dense d) {
                    for (int e = 0; e < d.width() * d.inWidth(); e++) {
                        columns.add(tangent(net, x, k, 0, e));
                    }
                    boolean biasIsParameter = arch.parameterization() == Parameterization.NTK
                            || d.biasStd() > 0;
                    for (int e = 0; biasIsParameter && e < d.width(); e++) {
                        columns.add(tangent(net, x, k, 1, e));
                    }
                    k++;
                }
            }
            double[][] j = new double[nL][columns.size()];
            for (int p = 0; p < columns.size(); p++) {
                for (int a = 0; a < nL; a++) {
                    j[a][p] = columns.get(p)[a];
                }
            }
            return j;
        }

        private static double[] tangent(FiniteNetwork net, double[] x, int layer, int kind, int element) {
            return forward(net, x, layer, kind, element);
        }

        /**
         * f(x), or when {@code layer} ≥ 0 the derivative of f(x) along parameter {@code element} of dense layer
         * {@code layer} ({@code kind} 0: weight, 1: bias), in the parameterization's own parameters.
         */
        static double[] forward(FiniteNetwork net, double[] x, int layer, int kind, int element) {
            NetworkArchitecture arch = net.architecture();
            boolean ntk = arch.parameterization() == Parameterization.NTK;
            double[][] hd = run(net, arch.layers(), x.clone(), new double[x.length], new int[1], layer, kind, element,
                    ntk);
            return layer < 0 ? hd[0] : hd[1];
        }

        /** The layers' output and its tangent, from h and dh; k[0] counts the dense layers passed. */
        private static double[][] run(FiniteNetwork net, List<NetworkArchitecture.Layer> layers, double[] h,
                                      double[] dh, int[] k, int layer, int kind, int element, boolean ntk) {
            for (NetworkArchitecture.Layer l : layers) {
                if (l instanceof NetworkArchitecture.Residual r) {
                    double[][] f = run(net, r.body(), h, dh, k, layer, kind, element, ntk);
                    double[] y = new double[h.length];
                    double[] dy = new double[h.length];
                    for (int i = 0; i < h.length; i++) {
                        y[i] = h[i] + r.scale() * f[0][i];
                        dy[i] = dh[i] + r.scale() * f[1][i];
                    }
                    h = y;
                    dh = dy;
                    continue;
                }
                if (l instanceof NetworkArchitecture.LayerNorm) {
                    int n = h.length;
                    double m = 0;
                    double dm = 0;
                    for (int i = 0; i < n; i++) {
                        m += h[i] / n;
                        dm += dh[i] / n;
                    }
                    double v = 0;
                    double dv = 0;
                    for (int i = 0; i < n; i++) {
                        v += (h[i] - m) * (h[i] - m) / n;
                        dv += 2 * (h[i] - m) * (dh[i] - dm) / n;
                    }
                    double sd = Math.sqrt(v);
                    double dsd = dv / (2 * sd);
                    double[] y = new double[n];
                    double[] dy = new double[n];
                    for (int i = 0; i < n; i++) {
                        y[i] = (h[i] - m) / sd;
                        dy[i] = (dh[i] - dm) / sd - (h[i] - m) * dsd / (sd * sd);
                    }
                    h = y;
                    dh = dy;
                    continue;
                }
                if (l instanceof NetworkArchitecture.Dense d) {
                    double[] w = net.weightDraws(k[0]);
                    double[] b = net.biasDraws(k[0]);
                    double cw = d.weightStd() / Math.sqrt(d.inWidth());
                    double cb = d.biasStd();
                    double[] z = new double[d.width()];
                    double[] dz = new double[d.width()];
                    for (int i = 0; i < d.width(); i++) {
                        double s = 0;
                        double ds = 0;
                        for (int j = 0; j < d.inWidth(); j++) {
                            s += cw * w[i * d.inWidth() + j] * h[j];
                            ds += cw * w[i * d.inWidth() + j] * dh[j];
                        }
                        z[i] = s + cb * b[i];
                        dz[i] = ds;
                    }
                    if (k[0] == layer) {
                        if (kind == 0) {
                            int i = element / d.inWidth();
                            int j = element % d.inWidth();
                            dz[i] += (ntk ? cw : 1.0) * h[j];
                        } else {
                            dz[element] += ntk ? cb : 1.0;
                        }
                    }
                    h = z;
                    dh = dz;
                    k[0]++;
                } else {
                    ActivationFunction f = ((NetworkArchitecture.Activation) l).function();
                    double[] a = new double[h.length];
                    double[] da = new double[h.length];
                    for (int i = 0; i < h.length; i++) {
                        a[i] = f.phi(h[i]);
                        da[i] = f.derivative(h[i]) * dh[i];
                    }
                    h = a;
                    dh = da;
                }
            }
            return new double[][] {h, dh};
        }

        /** The input of the last dense layer of a network ending in one, per point. */
        static double[][] hiddenFeatures(FiniteNetwork net, double[][] x) {
            NetworkArchitecture arch = net.architecture();
            List<NetworkArchitecture.Layer> layers = arch.layers();
            double[][] out = new double[x.length][];
            for (int p = 0; p < x.length; p++) {
                double[] h = x[p].clone();
                int k = 0;
                for (int l = 0; l < layers.size() - 1; l++) {
                    if (layers.get(l) instanceof NetworkArchitecture.Dense d) {
                        double[] w = net.weightDraws(k);
                        double[] b = net.biasDraws(k);
                        double cw = d.weightStd() / Math.sqrt(d.inWidth());
                        double[] z = new double[d.width()];
                        for (int i = 0; i < d.width(); i++) {
                            double s = 0;
                            for (int j = 0; j < d.inWidth(); j++) {
                                s += cw * w[i * d.inWidth() + j] * h[j];
                            }
                            z[i] = s + d.biasStd() * b[i];
                        }
                        h = z;
                        k++;
                    } else {
                        ActivationFunction f = ((NetworkArchitecture.Activation) layers.get(l)).function();
                        for (int i = 0; i < h.length; i++) {
                            h[i] = f.phi(h[i]);
                        }
                    }
                }
                out[p] = h;
            }
            return out;
        }
    }
}
