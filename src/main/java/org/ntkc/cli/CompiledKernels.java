package org.ntkc.cli;

import java.nio.file.Path;
import org.ntkc.loader.KernelLoader;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelEvaluationException;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.quad.NonFiniteIntegrandException;
import org.ntkc.runtime.quad.QuadratureException;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.NonFiniteKernelException;
import org.ntkc.runtime.NtkKernel;

/** Generated kernels for the commands: compiled in memory, and failures explained in the user's terms. */
final class CompiledKernels {
    private CompiledKernels() {
    }

    static NtkKernel load(KernelProgram program, Path spec, Integer threads) {
        KernelOptions options = KernelOptions.defaults();
        if (threads != null) {
            ThreadsOption.check(threads);
            options = options.withThreads(threads);
        }
        return KernelLoader.load(program, spec.toString(), options);
    }

    /**
     * A non-finite entry from generated code names only the points; the interpreter replays that pair and says which
     * step, on which spec line, produced it.
     */
    static CliException explain(NonFiniteKernelException e, KernelProgram program, double[][] x1, double[][] x2) {
        try {
            new Interpreter(program).pair(x1[e.row()], x2[e.column()], e.row(), e.column());
        } catch (KernelEvaluationException detailed) {
            return new CliException(CliException.BAD_INPUT, detailed.getMessage());
        }
        return new CliException(CliException.BAD_INPUT, e.getMessage());
    }

    /**
     * A failure inside generated code that the input causes (an integrand that is not finite, a quadrature that does
     * not converge, a variance that overflowed at an earlier step): the interpreter replays the points, each with
     * itself first and then pairs for up to a few seconds, to name the step, its spec line and the points. A failure
     * the interpreter does not reproduce is rethrown when it may be a bug (an IllegalArgumentException); a
     * quadrature failure is the input's fault either way.
     */
    static RuntimeException explainFailure(RuntimeException e, KernelProgram program, double[][] x1, double[][] x2) {
        Interpreter interpreter = new Interpreter(program);
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            for (int i = 0; i < x1.length; i++) {
                interpreter.pair(x1[i], x1[i], i, i);
            }
            for (int j = 0; j < x2.length && x2 != x1; j++) {
                interpreter.pair(x2[j], x2[j], j, j);
            }
            for (int i = 0; i < x1.length && System.nanoTime() < deadline; i++) {
                for (int j = 0; j < x2.length && System.nanoTime() < deadline; j++) {
                    interpreter.pair(x1[i], x2[j], i, j);
                }
            }
        } catch (KernelEvaluationException detailed) {
            return new CliException(CliException.BAD_INPUT, detailed.getMessage());
        } catch (RuntimeException other) {
            return e;
        }
        if (e instanceof NonFiniteIntegrandException || e instanceof QuadratureException) {
            return new CliException(CliException.BAD_INPUT, "the kernel cannot be computed: " + e.getMessage());
        }
        return e;
    }
}
