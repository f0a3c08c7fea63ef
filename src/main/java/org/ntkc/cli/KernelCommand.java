package org.ntkc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ntkc.Compilation;
import org.ntkc.data.CsvMatrix;
import org.ntkc.data.LabeledCsv;
import org.ntkc.data.Npy;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelEvaluationException;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.quad.NonFiniteIntegrandException;
import org.ntkc.runtime.quad.QuadratureException;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.KernelProgress;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NonFiniteKernelException;
import org.ntkc.runtime.NtkKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            description = "Points, one per row: CSV (comma-separated, exactly `input` numbers per row) or NumPy "
                    + "(A.npy, or A.npz:NAME for one array of an archive; 2-D, float64 or float32).")
    private Path x1File;

    @Option(names = "--x2", paramLabel = "B.csv", description = "Second set of points (default: the same as --x1).")
    private Path x2File;

    @Option(names = "--kind", paramLabel = "ntk|nngp", defaultValue = "ntk",
            description = "ntk (the neural tangent kernel, default) or nngp (the NNGP kernel).")
    private Kind kind;

    @Mixin
    private NetworkOption network;

    @Option(names = "--header", paramLabel = "auto|yes|no", defaultValue = "auto",
            description = "Whether the CSV files start with a header row (auto, default: when no field of the first "
                    + "row is a number).")
    private FitCommand.HeaderChoice header;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.csv",
            description = "Write the matrix here (default: standard output): CSV, or float64 NumPy when the name ends "
                    + "in .npy (computed and written in blocks of rows, so it may exceed memory and 2^31 entries).")
    private Path output;

    @Option(names = "--block-rows", paramLabel = "R",
            description = "With .npy output: rows per block (default: as many as fit in 256 MB and a quarter of the "
                    + "free heap; for K(A, A) a multiple of 256).")
    private Integer blockRows;

    @Option(names = "--interpret",
            description = "Evaluate with the IR interpreter (the reference semantics) instead of generated code.")
    private boolean interpret;

    @Mixin
    private ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (output != null) {
            Outputs.checkFile(output);
        }
        Compilation compilation = Specs.compile(file, spec.commandLine().getErr());
        KernelProgram program = Specs.select(compilation, file, network.name());
        if (interpret) {
            Specs.checkInterpreterMemory(program, Runtime.getRuntime().availableProcessors());
        }
        LabeledCsv.Header h = LabeledCsv.Header.valueOf(header.name().toUpperCase(Locale.ROOT));
        double[][] a = readPoints(x1File, program, h);
        double[][] b = x2File == null ? a : readPoints(x2File, program, h);
        if (output != null && Npy.isNpyOutput(output)) {
            NtkKernel kernel = interpret ? null : CompiledKernels.load(program, file, threads.value());
            writeNpy(program, kernel, a, b, output, blockRows, spec.commandLine().getErr());
            return 0;
        }
        long entries = (long) a.length * b.length;
        if (entries > Integer.MAX_VALUE - 8) {
            throw new CliException(CliException.BAD_INPUT, String.format(java.util.Locale.ROOT, "a %d x %d kernel "
                    + "matrix has %d entries, more than one Java array holds (2^31 - 1); write it as NumPy "
                    + "(-o K.npy), which is computed and written in blocks of rows, or split --x1 into blocks of "
                    + "rows and run once per block", a.length, b.length, entries));
        }
        Memory.check("the " + a.length + " x " + b.length + " kernel matrix", 8 * entries * (interpret ? 2 : 1),
                "write it as NumPy (-o K.npy: computed and written in blocks of rows), or split --x1 into blocks of "
                        + "rows and run once per block (for regression, ntkc fit --nystrom M never forms the whole "
                        + "matrix)");
        KernelMatrix m;
        if (interpret) {
            Interpreter interpreter = new Interpreter(program);
            InterpreterEstimate.announce(interpreter, program, a, b, Runtime.getRuntime().availableProcessors(),
                    spec.commandLine().getErr());
            Kernels kernels = interpreter.evaluate(a, b);
            m = kind == Kind.ntk ? kernels.ntk() : kernels.nngp();
        } else {
            NtkKernel kernel = CompiledKernels.load(program, file, threads.value());
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
            try {
                CsvMatrix.writeAtomically(m, output);
            } catch (IOException e) {
                throw Outputs.cannotWrite(output, e);
            }
        }
        return 0;
    }

    /**
     * Symmetric blocks start at multiples of this (the generated code's tile width; --block-rows is rounded up to
     * it), so that every entry sits where it sits in the one-array kernel K(a, a') of the points against a copy of
     * themselves and comes out the same bit for bit (as far as the generated code itself is reproducible).
     */
    static final int SYMMETRIC_ALIGNMENT = 256;

    /** Bytes per block of .npy output: at most this, and at most a quarter of the free heap. */
    static final long BLOCK_BYTES = 256L << 20;

    /**
     * K(a, b) to a float64 {@code .npy} file, a block of rows at a time: each block is computed (K(a[r0 .. r1), b),
     * the same entries, bit for bit, as the one-array kernel), appended to a temporary file beside the target, and
     * let go; the file is renamed onto the target when the last block is in. Memory: the points and one block.
     */
    private void writeNpy(KernelProgram program, NtkKernel kernel, double[][] a, double[][] b, Path target,
                          Integer rowsPerBlock, PrintWriter err) throws IOException {
        int n = a.length;
        int m = b.length;
        long bytes = 8L * n * m;
        // a row of K(a, b), twice with the interpreter (it computes both kernels)
        long perRow = 8L * m * (interpret ? 2 : 1);
        int rows;
        if (rowsPerBlock != null) {
            if (rowsPerBlock < 1) {
                throw new CliException(CliException.USAGE, "--block-rows must be at least 1, got " + rowsPerBlock);
            }
            rows = Math.min(rowsPerBlock, n);
            if (a == b && rows % SYMMETRIC_ALIGNMENT != 0 && rows < n) {
                rows = (int) Math.min(n, (rows + SYMMETRIC_ALIGNMENT - 1L) / SYMMETRIC_ALIGNMENT
                        * SYMMETRIC_ALIGNMENT);
            }
        } else {
            long budget = Math.min(BLOCK_BYTES, Memory.available() / 4);
            rows = (int) Math.max(1, Math.min(n, budget / perRow));
            rows = (int) Math.min(rows, (Integer.MAX_VALUE - 8) / m);
            if (a == b && rows > SYMMETRIC_ALIGNMENT && rows < n) {
                rows -= rows % SYMMETRIC_ALIGNMENT;
            }
        }
        if ((long) rows * m > Integer.MAX_VALUE - 8) { // one block is one Java array
            rows = (Integer.MAX_VALUE - 8) / m;
            if (a == b && rows > SYMMETRIC_ALIGNMENT) {
                rows -= rows % SYMMETRIC_ALIGNMENT;
            }
        }
        int blocks = (n + rows - 1) / rows;
        String plan = String.format(Locale.ROOT, "writing the %d x %d kernel matrix (%s) to %s in %d block%s of %d "
                + "rows (%s of memory each)", n, m, Memory.gigabytes(bytes + 128), target, blocks, blocks == 1 ? ""
                : "s", rows, Memory.gigabytes(perRow * rows));
        Memory.check(plan + ": one block", perRow * rows, "use smaller blocks (--block-rows)");
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null && Files.isDirectory(dir)) {
            long usable = Files.getFileStore(dir).getUsableSpace();
            if (usable < bytes + 128) {
                throw new CliException(CliException.BAD_INPUT, String.format(Locale.ROOT, "%s needs %s on disk, and "
                        + "the file system of %s has %s free", plan, Memory.gigabytes(bytes + 128), dir,
                        Memory.gigabytes(usable)));
            }
        }
        if (blocks > 1) {
            err.println(plan);
            err.flush();
        }
        Interpreter interpreter = kernel == null ? new Interpreter(program) : null;
        long units = 1_000_000;
        try (Npy.RowWriter w = Npy.RowWriter.open(target, n, m);
             Progress bar = Progress.Sink.forErr(err).start(String.format(Locale.ROOT, "%s, %d x %d -> %s",
                     kind == Kind.ntk ? "NTK" : "NNGP kernel", n, m, target.getFileName()), units)) {
            boolean symmetric = a == b;
            double[] column = symmetric ? new double[rows] : null;
            for (int r0 = 0; r0 < n; r0 += rows) {
                int r = Math.min(rows, n - r0);
                double[][] part = java.util.Arrays.copyOfRange(a, r0, r0 + r);
                double offset = (double) r0 / n;
                double share = (double) r / n;
                KernelProgress progress = (done, total) ->
                        bar.update(Math.round((offset + share * done / (double) total) * units));
                if (!symmetric) {
                    KernelMatrix block = compute(program, kernel, interpreter, part, b, r0, 0, progress);
                    w.write(block.data(), 0, r * m);
                } else {
                    // As the one-array kernel K(a, a) does, each pair once: this block's rows from its diagonal on,
                    // K(x_i, x_j) for i <= j, written as rows and, mirrored, as the block's columns below it; so the
                    // file is exactly symmetric, and costs half a rectangular kernel.
                    double[][] right = java.util.Arrays.copyOfRange(a, r0, n);
                    KernelMatrix upper = compute(program, kernel, interpreter, part, right, r0, r0, progress);
                    int width = n - r0;
                    double[] u = upper.data();
                    for (int i = 0; i < r; i++) {
                        w.writeAt((long) (r0 + i) * n + r0 + i, u, i * width + i, width - i);
                    }
                    for (int j = 1; j < width; j++) {
                        int count = Math.min(j, r); // rows r0 .. r0 + count - 1 of column r0 + j lie above the diagonal
                        for (int i = 0; i < count; i++) {
                            column[i] = u[i * width + j];
                        }
                        w.writeAt((long) (r0 + j) * n + r0, column, 0, count);
                    }
                }
                bar.update(Math.round((offset + share) * units));
            }
            w.commit();
        }
    }

    /** One block K(x1, x2) of the wanted kind; x1's first point is point {@code i0}, x2's is {@code j0}. */
    private KernelMatrix compute(KernelProgram program, NtkKernel kernel, Interpreter interpreter, double[][] x1,
                                 double[][] x2, int i0, int j0, KernelProgress progress) {
        if (interpreter != null) {
            Kernels k = interpreter.evaluate(x1, x2);
            return kind == Kind.ntk ? k.ntk() : k.nngp();
        }
        NtkKernel withBar = kernel.withOptions(kernel.options().withProgress(progress));
        try {
            return kind == Kind.ntk ? withBar.ntk(x1, x2) : withBar.nngp(x1, x2);
        } catch (NonFiniteKernelException e) {
            throw explainInBlock(e, program, x1, x2, i0, j0);
        }
    }

    private static CliException explainInBlock(NonFiniteKernelException e, KernelProgram program, double[][] x1,
                                               double[][] x2, int i0, int j0) {
        try {
            new Interpreter(program).pair(x1[e.row()], x2[e.column()], i0 + e.row(), j0 + e.column());
        } catch (KernelEvaluationException detailed) {
            return new CliException(CliException.BAD_INPUT, detailed.getMessage());
        }
        return new CliException(CliException.BAD_INPUT, "the kernel is not finite for points " + (i0 + e.row() + 1)
                + " and " + (j0 + e.column() + 1));
    }

    static double[][] readPoints(Path path, KernelProgram program) {
        return readPoints(path, program, LabeledCsv.Header.AUTO);
    }

    /** Points from a CSV or NumPy file ({@link Matrices}), checked against the network's input dimension. */
    static double[][] readPoints(Path path, KernelProgram program, LabeledCsv.Header header) {
        double[][] points = Matrices.read(path, header);
        if (points[0].length != program.inputDim()) {
            throw new CliException(CliException.BAD_INPUT, path + ": points have " + points[0].length
                    + (points[0].length == 1 ? " value" : " values") + " per row, but network " + program.name()
                    + " takes input " + program.inputDim());
        }
        return points;
    }
}
