package org.ntkc.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.ntkc.Compilation;
import org.ntkc.loader.KernelLoader;
import org.ntkc.TestSpecs;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelEvaluationException;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NonFiniteKernelException;
import org.ntkc.runtime.NtkKernel;
import org.ntkc.runtime.quad.QuadratureException;

/**
 * A seeded property test over random specs and random point sets (zero rows, duplicates, exactly parallel and
 * antiparallel copies, near-parallel rows, norms from 1e-150 to 1e150): every kernel matrix is exactly symmetric,
 * has no eigenvalue below −1e-9·λ_max, is never NaN without an error, and the generated code (vector and scalar)
 * equals the interpreter within a tolerance set by the entry's scale and the activation kind. Bounded in CI by the
 * number of networks ({@code -Dntkc.property.networks=N} runs more, {@code -Dntkc.property.seed=S} another seed).
 */
class KernelPropertyTest {
    private static final int NETWORKS = Integer.getInteger("ntkc.property.networks", 28);
    private static final long SEED = Long.getLong("ntkc.property.seed", 20261203L);

    /** Closed forms that are smooth, Lipschitz in q12 near ρ = ±1 (or kinked but exact there). */
    private static final String[] CLOSED = {"relu", "leaky_relu(alpha = 0)", "leaky_relu(0.2)", "abs", "erf",
        "gelu", "identity", "sin", "rectified_monomial(2)", "erf(1.5, 0.7, 0.3)"};
    /** Closed forms whose T is not Lipschitz at ρ = ±1. */
    private static final String[] STEPS = {"sign", "rectified_monomial(0)", "relu -> sign",
        "leaky_relu(alpha = 0) -> sign"};
    private static final String[] NUMERICAL = {"tanh", "selu", "silu", "elu", "tanh -> selu", "sigmoid"};
    private static final double[] WEIGHT_STD = {1, 1.5, 3, 50};
    private static final double[] BIAS_STD = {0, 0, 0.1, 1};
    private static final double[] SCALES = {1, 1, 1e-150, 1e150, 1e-10, 1e10, 1e-100};

    /**
     * {@code jumps}: the number of steps whose T is not Lipschitz at ρ = ±1. A pair that is (anti)parallel within
     * rounding at such a step but not exactly so has an angle known only to √ε (ε the state's relative rounding),
     * and each further such step takes the square root again; {@link #tolerance} follows that bound.
     */
    private record Case(String spec, String name, boolean numerical, int jumps, double scale, int dim) {
    }

    /**
     * Generated vs interpreter, relative to √(K(x,x)·K(x',x')): closed forms 1e-11, numerical steps (series vs
     * quadrature) 1e-9 (the series certifies 1e-10 per step, which the steps after it may amplify; before the series
     * was held to its certificate at large variance, silu at 1e150 was off by 5e-4, issue 15 item 5), and
     * (4ε)^(1/2^k) after k steps with a jump (3e-8, 2e-4, 1e-2, then no bound).
     */
    private static double tolerance(Case c) {
        double t = c.numerical() ? 1e-9 : 1e-11;
        if (c.jumps() > 0) {
            t = Math.max(t, Math.pow(4 * Math.ulp(1.0), 1.0 / (1L << c.jumps())));
        }
        return c.jumps() > 3 ? Double.POSITIVE_INFINITY : t;
    }

