package org.ntkc.empirical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntkc.TestSpecs;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.MonteCarloKernels;
import org.ntkc.runtime.NetworkArchitecture;

/**
 * Wide finite networks average to the analytic kernels: for several architectures, the Monte Carlo mean of networks
 * 1024 wide agrees with the interpreter entry by entry within four standard errors (its own estimate) plus a floor
 * far below them. A wrong gradient factor, activation derivative or scaling moves entries by many standard errors.
 */
class MonteCarloAgreementTest {
    private static final int WIDTH = 1024;
    private static final int SAMPLES = 24;

    private static void agrees(String spec, long seed) {
        KernelProgram declared = TestSpecs.program(spec);
        NetworkArchitecture arch = InterpretedNetworks.architecture(declared, "test.ntk").withHiddenWidths(WIDTH);
        KernelProgram program = declared.withWidths(arch.widths());
        double[][] x = ConvergenceStudy.spherePoints(5, program.inputDim(), seed);
        x[4] = x[0].clone(); // a duplicated point: its entries equal the diagonal's
        Kernels analytic = new Interpreter(program).evaluate(x, x);
        MonteCarloKernels.Result mc = MonteCarloKernels.run(arch, x, SAMPLES, seed, 2, false, null);
        check(program.name() + " NTK", mc.mean().ntk(), mc.standardError().ntk(), analytic.ntk());
        check(program.name() + " NNGP", mc.mean().readoutNngp(), mc.standardError().readoutNngp(), analytic.nngp());
    }

    private static void check(String what, KernelMatrix mean, KernelMatrix se, KernelMatrix analytic) {
        double worst = 0;
        for (int i = 0; i < mean.rows(); i++) {
            for (int j = 0; j < mean.cols(); j++) {
                double floor = 1e-9 * Math.sqrt(Math.abs(analytic.get(i, i) * analytic.get(j, j)));
                double diff = Math.abs(mean.get(i, j) - analytic.get(i, j));
                assertTrue(se.get(i, j) > 0, what);
                // The standard error is small: the test is sharp (a few percent of the kernel at most).
                assertTrue(se.get(i, j) < 0.05 * Math.abs(analytic.get(i, i)), what + " se " + se.get(i, j));
                assertTrue(diff <= 4 * se.get(i, j) + floor, what + " entry (" + i + ", " + j + "): mean "
                        + mean.get(i, j) + ", analytic " + analytic.get(i, j) + ", se " + se.get(i, j));
                worst = Math.max(worst, diff / se.get(i, j));
            }
        }
        System.out.printf("%s: largest |mean - analytic| / se = %.2f%n", what, worst);
    }

    @Test
    void reluNetworks() {
        agrees("network R {\n input 6\n bias_std = 0.1\n dense 8 -> relu\n dense 8 -> relu\n dense 2\n}", 1);
    }

    @Test
    void erfNetworks() {
        agrees("network E {\n input 6\n weight_std = 1.3\n bias_std = 0.2\n dense 8 -> erf\n dense 8 -> erf\n"
                + " dense 1\n}", 2);
    }

    @Test
    void tanhNetworksIntegratedNumerically() {
        agrees("network T {\n input 6\n bias_std = 0.1\n dense 8 -> tanh\n dense 8 -> tanh\n dense 1\n}", 3);
    }

    @Test
    void customActivationWithAKink() {
        agrees("activation softsquare(x) = max(x, 0) + 0.5 * min(x, 0) ^ 2\n"
                + "network C {\n input 6\n bias_std = 0.1\n dense 8 -> softsquare\n dense 8 -> softsquare\n"
                + " dense 1\n}", 4);
    }

    @Test
    void standardParameterizationAtItsOwnWidths() {
        agrees("network S {\n input 6\n weight_std = 1.4\n bias_std = 0.1\n parameterization = standard\n"
                + " dense 8 -> relu\n dense 8 -> gelu\n dense 2\n}", 5);
    }

    @Test
    void aWrongKernelIsRejected() {
        // The same comparison against the NTK of another architecture (erf instead of relu) fails by far.
        KernelProgram relu = TestSpecs.program("network R {\n input 6\n dense 8 -> relu\n dense 1\n}");
        KernelProgram erf = TestSpecs.program("network R {\n input 6\n dense 8 -> erf\n dense 1\n}");
        double[][] x = ConvergenceStudy.spherePoints(4, 6, 9);
        MonteCarloKernels.Result mc = MonteCarloKernels.run(
                InterpretedNetworks.architecture(relu, "r.ntk").withHiddenWidths(WIDTH), x, SAMPLES, 9, 2, false,
                null);
        KernelMatrix other = new Interpreter(erf).evaluate(x, x).ntk();
        double diff = Math.abs(mc.mean().ntk().get(0, 1) - other.get(0, 1));
        assertTrue(diff > 4 * mc.standardError().ntk().get(0, 1), "diff " + diff);
        assertEquals(4, mc.mean().ntk().rows());
    }
}
