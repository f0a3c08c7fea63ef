package org.ntkc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntkc.TestPoints;

/** The Monte Carlo driver: deterministic whatever the threads, and its running standard error is the textbook one. */
class MonteCarloKernelsTest {
    private static final NetworkArchitecture ARCH = FiniteNetworkTest.architecture(
            "network M {\n input 3\n bias_std = 0.2\n dense 40 -> relu\n dense 30 -> tanh\n dense 2\n}");

    @Test
    void resultsAreTheSameBitsWhateverTheThreadCount() {
        double[][] x = TestPoints.random(4, 3, 1);
        List<Integer> order = new ArrayList<>();
        MonteCarloKernels.Result one = MonteCarloKernels.run(ARCH, x, 9, 5, 1, false, null);
        MonteCarloKernels.Result three = MonteCarloKernels.run(ARCH, x, 9, 5, 3, true,
                (done, total, running) -> {
                    order.add(done);
                    assertEquals(done, running.count());
                    assertEquals(9, total);
                });
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), order, "told in sample order, once per sample");
        assertArrayEquals(one.mean().ntk().data(), three.mean().ntk().data());
        assertArrayEquals(one.mean().nngp().data(), three.mean().nngp().data());
        assertArrayEquals(one.standardError().ntk().data(), three.standardError().ntk().data());
        assertArrayEquals(one.standardError().readoutNngp().data(), three.standardError().readoutNngp().data());
        assertEquals(9, three.perSample().size());
        assertTrue(one.perSample().isEmpty());
        // Sample s is the network seeded with sampleSeed(seed, s).
        assertArrayEquals(ARCH.sample(FiniteNetwork.sampleSeed(5, 4)).empiricalNtk(x).data(),
                three.perSample().get(4).ntk().data());
    }

    @Test
    void runningMeanAndStandardErrorAreTheSampleOnes() {
        double[][] x = TestPoints.random(3, 3, 2);
        MonteCarloKernels.Result r = MonteCarloKernels.run(ARCH, x, 7, 1, 2, true, null);
        int n = 9;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (EmpiricalKernels k : r.perSample()) {
                sum += k.ntk().data()[i];
            }
            double mean = sum / 7;
            double squares = 0;
            for (EmpiricalKernels k : r.perSample()) {
                squares += (k.ntk().data()[i] - mean) * (k.ntk().data()[i] - mean);
            }
            assertEquals(mean, r.mean().ntk().data()[i], 1e-13 * Math.abs(mean));
            double se = Math.sqrt(squares / 6 / 7);
            assertEquals(se, r.standardError().ntk().data()[i], 1e-10 * se);
            assertTrue(se > 0);
        }
    }

    @Test
    void badArgumentsAndWorkerFailuresSurface() {
        double[][] x = TestPoints.random(2, 3, 3);
        assertThrows(IllegalArgumentException.class, () -> MonteCarloKernels.run(ARCH, x, 0, 1, 1, false, null));
        assertThrows(IllegalArgumentException.class, () -> MonteCarloKernels.run(ARCH, x, 2, 1, 0, false, null));
        NetworkArchitecture overflowing = FiniteNetworkTest.architecture(
                "network E {\n input 1\n dense 8 -> exp(b = 100)\n dense 1\n}");
        assertThrows(NonFiniteNetworkException.class, () -> MonteCarloKernels.run(overflowing,
                new double[][] {{300}, {-300}}, 6, 1, 2, false, null));
        RunningKernels empty = new RunningKernels(2);
        assertTrue(Double.isNaN(empty.standardError().ntk().get(0, 0)));
    }
}