    @Test
    void kernelsAreSymmetricPsdFiniteAndAgreeWithTheInterpreter() {
        SplittableRandom r = new SplittableRandom(SEED);
        List<Case> cases = new ArrayList<>();
        StringBuilder spec = new StringBuilder();
        for (int n = 0; n < NETWORKS; n++) {
            Case c = randomNetwork(r, "P" + n);
            cases.add(c);
            spec.append(c.spec());
        }
        Compilation compiled = TestSpecs.compile(spec.toString());
        assertTrue(compiled.succeeded(), compiled.diagnostics()::render);
        Map<String, NtkKernel> vector = KernelLoader.loadAll(compiled.programs(), "property.ntk",
                KernelOptions.defaults().withThreads(1));
        Map<String, NtkKernel> scalar = KernelLoader.loadAll(compiled.programs(), "property.ntk",
                KernelOptions.defaults().withThreads(1).withVectorize(false));
        List<String> failures = new ArrayList<>();
        int k = 0;
        for (KernelProgram p : compiled.programs()) {
            Case c = cases.get(k++);
            double[][] x = points(r, c.dim(), c.scale());
            Kernels expected;
            try {
                expected = new Interpreter(p).evaluate(x, x);
            } catch (KernelEvaluationException | ArithmeticException e) {
                expected = null;
            } catch (QuadratureException e) {
                // an error, not a number: reported by the command line (issue 14's province), never a silent value
                continue;
            } catch (RuntimeException e) {
                failures.add(c.spec().replace('\n', ' ') + " scale " + c.scale() + " interpreter: " + e);
                continue;
            }
            for (NtkKernel kernel : List.of(vector.get(p.name()), scalar.get(p.name()))) {
                String what = c.spec().replace('\n', ' ') + " scale " + c.scale() + " " + kernel.implementation();
                Kernels got;
                try {
                    got = kernel.kernels(x, x);
                } catch (NonFiniteKernelException e) {
                    got = null;
                } catch (QuadratureException e) {
                    // the exact quadrature of a diagonal or (anti)parallel entry failed: an error, which the
                    // command line explains by replaying the points on the interpreter; the interpreter must fail too
                    got = null;
                } catch (IllegalArgumentException e) {
                    // "variance must be finite": an overflow the command line reports (issue 14), not a number
                    if (!String.valueOf(e.getMessage()).contains("finite")) {
                        failures.add(what + ": " + e);
                    }
                    continue;
                } catch (RuntimeException e) {
                    failures.add(what + ": " + e);
                    continue;
                }
                if (expected == null || got == null) {
                    if (expected != got) {
                        failures.add(what + ": only " + (expected == null ? "the interpreter" : "generated code")
                                + " fails");
                    }
                    continue;
                }
                double tolerance = tolerance(c);
                check(expected.nngp(), got.nngp(), tolerance, what + " nngp", failures);
                check(expected.ntk(), got.ntk(), tolerance, what + " ntk", failures);
            }
            if (expected != null) {
                psd(expected.nngp(), c.spec() + " interpreter nngp", failures);
                psd(expected.ntk(), c.spec() + " interpreter ntk", failures);
            }
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures:\n" + String.join("\n", failures));
    }

    private static Case randomNetwork(SplittableRandom r, String name) {
        int dim = new int[] {1, 1, 2, 3, 8}[r.nextInt(5)];
        double w = WEIGHT_STD[r.nextInt(WEIGHT_STD.length)];
        double b = BIAS_STD[r.nextInt(BIAS_STD.length)];
        boolean standard = r.nextInt(3) == 0;
        int layers = 1 + r.nextInt(5);
        boolean numerical = false;
        int jumps = 0;
        StringBuilder s = new StringBuilder("network " + name + " {\n input " + dim + "\n weight_std = " + w
                + "\n bias_std = " + b + "\n" + (standard ? " parameterization = standard\n" : ""));
        for (int l = 0; l < layers; l++) {
            int kind = r.nextInt(10);
            String act;
            if (kind < 5) {
                act = CLOSED[r.nextInt(CLOSED.length)];
            } else if (kind < 7) {
                act = STEPS[r.nextInt(STEPS.length)];
                jumps++;
                numerical |= act.contains("->");
            } else {
                act = NUMERICAL[r.nextInt(NUMERICAL.length)];
                numerical = true;
            }
            s.append(" dense ").append(1 + r.nextInt(16)).append(" -> ").append(act).append('\n');
        }
        s.append(" dense 1\n}\n");
        double scale = SCALES[r.nextInt(SCALES.length)];
        return new Case(s.toString(), name, numerical, jumps, scale, dim);
    }

    /** 8 points: random, zero, duplicate, scaled and negated copies, a near-parallel copy, all times {@code scale}. */
    private static double[][] points(SplittableRandom r, int d, double scale) {
        double[][] x = new double[8][d];
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < d; k++) {
                x[i][k] = r.nextDouble(-2, 2);
            }
        }
        // x[3] stays zero
        x[4] = x[0].clone();
        for (int k = 0; k < d; k++) {
            x[5][k] = 3.7 * x[1][k];
            x[6][k] = -x[0][k];
            x[7][k] = x[2][k] + 1e-14 * r.nextDouble(-1, 1);
        }
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] *= scale;
            }
        }
        return x;
    }

    private static void check(KernelMatrix e, KernelMatrix g, double tolerance, String what, List<String> failures) {
        for (int i = 0; i < e.rows(); i++) {
            for (int j = 0; j < e.cols(); j++) {
                if (Double.doubleToLongBits(g.get(i, j)) != Double.doubleToLongBits(g.get(j, i))) {
                    failures.add(what + ": not symmetric at (" + i + ", " + j + ")");
                    return;
                }
                if (!Double.isFinite(g.get(i, j))) {
                    failures.add(what + ": " + g.get(i, j) + " at (" + i + ", " + j + ") without an error");
                    return;
                }
                double scale = Math.max(Math.abs(e.get(i, j)), Math.sqrt(Math.abs(e.get(i, i))) * Math.sqrt(Math.abs(e.get(j, j))));
                double err = Math.abs(g.get(i, j) - e.get(i, j));
                if (!(err <= tolerance * scale) && err != 0) {
                    failures.add(String.format("%s: (%d, %d) generated %s, interpreter %s (%.2e of scale)", what, i, j,
                            g.get(i, j), e.get(i, j), err / scale));
                    return;
                }
            }
        }
    }

    private static void psd(KernelMatrix k, String what, List<String> failures) {
        int n = k.rows();
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(k.get(i, i)));
        }
        if (max == 0) {
            return;
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (k.get(i, j) != k.get(j, i)) {
                    failures.add(what + ": not symmetric at (" + i + ", " + j + ")");
                    return;
                }
                m.set(i, j, k.get(i, j) / max);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(m)) {
            failures.add(what + ": eigendecomposition failed");
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = eig.getEigenvalue(i).getReal();
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (lo < -1e-9 * hi) {
            failures.add(String.format("%s: eigenvalue %.3e of lambda_max %.3e", what, lo, hi));
        }
    }
}
