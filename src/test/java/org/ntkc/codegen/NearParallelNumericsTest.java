package org.ntkc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.ntkc.Compilation;
import org.ntkc.loader.KernelLoader;
import org.ntkc.TestSpecs;
import org.ntkc.diag.SourceFile;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelEvaluationException;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NonFiniteKernelException;
import org.ntkc.runtime.NtkKernel;

/**
 * Issue 15 items 1–4 and issue 14's "Numbers": exactly (anti)parallel inputs through steps that are not Lipschitz at
 * ρ = ±1, near-parallel points at large σ_w, tiny and huge input scales, and identical rows. Every check compares
 * with an independent value: an exact value, homogeneity K(s·X) = s²·K(X), the linear limit of tanh, Cauchy–Schwarz
 * and the spectrum, or the same entry for an identical row.
 */
class NearParallelNumericsTest {

    /** The interpreter, generated vector code and generated scalar code, in that order. */
    private static List<Kernels> all(String spec, double[][] x) {
        KernelProgram p = TestSpecs.program(spec);
        List<Kernels> out = new ArrayList<>();
        out.add(new Interpreter(p).evaluate(x, x));
        out.add(KernelLoader.load(p, "test.ntk", KernelOptions.defaults()).kernels(x, x));
        out.add(KernelLoader.load(p, "test.ntk", KernelOptions.defaults().withVectorize(false)).kernels(x, x));
        return out;
    }

