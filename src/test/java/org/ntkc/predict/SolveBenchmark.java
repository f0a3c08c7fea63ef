package org.ntkc.predict;

import java.nio.file.Path;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ntkc.data.Npy;
import org.ntkc.runtime.KernelMatrix;

/**
 * Times the exact solve of {@code fit} (not a test; run by {@code scripts/bench_solve.py}): {@code java -cp
 * target/ntkc-cli.jar:target/test-classes org.ntkc.predict.SolveBenchmark K.npy Y.npy RIDGE REPEATS [eigen]}.
 * Prints one line per repetition: the seconds of {@link KernelSystem#solve} (Cholesky with its residual check) and,
 * with {@code eigen}, of the eigendecomposition that a finite {@code --time} needs ({@link SymmetricEigen#of}), in
 * wall-clock seconds and in CPU seconds of the calling thread (all of the work when the JVM sees one processor).
 */
public final class SolveBenchmark {
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private SolveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Npy.Array k = Npy.read(Path.of(args[0]));
        Npy.Array y = Npy.read(Path.of(args[1]));
        double ridge = Double.parseDouble(args[2]);
        int repeats = Integer.parseInt(args[3]);
        boolean eigen = args.length > 4 && args[4].equals("eigen");
        int n = (int) k.shape()[0];
        int c = y.dimensions() == 1 ? 1 : (int) y.shape()[1];
        KernelMatrix km = new KernelMatrix(n, n);
        System.arraycopy(k.data(), 0, km.data(), 0, n * n);
        DMatrixRMaj targets = new DMatrixRMaj(n, c);
        System.arraycopy(y.data(), 0, targets.data, 0, n * c);
        for (int r = 0; r < repeats; r++) {
            if (eigen) {
                long c0 = CPU.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                SymmetricEigen e = SymmetricEigen.of(DMatrixRMaj.wrap(n, n, km.data()), ridge * KernelSystem.scale(km));
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
                System.out.printf(Locale.ROOT, "eigen n=%d seconds=%.3f cpu=%.3f max=%.6g%n", n, s, cpu, e.max());
            } else {
                long c0 = CPU.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                KernelSystem sys = KernelSystem.solve(km, targets, ridge);
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
                System.out.printf(Locale.ROOT, "solve n=%d seconds=%.3f cpu=%.3f method=%s residual=%.3g alpha00=%.17g%n", n,
                        s, cpu, sys.report().method(), sys.report().residual(), sys.alpha().get(0, 0));
            }
        }
    }
}
