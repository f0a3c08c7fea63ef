package org.ntkc.linalg;

import java.util.Locale;
import java.util.Random;

/**
 * The phases of {@link SymmetricEigensolver} timed one by one (not a test): {@code java --add-modules
 * jdk.incubator.vector -cp target/classes:target/test-classes org.ntkc.linalg.EigenBenchmark 2000 2 3}
 * (order, threads, repetitions; then "cpu" for thread CPU time, then "check" for the residual and orthogonality of
 * the first decomposition) on an RBF kernel matrix of Gaussian points in 64 dimensions plus 1e-3·I.
 */
public final class EigenBenchmark {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory
            .getThreadMXBean();
    private static boolean cpuClock;

    private EigenBenchmark() {
    }

    /** Wall-clock nanoseconds, or this thread's CPU time with a fourth argument "cpu" (one thread only). */
    private static long now() {
        return cpuClock ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** max |A·V − V·Λ| / ‖A‖_max and max |VᵀV − I|, in plain dot products over the columns of V. */
    private static void check(double[] k, int n, SymmetricEigensolver.Decomposition dec) {
        double[] vt = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                vt[j * n + i] = dec.vectors()[i * n + j];
            }
        }
        Reflections h = Reflections.best();
        double norm = 0;
        for (double x : k) {
            norm = Math.max(norm, Math.abs(x));
        }
        double residual = 0;
        double orthogonality = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double s = h.dot(k, i * n, vt, j * n, n);
                residual = Math.max(residual, Math.abs(s - dec.values()[j] * vt[j * n + i]));
            }
            for (int l = 0; l <= j; l++) {
                orthogonality = Math.max(orthogonality, Math.abs(h.dot(vt, j * n, vt, l * n, n) - (l == j ? 1 : 0)));
            }
        }
        System.out.printf(Locale.ROOT, "check: max|AV - VL|/max|A| = %.2e, max|VtV - I| = %.2e, "
                + "eigenvalues %.6e .. %.6e%n", residual / norm, orthogonality, dec.values()[0],
                dec.values()[n - 1]);
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        cpuClock = args.length > 3 && args[3].equals("cpu");
        Random r = new Random(1);
        int dim = 64;
        double[] x = new double[n * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int d = 0; d < dim; d++) {
                    double t = x[i * dim + d] - x[j * dim + d];
                    s += t * t;
                }
                double v = Math.exp(-s / (2 * dim)) + (i == j ? 1e-3 : 0);
                k[i * n + j] = v;
                k[j * n + i] = v;
            }
        }
        for (int rep = 0; rep < repeats; rep++) {
            double[] a = k.clone();
            long t0 = now();
            Tridiagonalization t = Tridiagonalization.reduce(a, n, threads);
            long t1 = now();
            double[] values = t.diagonal;
            double[] z = TridiagonalEigen.solve(values, t.offDiagonal, n, threads);
            long t2 = now();
            Panels packed = new Panels(n, n);
            for (int e = 0; e < n; e++) {
                int at = packed.offset(e, 0);
                for (int i = 0, c = e * n; i < n; i++, at += Panels.W) {
                    packed.data[at] = z[c + i];
                }
            }
            Panels copy = new Panels(n, n);
            System.arraycopy(packed.data, 0, copy.data, 0, packed.data.length);
            long t25 = now();
            t.backTransform(packed, threads);
            long t3 = now();
            t.backTransform(copy, Panels.W, threads);
            long t35 = now();
            System.out.printf(Locale.ROOT, "back-transform in blocks of %d: %.3f, of %d: %.3f%n",
                    Tridiagonalization.BACK, (t3 - t25) / 1e9, Panels.W, (t35 - t3) / 1e9);
            t3 = now();
            SymmetricEigensolver.Decomposition dec = SymmetricEigensolver.decompose(k.clone(), n, threads);
            long t4 = now();
            if (rep == 0 && args.length > 4 && args[4].equals("check")) {
                check(k, n, dec);
            }
            System.out.printf(Locale.ROOT, "n=%d threads=%d tridiagonal=%.3f divide-and-conquer=%.3f "
                    + "back-transform=%.3f whole=%.3f%n", n, threads, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    (t3 - t2) / 1e9, (t4 - t3) / 1e9);
        }
    }
}