    private static double[][] random(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = r.nextDouble(-2, 2);
            }
        }
        return x;
    }

    @Test
    void signOfOneDimensionalInputsIsExactlyPlusOrMinusTheVariance() {
        // 1-D inputs are all exactly parallel or antiparallel: θ is exactly 0 or π and every entry exactly ±2.25
        // (it was -2.2499999841893765 for some pairs: one ulp of q12 became 1e-8 through the angle).
        String spec = "network S {\n input 1\n weight_std = 1.5\n dense 1 -> sign\n dense 1\n}\n";
        double[][] x = random(60, 1, 7);
        for (Kernels k : all(spec, x)) {
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x.length; j++) {
                    double expected = Math.signum(x[i][0]) * Math.signum(x[j][0]) * 2.25;
                    assertEquals(expected, k.nngp().get(i, j), 0.0, "entry (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void exactlyParallelInputsStayParallelThroughReluThenSign() {
        // Issue 15 item 1: without bias, sign(relu(z)) of parallel inputs is the same for both points: every NNGP
        // entry is E[sign(relu(z))²]·σ_w² = 0.5 exactly (ntkc gave 0.468 for K(0, 1)).
        String spec = "network S { input 1; repeat 5 { dense 8 -> relu -> sign }; dense 1 }\n";
        double[][] x = {{0.1257}, {0.3616}, {0.1257 * (1 + 1e-15)}};
        for (Kernels k : all(spec, x)) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(0.5, k.nngp().get(i, j), 2e-16, "entry (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void leakyReluWithoutSlopeThenSignIsPsdOnRandomInputs() {
        // Issue 15 item 1: random 1-D inputs gave an eigenvalue of -0.13·λ_max. Here 1-D inputs are (anti)parallel,
        // so same-sign pairs are exactly 0.5 (E[sign(relu(z))²]); the spectrum is checked too.
        String spec = "network S { input 1; repeat 4 { dense 8 -> leaky_relu(alpha = 0) -> sign }; dense 1 }\n";
        double[][] x = random(24, 1, 11);
        for (Kernels k : all(spec, x)) {
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x.length; j++) {
                    assertTrue(Double.isFinite(k.nngp().get(i, j)));
                    if (x[i][0] * x[j][0] > 0) {
                        assertEquals(0.5, k.nngp().get(i, j), 2e-16, "entry (" + i + ", " + j + ")");
                    }
                }
            }
            assertPsd(k.nngp(), "nngp");
            assertPsd(k.ntk(), "ntk");
        }
    }

    @Test
    void deepSignEluChainAtLargeWeightsIsPsd() {
        String spec = "network S { input 3\n weight_std = 50\n repeat 12 { dense 1 -> sign -> elu }\n dense 1 }\n";
        double[][] x = random(10, 3, 5);
        x[3] = x[0].clone();
        for (int k = 0; k < 3; k++) {
            x[4][k] = -2 * x[1][k];
        }
        List<Kernels> ks = all(spec, x);
        for (Kernels k : ks) {
            assertPsd(k.nngp(), "nngp");
            assertPsd(k.ntk(), "ntk");
        }
    }

    @Test
    void nearParallelErfAtLargeWeightsKeepsCauchySchwarzAndAgrees() {
        // Issue 15 item 2: erf, weight_std = 50, 5 layers, a row equal to another plus 1e-14 noise.
        String spec = "network S { input 8\n weight_std = 50\n repeat 5 { dense 16 -> erf }\n dense 1 }\n";
        double[][] x = random(8, 8, 3);
        SplittableRandom r = new SplittableRandom(4);
        for (int k = 0; k < 8; k++) {
            x[5][k] = x[2][k] + 1e-14 * r.nextDouble(-1, 1);
            x[6][k] = x[1][k] * 3.0;
        }
        List<Kernels> ks = all(spec, x);
        for (Kernels k : ks) {
            for (KernelMatrix m : new KernelMatrix[] {k.nngp(), k.ntk()}) {
                for (int i = 0; i < x.length; i++) {
                    for (int j = 0; j < x.length; j++) {
                        double bound = Math.sqrt(m.get(i, i) * m.get(j, j));
                        assertTrue(Math.abs(m.get(i, j)) <= bound * (1 + 4e-16), "Cauchy-Schwarz at (" + i + ", "
                                + j + "): " + m.get(i, j) + " > " + bound + " (" + m.get(i, i) + ", " + m.get(j, j)
                                + ") path " + ks.indexOf(k));
                    }
                }
                assertPsd(m, "erf");
            }
            assertClose(ks.get(0), k, 1e-11);
        }
    }

    @Test
    void reluKernelsAreHomogeneousAtEveryScale() {
        // Issue 15 items 2 and 3: K(s·X) = s²·K(X) for a ReLU network without bias, near-parallel rows included;
        // at s = 1e-100 off-diagonal entries used to become 0 (q1·q2 underflowed), at 1e±10 near ρ = 1 6e-9 was lost.
        String spec = "network S { input 8\n repeat 3 { dense 16 -> relu }\n dense 1 }\n";
        double[][] x = random(8, 8, 9);
        SplittableRandom r = new SplittableRandom(10);
        for (int k = 0; k < 8; k++) {
            x[5][k] = x[2][k] + 1e-9 * r.nextDouble(-1, 1);
            x[6][k] = x[1][k] * 1e-3;
            x[7][k] = x[0][k] + 1e-14 * r.nextDouble(-1, 1);
        }
        List<Kernels> reference = all(spec, x);
        for (double s : new double[] {1e-150, 1e-100, 1e-80, 1e-10, 1e10, 1e100, 1e150}) {
            double[][] y = new double[x.length][8];
            for (int i = 0; i < x.length; i++) {
                for (int k = 0; k < 8; k++) {
                    y[i][k] = s * x[i][k];
                }
            }
            List<Kernels> scaled = all(spec, y);
            for (int v = 0; v < 3; v++) {
                KernelMatrix a = reference.get(v).nngp();
                KernelMatrix b = scaled.get(v).nngp();
                KernelMatrix ta = reference.get(v).ntk();
                KernelMatrix tb = scaled.get(v).ntk();
                for (int i = 0; i < x.length; i++) {
                    for (int j = 0; j < x.length; j++) {
                        double scale = Math.sqrt(a.get(i, i) * a.get(j, j));
                        assertEquals(a.get(i, j), b.get(i, j) / s / s, 1e-13 * scale,
                                "s = " + s + ", path " + v + ", nngp (" + i + ", " + j + ")");
                        double tscale = Math.sqrt(ta.get(i, i) * ta.get(j, j));
                        assertEquals(ta.get(i, j), tb.get(i, j) / s / s, 1e-13 * tscale,
                                "s = " + s + ", path " + v + ", ntk (" + i + ", " + j + ")");
                    }
                }
            }
        }
    }

    @Test
    void tanhAtTinyInputsIsLinearInTheInterpreterToo() {
        // Issue 15 item 4: at inputs ×1e-150 tanh is the identity to 1e-300, so NNGP = x·y/n0 and NTK = 4·x·y/n0
        // (four dense layers); the interpreter was 4.5× off (q1·q2 underflowed in the quadrature).
        String spec = "network S { input 4\n repeat 3 { dense 16 -> tanh }\n dense 1 }\n";
        double[][] x = random(6, 4, 12);
        for (double[] row : x) {
            for (int k = 0; k < 4; k++) {
                row[k] *= 1e-150;
            }
        }
        for (Kernels k : all(spec, x)) {
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x.length; j++) {
                    double dot = 0;
                    for (int c = 0; c < 4; c++) {
                        dot += x[i][c] * x[j][c];
                    }
                    double scale = Math.sqrt(k.nngp().get(i, i)) * Math.sqrt(k.nngp().get(j, j));
                    assertEquals(dot / 4, k.nngp().get(i, j), 1e-12 * scale, "nngp (" + i + ", " + j + ")");
                    assertEquals(dot, k.ntk().get(i, j), 4e-12 * scale, "ntk (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void pointsTooSmallForDoublePrecisionAreAnErrorNotAZeroPoint() {
        String spec = "network S { input 2\n repeat 2 { dense 16 -> relu }\n dense 1 }\n";
        double[][] x = {{1e-200, 2e-200}, {1, 1}};
        KernelProgram p = TestSpecs.program(spec);
        assertThrows(KernelEvaluationException.class, () -> new Interpreter(p).evaluate(x, x));
        NtkKernel k = KernelLoader.load(p, "test.ntk", KernelOptions.defaults());
        NonFiniteKernelException e = assertThrows(NonFiniteKernelException.class, () -> k.kernels(x, x));
        assertTrue(e.getMessage().contains("point 1 is too small"), e.getMessage());
    }

    @Test
    void identicalRowsGiveBitIdenticalEntriesOnErf3() throws Exception {
        // Issue 14: K(1, 2) != K(1, 0) where row 2 == row 0; the vector formula was not symmetric in the two points.
        Compilation c = org.ntkc.NtkCompiler.compile(new SourceFile("smooth.ntk",
                Files.readString(Path.of("examples/smooth.ntk"))));
        assertTrue(c.succeeded(), c.diagnostics()::render);
        double[][] x = random(40, 16, 21);
        int[] copies = {0, 7, 9, 17, 31, 38};
        x[2] = x[0].clone();
        for (int i = 1; i < copies.length; i++) {
            x[copies[i]] = x[copies[0] + 1].clone();
        }
        for (KernelProgram p : c.programs()) {
            for (KernelOptions o : new KernelOptions[] {KernelOptions.defaults(),
                    KernelOptions.defaults().withVectorize(false)}) {
                Kernels k = KernelLoader.load(p, "smooth.ntk", o).kernels(x, x);
                for (KernelMatrix m : new KernelMatrix[] {k.nngp(), k.ntk()}) {
                    for (int i = 0; i < x.length; i++) {
                        assertEquals(m.get(i, 0), m.get(i, 2), 0.0, p.name() + " row " + i);
                        for (int t = 2; t < copies.length; t++) {
                            assertEquals(m.get(i, copies[1]), m.get(i, copies[t]), 0.0, p.name() + " row " + i);
                        }
                    }
                }
            }
        }
    }

    private static void assertClose(Kernels expected, Kernels got, double tolerance) {
        KernelMatrix[][] pairs = {{expected.nngp(), got.nngp()}, {expected.ntk(), got.ntk()}};
        for (KernelMatrix[] p : pairs) {
            for (int i = 0; i < p[0].rows(); i++) {
                for (int j = 0; j < p[0].cols(); j++) {
                    double scale = Math.sqrt(p[0].get(i, i) * p[0].get(j, j));
                    assertEquals(p[0].get(i, j), p[1].get(i, j), tolerance * scale, "(" + i + ", " + j + ")");
                }
            }
        }
    }

    static void assertPsd(KernelMatrix k, String what) {
        int n = k.rows();
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(k.get(i, i)));
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(k.get(i, j), k.get(j, i), 0.0, what + " symmetric");
                m.set(i, j, k.get(i, j) / max);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        assertTrue(eig.decompose(m));
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, eig.getEigenvalue(i).getReal());
            hi = Math.max(hi, eig.getEigenvalue(i).getReal());
        }
        assertTrue(lo >= -1e-9 * hi, what + ": eigenvalue " + lo + " of lambda_max " + hi);
    }
}
