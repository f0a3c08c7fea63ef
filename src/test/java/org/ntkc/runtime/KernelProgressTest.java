package org.ntkc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.ntkc.TestPoints;
import org.ntkc.examples.Relu3Kernel;

/** The driver's progress hook and the matrix-free diagonals. */
class KernelProgressTest {
    @Test
    void progressCountsEveryStoredEntryOnceAndEndsAtTheTotal() {
        // Sizes that are not multiples of any tile size; the expected totals are counts of matrix entries, which
        // know nothing of the driver's tiling: n·m, or n(n+1)/2 on and above the diagonal of a symmetric matrix.
        double[][] x = TestPoints.random(300, 784, 5);
        double[][] y = TestPoints.random(70, 784, 6);
        for (int threads : new int[] {1, 3}) {
            for (boolean same : new boolean[] {true, false}) {
                Set<Long> seen = ConcurrentHashMap.newKeySet();
                AtomicInteger calls = new AtomicInteger();
                AtomicLong total = new AtomicLong(-1);
                AtomicInteger finals = new AtomicInteger();
                KernelProgress listener = (done, all) -> {
                    calls.incrementAndGet();
                    seen.add(done);
                    total.set(all);
                    if (done == all) {
                        finals.incrementAndGet();
                    }
                };
                NtkKernel k = new Relu3Kernel(new KernelOptions(threads, true, listener));
                k.ntk(x, same ? x : y);
                long expected = same ? 300L * 301 / 2 : 300L * 70;
                String where = "threads " + threads + ", same " + same;
                assertEquals(expected, total.get(), where);
                assertEquals(expected, seen.stream().mapToLong(Long::longValue).max().orElse(-1), where);
                assertEquals(calls.get(), seen.size(), "each call reports a new count: " + where);
                assertTrue(calls.get() > 1, "several calls as the work goes: " + where);
                assertEquals(1, finals.get(), "done reaches total exactly once: " + where);
            }
        }
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
