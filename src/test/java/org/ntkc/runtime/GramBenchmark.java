package org.ntkc.runtime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Times {@link Gram#tile} over a full N × N product X·Xᵀ, for the scalar and the best implementation, on one and
 * on two threads, and prints GFLOP/s counting 2·N²·d flops (the best of REPEATS runs after an untimed one). The
 * product is cut into square blocks as a kernel evaluator would (a symmetric caller computes only the blocks on
 * and above the diagonal; here all are timed). Not a unit test:
 *
 * <pre>
 * mvn -q test-compile
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes \
 *     org.ntkc.runtime.GramBenchmark N D [BLOCK [REPEATS]]
 * </pre>
 *
 * <p>To compare with numpy, note that {@code x @ x.T} is computed by BLAS syrk, which does only half the flops;
 * {@code x @ y.T} with {@code y = x.copy()} does the full product, as here.
 */
public final class GramBenchmark {
    private GramBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: GramBenchmark N D [BLOCK [REPEATS]]   (BLOCK defaults to 256, REPEATS to 3)");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        int d = Integer.parseInt(args[1]);
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.printf("java %s, %s; N = %d, d = %d, blocks of %d%n",
                System.getProperty("java.version"), VectorSupport.describe(), n, d, block);
        double[][] x = randomPoints(n, d, new Random(1));
        double[] out = new double[n * n];
        for (Gram gram : List.of(Gram.scalar(), Gram.best())) {
            warmUp(gram);
            PackedPoints packed = gram.pack(x);
            for (int threads = 1; threads <= 2; threads++) {
                product(gram, packed, out, block, threads); // first full run: JIT and caches settle
                double best = Double.MAX_VALUE;
                for (int rep = 0; rep < repeats; rep++) {
                    long start = System.nanoTime();
                    product(gram, packed, out, block, threads);
                    best = Math.min(best, (System.nanoTime() - start) * 1e-9);
                }
                double gflops = 2.0 * n * n * d / best * 1e-9;
                System.out.printf("%-18s %d thread%s  %8.3f s  %6.1f GFLOP/s%s%n",
                        gram.name(), threads, threads == 1 ? " " : "s", best, gflops,
                        threads == 1 ? String.format("  (%d bytes allocated per product)",
                                allocation(gram, packed, out, block)) : "");
            }
            if (out[(n - 1) * n] != Gram.dot(x[n - 1], x[0]) || out[n * n - 1] != Gram.dot(x[n - 1], x[n - 1])) {
                throw new AssertionError(gram.name() + ": the product differs from Gram.dot");
            }
        }
    }

    /** Runs every tile shape on small, lane-unaligned sizes first, so C2 compiles each kernel with its edges seen. */
    private static void warmUp(Gram gram) {
        Random random = new Random(2);
        for (int n : new int[] {5, 13, 37, 70}) {
            PackedPoints p = gram.pack(randomPoints(n, 19, random));
            double[] out = new double[n * n];
            for (int rep = 0; rep < 2000; rep++) {
                gram.tile(p, 0, n, p, 0, n, out, 0, n);
            }
        }
    }

    /** Bytes this thread allocates in one single-threaded product: about 0 unless vector values are boxed. */
    private static long allocation(Gram gram, PackedPoints x, double[] out, int block) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        rows(gram, x, out, block, 0, 1);
        return bean.getCurrentThreadAllocatedBytes() - before;
    }

    /** X·Xᵀ in block × block tiles, rows of tiles dealt round-robin to the threads. */
    private static void product(Gram gram, PackedPoints x, double[] out, int block, int threads) throws Exception {
        if (threads == 1) {
            rows(gram, x, out, block, 0, 1);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> rows(gram, x, out, block, first, threads)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Rows of tiles number first, first + stride, ... */
    private static void rows(Gram gram, PackedPoints x, double[] out, int block, int first, int stride) {
        int n = x.count();
        for (int i = first * block; i < n; i += stride * block) {
            int rows = Math.min(block, n - i);
            for (int j = 0; j < n; j += block) {
                gram.tile(x, i, rows, x, j, Math.min(block, n - j), out, i * n + j, n);
            }
        }
    }

    private static double[][] randomPoints(int n, int d, Random random) {
        double[][] x = new double[n][d];
        for (double[] p : x) {
            for (int k = 0; k < d; k++) {
                p[k] = random.nextGaussian();
            }
        }
        return x;
    }
}
