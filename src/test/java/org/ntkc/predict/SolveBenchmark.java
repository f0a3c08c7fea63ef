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
 * wall-clock seconds and in CPU seconds of the calling thread (all of the work when the JVM sees one processor);
 * {@code eigen-ejml} times EJML's symmetric QR algorithm instead, the eigendecomposition ntkc used before.
 */
public final class SolveBenchmark {
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private SolveBenchmark() {
    }

    /** The eigendecomposition as ntkc did it before its own solver: EJML's symmetric QR algorithm, vectors too. */
    private static double ejmlLargest(KernelMatrix km, double shift) {
        int n = km.rows();
        DMatrixRMaj a = DMatrixRMaj.wrap(n, n, km.data().clone());
        for (int i = 0; i < n; i++) {
            a.data[i * n + i] += shift;
        }
        org.ejml.interfaces.decomposition.EigenDecomposition_F64<DMatrixRMaj> eig =
                org.ejml.dense.row.factory.DecompositionFactory_MT_DDRM.eig(n, true, true);
        if (!eig.decompose(a)) {
            throw new IllegalStateException("EJML did not converge");
        }
        double max = 0;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, eig.getEigenvalue(j).real);
            eig.getEigenVector(j);
        }
        return max;
    }

    public static void main(String[] args) throws Exception {
        Npy.Array k = Npy.read(Path.of(args[0]));
        Npy.Array y = Npy.read(Path.of(args[1]));
        double ridge = Double.parseDouble(args[2]);
        int repeats = Integer.parseInt(args[3]);
        boolean eigen = args.length > 4 && args[4].startsWith("eigen");
        boolean ejml = args.length > 4 && args[4].equals("eigen-ejml");
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
                double max = ejml ? ejmlLargest(km, ridge * KernelSystem.scale(km))
                        : SymmetricEigen.of(DMatrixRMaj.wrap(n, n, km.data()), ridge * KernelSystem.scale(km)).max();
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
                System.out.printf(Locale.ROOT, "eigen n=%d seconds=%.3f cpu=%.3f max=%.6g%n", n, s, cpu, max);
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
