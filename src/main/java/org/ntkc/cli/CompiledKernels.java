package org.ntkc.cli;

import java.nio.file.Path;
import org.ntkc.loader.KernelLoader;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelEvaluationException;
import org.ntkc.ir.KernelProgram;
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
            if (threads < 1) {
                throw new CliException(CliException.USAGE, "--threads must be at least 1, got " + threads);
            }
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
}
