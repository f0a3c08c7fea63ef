package org.ntkc.linalg;

import java.util.Random;
import org.ntkc.runtime.Gram;

/**
 * Timings of the dense kernels at a given order (not a test): {@code java --add-modules jdk.incubator.vector -cp
 * target/classes:target/test-classes org.ntkc.linalg.LinalgBenchmark 4000 2}.
 */
public final class LinalgBenchmark {
    private LinalgBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        Random r = new Random(1);
        int d = 2 * n;
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        System.out.println("gram: " + Gram.best().name() + ", n = " + n + ", threads = " + threads);
        for (int rep = 0; rep < 2; rep++) {
            double[] a = new double[n * n];
            long t0 = System.nanoTime();
            Dense.addTransposeProduct(transpose(x, n, d), d, n, a, threads);
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                a[i * n + i] += d;
            }
            LowerTriangular l = LowerTriangular.cholesky(a, n, threads).pack();
            long t2 = System.nanoTime();
            double[] ltl = l.transposeTimesSelf(threads);
            long t3 = System.nanoTime();
            double[][] b = new double[10][n];
            for (double[] v : b) {
                for (int i = 0; i < n; i++) {
                    v[i] = r.nextGaussian();
                }
            }
            double[][] y = null;
            for (int rep2 = 0; rep2 < 5; rep2++) {
                t3 = System.nanoTime();
                y = l.solveTransposed(l.solve(b, threads), threads);
            }
            long t4 = System.nanoTime();
            SymmetricMatrix s = SymmetricMatrix.ofLower(ltl, n);
            long t5 = System.nanoTime();
            s.times(y, threads);
            long t6 = System.nanoTime();
            double nn = n;
            System.out.printf("AtA (inner %d) %.2fs %.1f GFLOP/s | cholesky %.2fs %.1f GFLOP/s | LtL %.2fs %.1f GFLOP/s"
                    + " | 2 solves x10 %.3fs %.1f GFLOP/s | pack sym %.2fs | sym x10 %.3fs%n",
                    d, (t1 - t0) * 1e-9, nn * nn * d / (t1 - t0), (t2 - t1) * 1e-9, nn * nn * nn / 3 / (t2 - t1),
                    (t3 - t2) * 1e-9, nn * nn * nn / 3 / (t3 - t2), (t4 - t3) * 1e-9, 2 * 10 * nn * nn / (t4 - t3),
                    (t5 - t4) * 1e-9, (t6 - t5) * 1e-9);
        }
    }

    private static double[] transpose(double[] x, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }
}
