package org.ntkc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ntkc.Compilation;
import org.ntkc.loader.NetworkLoader;
import org.ntkc.empirical.ConvergencePlot;
import org.ntkc.empirical.ConvergenceStudy;
import org.ntkc.ir.ImagesNotSupportedException;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.NetworkArchitecture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ntkc verify SPEC}: finite networks of the spec against its infinite-width kernels, width by width — the
 * relative errors, their slope on log–log axes, the Monte Carlo confidence band, and optionally a plot.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare random finite networks of a spec with its infinite-width kernels: for each hidden "
                + "width, the relative Frobenius error of the empirical NTK and NNGP (one network, and the mean of "
                + "the networks) against the analytic kernels, with standard errors; the slope of log error against "
                + "log width (near -0.5 when the networks converge like n^-1/2); and whether the analytic NTK lies in "
                + "the Monte Carlo confidence band at the largest width.",
                "Every hidden dense layer gets the width under study; the input dimension and the outputs stay. "
                        + "The last line is machine-readable: slope_ntk=... slope_nngp=... "
                        + "rel_error_ntk_at_max_width=..."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SPEC.ntk", description = "The spec file.")
    private Path file;

    @Mixin
    private NetworkOption network;

    @Option(names = "--points", paramLabel = "P",
            description = "Random points on the sphere |x| = sqrt(input) (default: 16).")
    private Integer points;

    @Option(names = "--x", paramLabel = "data.csv",
            description = "Use these points instead (one per row: CSV, comma-separated, or NumPy .npy/.npz).")
    private Path data;

    @Option(names = "--widths", paramLabel = "N,N,...", split = ",", defaultValue = "64,256,1024,4096",
            description = "Hidden widths to study (default: ${DEFAULT-VALUE}).")
    private List<Integer> widths;

    @Option(names = "--samples", paramLabel = "S", defaultValue = "16",
            description = "Random networks per width (default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "0",
            description = "Seed of the points and of the networks' parameters (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write the log-log convergence plot here.")
    private Path plot;

    @Option(names = "--nngp", paramLabel = "readout|outputs", defaultValue = "readout",
            description = "Empirical NNGP: readout (the output product's mean over the last layer, default) or "
                    + "outputs (f(x)f(x') averaged over the outputs; its error reflects the sample count, not the "
                    + "width).")
    private String nngp;

    @Mixin
    private ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConvergenceStudy.NngpEstimate estimate = switch (nngp) {
            case "readout" -> ConvergenceStudy.NngpEstimate.READOUT;
            case "outputs" -> ConvergenceStudy.NngpEstimate.OUTPUTS;
            default -> throw new CliException(CliException.USAGE, "--nngp must be readout or outputs, got '"
                    + nngp + "'");
        };
        checkUsage();
        Compilation compilation = Specs.compile(file, err);
        KernelProgram program = Specs.select(compilation, file, network.name());
        ImagesNotSupportedException.requireVector(program, "ntkc verify (finite networks)");
        if (program.depth() < 2) {
            throw new CliException(CliException.BAD_INPUT, "network " + program.name() + " has no hidden layer: "
                    + "its empirical kernels equal the analytic ones at every width, so there is nothing to verify");
        }
        double[][] x;
        String pointsText;
        if (data != null) {
            x = KernelCommand.readPoints(data, program);
            pointsText = x.length + (x.length == 1 ? " point" : " points") + " from " + data;
        } else {
            int count = points == null ? 16 : points;
            x = ConvergenceStudy.spherePoints(count, program.inputDim(), seed);
            pointsText = count + " random points on the sphere |x| = sqrt(" + program.inputDim() + ") (seed " + seed
                    + ")";
        }
        checkMatrixMemory(x.length, program);
        NetworkArchitecture architecture = NetworkLoader.load(program, file.toString());
        checkMemory(architecture);
        int threadCount = threads.value() == null ? Runtime.getRuntime().availableProcessors() : threads.value();
        ConvergenceStudy.Settings settings = new ConvergenceStudy.Settings(widths, samples, seed, threadCount,
                estimate);

        out.printf(Locale.ROOT, "network %s (%s): input %d, %d dense layers, %d output%s, %s parameterization%n",
                program.name(), file, program.inputDim(), program.depth(), program.outputWidth(),
                program.outputWidth() == 1 ? "" : "s", program.parameterization().spelling());
        out.printf(Locale.ROOT, "%s; %d networks per width on %d thread%s; analytic kernels by the interpreter%n",
                pointsText, samples, threadCount, threadCount == 1 ? "" : "s");
        out.printf(Locale.ROOT, "empirical NTK: (1/n_L)·trace of Θ̂; empirical NNGP: %s; error: ‖K̂ − K‖_F / ‖K‖_F"
                + " ± standard error%n", estimate == ConvergenceStudy.NngpEstimate.READOUT
                && architecture.endsWithDense() ? "readout, σ_w²/n·a_L·a_L' + σ_b²" : "(1/n_L)·Σ_a f_a·f_a'");
        out.println();
        String header = String.format(Locale.ROOT, "%7s  %12s  %-19s  %-19s  %-19s  %-11s  %8s", "width",
                "parameters", "NTK, one network", "NNGP, one network", "NTK, mean of " + samples, "NTK in band",
                "seconds");
        out.println(header);
        out.flush();

        Progress progress = new Progress(err, samples, System.console() != null);
        ConvergenceStudy.Result result;
        try {
            result = study(program, architecture, x, settings, out, progress);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        report(result, program, out);
        return 0;
    }

    private static ConvergenceStudy.Result study(KernelProgram program, NetworkArchitecture architecture,
                                                 double[][] x, ConvergenceStudy.Settings settings, PrintWriter out,
                                                 Progress progress) {
        return ConvergenceStudy.run(program, architecture, x, settings,
                new ConvergenceStudy.Progress() {
                    @Override
                    public void sample(int width, int done, int total, double runningNtkError) {
                        progress.sample(width, done, total, runningNtkError);
                    }

                    @Override
                    public void widthDone(ConvergenceStudy.WidthResult r) {
                        progress.done();
                        out.println(String.format(Locale.ROOT, "%7d  %12s  %-19s  %-19s  %-19s  %-11s  %8.2f",
                                r.width(), String.format(Locale.ROOT, "%,d", r.parameters()),
                                pm(r.singleNtkError(), r.singleNtkErrorSe()),
                                pm(r.singleNngpError(), r.singleNngpErrorSe()), pm(r.ntkError(), r.ntkErrorSe()),
                                r.ntkInBand() + "/" + r.entries(), r.seconds()));
                        out.flush();
                    }
                });
    }

    private void report(ConvergenceStudy.Result result, KernelProgram program, PrintWriter out) throws IOException {
        ConvergenceStudy.WidthResult last = result.largest();
        out.println();
        if (Double.isFinite(result.slopeNtk()) && Double.isFinite(result.slopeNngp())) {
            out.printf(Locale.ROOT, "slope of log error against log width (one network): NTK %.3f, NNGP %.3f"
                    + " (n^-1/2 gives -0.5)%n", result.slopeNtk(), result.slopeNngp());
        } else {
            out.printf(Locale.ROOT, "slope of log error against log width: n/a (%s)%n", result.rows().size() < 2
                    ? "one width; give two or more with --widths" : "fewer than two distinct widths, or an error of 0");
        }
        out.printf(Locale.ROOT, "at width %d the analytic NTK lies in the %d networks' 95%% confidence band (mean ± "
                        + "t·se) for %d of %d entries; largest |mean − analytic| / se = %.2f%n", last.width(),
                last.samples(), last.ntkInBand(), last.entries(), last.maxZ());
        if (plot != null) {
            try {
                ConvergencePlot.write(result, "network " + program.name() + " (" + file.getFileName()
                        + "): finite widths vs the infinite-width kernels", plot);
            } catch (IOException e) {
                throw new CliException(CliException.BAD_INPUT, "cannot write the plot '" + plot + "': "
                        + Outputs.reason(e));
            }
            out.println("plot: " + plot);
        }
        out.printf(Locale.ROOT, "slope_ntk=%s slope_nngp=%s rel_error_ntk_at_max_width=%s%n",
                Machine.number("%.4f", result.slopeNtk()), Machine.number("%.4f", result.slopeNngp()),
                Machine.number("%.6g", last.ntkError()));
    }

    private void checkUsage() {
        if (points != null && data != null) {
            throw new CliException(CliException.USAGE, "give either --points or --x, not both");
        }
        if (points != null && points < 1) {
            throw new CliException(CliException.USAGE, "--points must be at least 1, got " + points);
        }
        if (widths.isEmpty()) {
            throw new CliException(CliException.USAGE, "--widths needs at least one width");
        }
        for (int w : widths) {
            if (w < 1) {
                throw new CliException(CliException.USAGE, "--widths must be whole numbers >= 1, got " + w);
            }
        }
        if (samples < 2) {
            throw new CliException(CliException.USAGE, "--samples must be at least 2 (for a standard error), got "
                    + samples);
        }
        ThreadsOption.check(threads.value());
        if (data != null && !Files.isRegularFile(data)) {
            throw new CliException(CliException.USAGE, "cannot read '" + data + "': no such file");
        }
        String why = plot == null ? null : Outputs.whyNotWritable(plot);
        if (why != null) {
            throw new CliException(CliException.USAGE, "cannot write the plot '" + plot + "': " + why);
        }
    }

    /**
     * The P x P matrices of the study must fit, checked before the points' kernels are computed: every network's
     * empirical kernels are kept for the standard errors (about 3 matrices per network of a width), the analytic
     * kernels (2, per width in standard parameterization) and the statistics (about 8).
     */
    private void checkMatrixMemory(long p, KernelProgram program) {
        long entries = p * p;
        if (entries > Integer.MAX_VALUE - 8) {
            throw new CliException(CliException.BAD_INPUT, String.format(Locale.ROOT, "%d points make %d x %d "
                    + "kernel matrices with %d entries, more than one Java array holds; use at most 46340 points",
                    p, p, p, entries));
        }
        long analytic = program.parameterization() == org.ntkc.runtime.Parameterization.NTK ? 2 : 2L * widths.size();
        long matrices = 3L * samples + analytic + 8;
        Memory.check(String.format(Locale.ROOT, "verify on %d points with %d networks per width (about %d matrices "
                + "of %d x %d)", p, samples, matrices, p, p), 8 * entries * matrices,
                "use fewer points (--points) or fewer networks (--samples)");
    }

    /** One network of the widest width must fit in the heap, with room to spare. */
    private void checkMemory(NetworkArchitecture architecture) {
        int widest = widths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        double bytes = 8.0 * architecture.withHiddenWidths(widest).parameterCount();
        double heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap * 0.75) {
            throw new CliException(CliException.BAD_INPUT, String.format(Locale.ROOT, "a network of width %d has "
                    + "%.3g GB of parameters, more than this JVM's heap (%.3g GB) can hold; use smaller widths or "
                    + "more heap (NTKC_JAVA_OPTS=-Xmx...)", widest, bytes / 1e9, heap / 1e9));
        }
    }

    private static String pm(double value, double se) {
        return String.format(Locale.ROOT, "%.4g ± %.2g", value, se);
    }

    /**
     * Progress on standard error: on a terminal one line rewritten in place, otherwise one line per batch of about a
     * quarter of the networks of a width.
     */
    private static final class Progress {
        private final PrintWriter err;
        private final boolean terminal;
        private final int batch;
        private final long start = System.nanoTime();
        private boolean open;

        Progress(PrintWriter err, int samples, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
            this.batch = Math.max(1, (samples + 3) / 4);
        }

        void sample(int width, int done, int total, double error) {
            String line = String.format(Locale.ROOT, "width %d: %d/%d networks, NTK error of the mean so far %.4g "
                    + "(%.1f s)", width, done, total, error, (System.nanoTime() - start) / 1e9);
            if (terminal) {
                err.print("\r" + line + "    ");
                open = true;
                err.flush();
            } else if (done % batch == 0 || done == total) {
                err.println(line);
                err.flush();
            }
        }

        void done() {
            if (open) {
                err.print("\r\033[K");
                err.flush();
                open = false;
            }
        }
    }
}
