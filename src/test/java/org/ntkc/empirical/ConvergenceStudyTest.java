package org.ntkc.empirical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntkc.TestSpecs;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.KernelMatrix;

/** The convergence study: errors fall like n^(−1/2) for ReLU and erf networks, and its statistics are the right ones. */
class ConvergenceStudyTest {
    private static ConvergenceStudy.Result study(String spec, long seed) {
        KernelProgram program = TestSpecs.program(spec);
        double[][] x = ConvergenceStudy.spherePoints(5, program.inputDim(), seed);
        List<Integer> progress = new ArrayList<>();
        ConvergenceStudy.Result r = ConvergenceStudy.run(program, InterpretedNetworks.architecture(program, "t.ntk"),
                x, new ConvergenceStudy.Settings(List.of(32, 128, 512), 24, seed, 2,
                        ConvergenceStudy.NngpEstimate.READOUT), new ConvergenceStudy.Progress() {
                    @Override
                    public void sample(int width, int done, int total, double runningNtkError) {
                        assertTrue(runningNtkError > 0 && runningNtkError < 1, "running error " + runningNtkError);
                    }

                    @Override
                    public void widthDone(ConvergenceStudy.WidthResult result) {
                        progress.add(result.width());
                    }
                });
        assertEquals(List.of(32, 128, 512), progress);
        for (ConvergenceStudy.WidthResult row : r.rows()) {
            System.out.printf("%s width %d: one network %.4f ± %.4f, mean %.4f ± %.4f, nngp %.4f, in band %d/%d%n",
                    program.name(), row.width(), row.singleNtkError(), row.singleNtkErrorSe(), row.ntkError(),
                    row.ntkErrorSe(), row.singleNngpError(), row.ntkInBand(), row.entries());
            assertEquals(15, row.entries());
            // The mean of 24 networks is closer than one network.
            assertTrue(row.ntkError() < row.singleNtkError());
        }
        System.out.printf("%s: slope_ntk %.3f slope_nngp %.3f%n", program.name(), r.slopeNtk(), r.slopeNngp());
        return r;
    }

    @Test
    void reluErrorFallsLikeTheInverseSquareRootOfTheWidth() {
        ConvergenceStudy.Result r = study("network R {\n input 8\n bias_std = 0.1\n dense 1 -> relu\n"
                + " dense 1 -> relu\n dense 2\n}", 3);
        assertTrue(r.slopeNtk() >= -0.65 && r.slopeNtk() <= -0.35, "slope " + r.slopeNtk());
        assertTrue(r.slopeNngp() >= -0.65 && r.slopeNngp() <= -0.35, "slope " + r.slopeNngp());
    }

    @Test
    void erfErrorFallsLikeTheInverseSquareRootOfTheWidth() {
        ConvergenceStudy.Result r = study("network E {\n input 8\n bias_std = 0.1\n dense 1 -> erf\n"
                + " dense 1 -> erf\n dense 2\n}", 4);
        assertTrue(r.slopeNtk() >= -0.65 && r.slopeNtk() <= -0.35, "slope " + r.slopeNtk());
        assertTrue(r.slopeNngp() >= -0.65 && r.slopeNngp() <= -0.35, "slope " + r.slopeNngp());
    }

    @Test
    void slopeOfAnExactPowerLaw() {
        double[] x = {Math.log(10), Math.log(100), Math.log(1000)};
        double[] y = new double[3];
        for (int i = 0; i < 3; i++) {
            y[i] = Math.log(3.0) - 0.5 * x[i];
        }
        assertEquals(-0.5, ConvergenceStudy.slope(x, y), 1e-12);
        assertTrue(Double.isNaN(ConvergenceStudy.slope(new double[] {1}, new double[] {1})));
    }

    @Test
    void jackknifeOfALinearErrorIsTheStandardErrorOfTheMean() {
        // 1 x 1 kernels all above the reference: the relative error is linear in the mean, and the jackknife gives
        // exactly sd / sqrt(S) / reference.
        double reference = 2.0;
        double[] values = {2.5, 2.7, 2.2, 3.1, 2.9};
        List<KernelMatrix> samples = new ArrayList<>();
        double mean = 0;
        for (double v : values) {
            KernelMatrix m = new KernelMatrix(1, 1);
            m.set(0, 0, v);
            samples.add(m);
            mean += v / values.length;
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        KernelMatrix ref = new KernelMatrix(1, 1);
        ref.set(0, 0, reference);
        double[] e = ConvergenceStudy.jackknife(samples, ref);
        assertEquals((mean - reference) / reference, e[0], 1e-14);
        assertEquals(Math.sqrt(squares / (values.length - 1) / values.length) / reference, e[1], 1e-14);
    }

    @Test
    void spherePointsAndSettings() {
        double[][] x = ConvergenceStudy.spherePoints(6, 10, 1);
        for (double[] p : x) {
            double n = 0;
            for (double v : p) {
                n += v * v;
            }
            assertEquals(10, n, 1e-12);
        }
        assertEquals(x[3][2], ConvergenceStudy.spherePoints(6, 10, 1)[3][2]);
        assertThrows(IllegalArgumentException.class, () -> new ConvergenceStudy.Settings(List.of(8), 1, 0, 1,
                ConvergenceStudy.NngpEstimate.READOUT));
        assertThrows(IllegalArgumentException.class, () -> new ConvergenceStudy.Settings(List.of(0), 4, 0, 1,
                ConvergenceStudy.NngpEstimate.READOUT));
        KernelProgram shallow = TestSpecs.program("network A {\n input 2\n dense 3\n}");
        assertThrows(IllegalArgumentException.class, () -> ConvergenceStudy.run(shallow,
                InterpretedNetworks.architecture(shallow, "a.ntk"), x.length == 0 ? null : new double[][] {{1, 2}},
                new ConvergenceStudy.Settings(List.of(8), 4, 0, 1, ConvergenceStudy.NngpEstimate.READOUT), null));
    }
}
