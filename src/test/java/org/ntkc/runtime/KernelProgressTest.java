package org.ntkc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.ntkc.TestPoints;
import org.ntkc.examples.Relu3Kernel;

/** The driver's progress hook and the matrix-free diagonals. */
class KernelProgressTest {
    @Test
    void progressCountsEveryComputedEntryOnceAndEndsAtTheTotal() {
        double[][] x = TestPoints.random(300, 784, 5);
        double[][] y = TestPoints.random(70, 784, 6);
        for (int threads : new int[] {1, 3}) {
            for (boolean same : new boolean[] {true, false}) {
                AtomicLong max = new AtomicLong();
                AtomicLong total = new AtomicLong(-1);
                AtomicInteger finals = new AtomicInteger();
                KernelProgress listener = (done, all) -> {
                    max.accumulateAndGet(done, Math::max);
                    total.set(all);
                    if (done == all) {
                        finals.incrementAndGet();
                    }
                };
                NtkKernel k = new Relu3Kernel(new KernelOptions(threads, true, listener));
                k.ntk(x, same ? x : y);
                // Symmetric: the 32 x 256 tiles on or above the diagonal; otherwise every entry.
                long expected = same ? symmetricTileEntries(300) : 300L * 70;
                assertEquals(expected, total.get(), "threads " + threads + ", same " + same);
                assertEquals(expected, max.get());
                assertEquals(1, finals.get(), "done reaches total exactly once");
            }
        }
    }

    private static long symmetricTileEntries(int n) {
        long sum = 0;
        for (int i0 = 0; i0 < n; i0 += CompiledKernel.TILE_ROWS) {
            for (int j0 = 0; j0 < n; j0 += CompiledKernel.TILE_COLS) {
                if (j0 + CompiledKernel.TILE_COLS > i0) {
                    sum += (long) Math.min(CompiledKernel.TILE_ROWS, n - i0) * Math.min(CompiledKernel.TILE_COLS,
                            n - j0);
                }
            }
        }
        return sum;
    }

    @Test
    void optionsWithoutAListenerReportNothingAndKeepTheirOtherSettings() {
        KernelOptions o = new KernelOptions(2, false);
        assertEquals(KernelProgress.NONE, o.progress());
        KernelProgress p = (done, total) -> { };
        KernelOptions q = o.withProgress(p).withThreads(3).withVectorize(true);
        assertEquals(p, q.progress());
        assertEquals(3, q.threads());
        assertTrue(q.vectorize());
    }

    @Test
    void diagonalsEqualTheMatrixDiagonals() {
        double[][] x = TestPoints.awkward(784, 9);
        NtkKernel k = new Relu3Kernel();
        Kernels full = k.kernels(x, x);
        double[][] d = k.diagonals(x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(full.nngp().get(i, i), d[0][i], 0.0, "nngp " + i);
            assertEquals(full.ntk().get(i, i), d[1][i], 0.0, "ntk " + i);
            double[] pair = k.pair(x[i], x[i]);
            assertEquals(pair[1], d[1][i], 0.0);
        }
    }
}
