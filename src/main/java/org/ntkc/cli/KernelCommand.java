package org.ntkc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ntkc.Compilation;
import org.ntkc.data.CsvMatrix;
import org.ntkc.data.DataFormatException;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelProgram;
import org.ntkc.math.quad.NonFiniteIntegrandException;
import org.ntkc.math.quad.QuadratureException;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NonFiniteKernelException;
import org.ntkc.runtime.NtkKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ntkc kernel SPEC --x1 A.csv}: the kernel matrix between the rows of two CSV files. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = {"Compute the kernel matrix K(A, B) of a network: entry (i, j) is the kernel of row i of A and "
                + "row j of B (B defaults to A).",
                "The full kernel over the network's n_L outputs is K (x) I_{n_L}; this prints the scalar factor K."})
final class KernelCommand implements Callable<Integer> {
    /** Which kernel to print. */
    enum Kind { ntk, nngp }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SPEC.ntk", description = "The spec file.")
    private Path file;

    @Option(names = "--x1", required = true, paramLabel = "A.csv",
            description = "Points, one per row, comma-separated, no header; exactly `input` numbers per row.")
    private Path x1File;

    @Option(names = "--x2", paramLabel = "B.csv", description = "Second set of points (default: the same as --x1).")
    private Path x2File;

    @Option(names = "--kind", paramLabel = "ntk|nngp", defaultValue = "ntk",
            description = "ntk (the neural tangent kernel, default) or nngp (the NNGP kernel).")
    private Kind kind;

    @Option(names = "--network", paramLabel = "NAME", description = "Which network, when the spec declares several.")
    private String network;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.csv",
            description = "Write the matrix here (default: standard output).")
    private Path output;

    @Option(names = "--interpret",
            description = "Evaluate with the IR interpreter (the reference semantics) instead of generated code.")
    private boolean interpret;

    @Option(names = "--threads", paramLabel = "T", description = "Threads to use (default: all processors).")
    private Integer threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Compilation compilation = Specs.compile(file, spec.commandLine().getErr());
        KernelProgram program = Specs.select(compilation, file, network);
        double[][] a = readPoints(x1File, program);
        double[][] b = x2File == null ? a : readPoints(x2File, program);
        long entries = (long) a.length * b.length;
        if (entries > Integer.MAX_VALUE - 8) {
            throw new CliException(CliException.BAD_INPUT, String.format(java.util.Locale.ROOT, "a %d x %d kernel "
                    + "matrix has %d entries, more than one Java array holds (2^31 - 1); split --x1 into blocks of "
                    + "rows and run once per block", a.length, b.length, entries));
        }
        Memory.check("the " + a.length + " x " + b.length + " kernel matrix", 8 * entries * (interpret ? 2 : 1),
                "split --x1 into blocks of rows and run once per block (for regression, ntkc fit --nystrom M never "
                        + "forms the whole matrix)");
        KernelMatrix m;
        if (interpret) {
            Kernels kernels = new Interpreter(program).evaluate(a, b);
            m = kind == Kind.ntk ? kernels.ntk() : kernels.nngp();
        } else {
            NtkKernel kernel = CompiledKernels.load(program, file, threads);
            try {
                m = kind == Kind.ntk ? kernel.ntk(a, b) : kernel.nngp(a, b);
            } catch (NonFiniteKernelException e) {
                throw CompiledKernels.explain(e, program, a, b);
            } catch (NonFiniteIntegrandException | QuadratureException | IllegalArgumentException e) {
                throw CompiledKernels.explainFailure(e, program, a, b);
            }
        }
        if (output == null) {
            CsvMatrix.write(m, out);
        } else {
            CsvMatrix.writeAtomically(m, output);
        }
        return 0;
    }

    /** Points from a CSV file, checked against the network's input dimension. */
    static double[][] readPoints(Path path, KernelProgram program) {
        double[][] points;
        try {
            points = CsvMatrix.read(path);
        } catch (NoSuchFileException e) {
            throw new CliException(CliException.USAGE, "cannot read '" + path + "': no such file");
        } catch (IOException e) {
            throw new CliException(CliException.BAD_INPUT, "cannot read '" + path + "': " + e.getMessage());
        } catch (DataFormatException e) {
            throw new CliException(CliException.BAD_INPUT, e.describe());
        }
        if (points[0].length != program.inputDim()) {
            throw new CliException(CliException.BAD_INPUT, path + ": points have " + points[0].length
                    + (points[0].length == 1 ? " value" : " values") + " per row, but network " + program.name()
                    + " takes input " + program.inputDim());
        }
        return points;
    }
}
