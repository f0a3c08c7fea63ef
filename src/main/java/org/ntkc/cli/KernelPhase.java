package org.ntkc.cli;

import java.util.Locale;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.quad.NonFiniteIntegrandException;
import org.ntkc.runtime.quad.QuadratureException;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.KernelProgress;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NonFiniteKernelException;
import org.ntkc.runtime.NtkKernel;

/**
 * The kernel phase of {@code fit} and {@code demo}: the training kernel K(X, X) and the test kernel K(X*, X), with one
 * progress bar over both, and non-finite entries explained by the interpreter.
 */
final class KernelPhase {
    /** Which kernels to compute. */
    enum Want { NTK, NNGP, BOTH }

    /** The train × train and test × train kernels, and the seconds they took. */
    record Result(Kernels train, Kernels test, double seconds) {
    }

    private KernelPhase() {
    }

    static Result run(NtkKernel kernel, KernelProgram program, Want want, double[][] train, double[][] test,
                      Progress.Sink sink) {
        double n = train.length;
        double m = test.length;
        double share = n * (n + 1) / 2 / (n * (n + 1) / 2 + m * n); // the driver computes half of K(X, X)
        long units = 1_000_000;
        long start = System.nanoTime();
        Kernels a;
        Kernels b;
        try (Progress bar = sink.start(label(want, train.length, test.length), units)) {
            NtkKernel first = kernel.withOptions(kernel.options().withProgress(fraction(bar, 0, share, units)));
            a = compute(first, want, train, train, program);
            NtkKernel second = kernel.withOptions(kernel.options().withProgress(fraction(bar, share, 1 - share, units)));
            b = compute(second, want, test, train, program);
        }
        return new Result(a, b, (System.nanoTime() - start) / 1e9);
    }

    private static KernelProgress fraction(Progress bar, double offset, double share, long units) {
        return (done, total) -> bar.update(Math.round((offset + share * done / (double) total) * units));
    }

    private static Kernels compute(NtkKernel kernel, Want want, double[][] x1, double[][] x2, KernelProgram program) {
        try {
            return switch (want) {
                case NTK -> new Kernels(null, kernel.ntk(x1, x2));
                case NNGP -> new Kernels(kernel.nngp(x1, x2), null);
                case BOTH -> kernel.kernels(x1, x2);
            };
        } catch (NonFiniteKernelException e) {
            throw CompiledKernels.explain(e, program, x1, x2);
        } catch (NonFiniteIntegrandException | QuadratureException | IllegalArgumentException e) {
            throw CompiledKernels.explainFailure(e, program, x1, x2);
        }
    }

    static String label(Want want, int n, int m) {
        String which = switch (want) {
            case NTK -> "NTK";
            case NNGP -> "NNGP kernel";
            case BOTH -> "NTK and NNGP kernel";
        };
        return String.format(Locale.ROOT, "%s, %d x %d (train) + %d x %d (test)", which, n, n, m, n);
    }

    /** Bytes of the kernel matrices this phase allocates. */
    static long bytes(Want want, long n, long m) {
        return (want == Want.BOTH ? 2 : 1) * 8 * (n * n + m * n);
    }

    static KernelMatrix pick(Kernels k, boolean ntk) {
        return ntk ? k.ntk() : k.nngp();
    }
}
