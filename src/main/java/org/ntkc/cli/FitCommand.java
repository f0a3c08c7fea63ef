package org.ntkc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import org.ntkc.Compilation;
import org.ntkc.data.CsvMatrix;
import org.ntkc.data.LabeledCsv;
import org.ntkc.data.Standardization;
import org.ntkc.ir.ImagesNotSupportedException;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.NetworkLayer;
import org.ntkc.predict.GradientFlow;
import org.ntkc.predict.IllConditionedKernelException;
import org.ntkc.nystrom.BlockKernel;
import org.ntkc.nystrom.NystromEngine;
import org.ntkc.predict.NngpPosterior;
import org.ntkc.predict.SolveReport;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.NtkKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ntkc fit SPEC --train A --test B}: trains the infinitely wide network (kernel regression with the NTK or the
 * NNGP kernel) and scores it on the test set.
 */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the infinitely wide network of a spec on a training set and score it on a test set: "
                + "the mean prediction of gradient descent on the MSE loss (--kernel ntk) or the NNGP posterior "
                + "(--kernel nngp).",
                "Data: CSV tables (--train, --test) or IDX image/label pairs (--train-images ...), gzipped or not.",
                "With --nystrom M: Nystrom regression on M centres (Falkon), for training sets too large for the "
                        + "exact solve; see docs/scale.md.",
                "The last line is machine-readable: accuracy=<...> or rmse=<...>, then kernel_seconds=<...> "
                        + "solve_seconds=<...> (exact) or centres=<M> ridge=<...> iterations=<...> "
                        + "total_seconds=<...> (--nystrom)."})
final class FitCommand implements Callable<Integer> {
    static final String DEFAULT_NYSTROM_RIDGES = "1e-6,1e-5,1e-4,1e-3,1e-2";
    static final String DEFAULT_STREAM_RIDGE = "1e-4";

    /** Where the data passes of --nystrom run; the Spark entry point sets its own. */
    private NystromEngine.Factory engines;

    /** The --ridge values (or their default), parsed and checked with the other options. */
    private double[] ridges;

    /** Which kernel trains the network. */
    enum KernelKind { ntk, nngp }

    /** Standardisation choices as spelled on the command line. */
    enum Standardize { features, global, examples, none }

    /** Header choices as spelled on the command line. */
    enum HeaderChoice { auto, yes, no }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SPEC.ntk", description = "The spec file.")
    private Path file;

    @Mixin
    private NetworkOption network;

    @Option(names = "--train", paramLabel = "A.csv", description = "Training set: CSV, one example per row; or a "
            + "2-D NumPy array (A.npy, A.npz:NAME) with the labels in --train-labels or in a column.")
    private Path train;

    @Option(names = "--test", paramLabel = "B.csv", description = "Test set: CSV with the same columns.")
    private Path test;

    @Option(names = "--label-column", paramLabel = "NAME|N",
            description = "The label column of the CSV files: a header name or a column number from 1 (default: the "
                    + "last column).")
    private String labelColumn;

    @Option(names = "--header", paramLabel = "auto|yes|no", defaultValue = "auto",
            description = "Whether the CSV files start with a header row (auto: when no field of the first row is a "
                    + "number).")
    private HeaderChoice header;

    @Option(names = "--train-images", paramLabel = "F", description = "Training images, IDX (idx3-ubyte[.gz]).")
    private Path trainImages;

    @Option(names = "--train-labels", paramLabel = "F", description = "Training labels, IDX (idx1-ubyte[.gz]); or, "
            + "with --train A.npy, a 1-D NumPy array.")
    private Path trainLabels;

    @Option(names = "--test-images", paramLabel = "F", description = "Test images, IDX.")
    private Path testImages;

    @Option(names = "--test-labels", paramLabel = "F", description = "Test labels, IDX (or NumPy, as above).")
    private Path testLabels;

    @Option(names = "--limit-train", paramLabel = "N", defaultValue = "0",
            description = "Use only the first N training examples (default: all).")
    private int limitTrain;

    @Option(names = "--limit-test", paramLabel = "M", defaultValue = "0",
            description = "Use only the first M test examples (default: all).")
    private int limitTest;

    @Option(names = "--kernel", paramLabel = "ntk|nngp", defaultValue = "ntk",
            description = "ntk: gradient descent on the MSE loss (default); nngp: the NNGP posterior mean.")
    private KernelKind kernelKind;

    @Option(names = "--time", paramLabel = "t|inf", defaultValue = "inf",
            description = "Training time for --kernel ntk, in steps of the learning rate (default inf: the converged "
                    + "network, by Cholesky; a finite t needs an eigendecomposition, O(n^3) and slower).")
    private String time;

    @Option(names = "--learning-rate", paramLabel = "ETA", defaultValue = "1",
            description = "The learning rate eta of gradient descent for a finite --time (default 1); the loss is "
                    + "1/(2n) sum ||f(x_i) - y_i||^2.")
    private double learningRate;

    @Option(names = "--ridge", paramLabel = "LAMBDA[,LAMBDA...]",
            description = "Diagonal regularisation, relative: LAMBDA * trace(K)/n is added to the training kernel's "
                    + "diagonal (exact default 0, with a jitter added automatically and reported when the kernel needs "
                    + "it). With --nystrom: one value > 0, or several to choose from on a held-out share of the "
                    + "training set (default " + DEFAULT_NYSTROM_RIDGES + "; in stream mode "
                    + DEFAULT_STREAM_RIDGE + ").")
    private String ridgeText;

    @Option(names = "--nystrom", paramLabel = "M", defaultValue = "0",
            description = "Nystrom kernel regression with M centres drawn uniformly from the training set, solved "
                    + "by Falkon's preconditioned conjugate gradient: memory O(M^2) instead of O(n^2), for training "
                    + "sets too large for the exact solve (default 0: exact).")
    private int nystrom;

    @Option(names = "--nystrom-mode", paramLabel = "auto|gram|stream", defaultValue = "auto",
            description = "With --nystrom: gram accumulates H = K(X,C)^T K(X,C) in one pass over the data, after "
                    + "which every iteration and every ridge costs O(M^2); stream recomputes the kernel blocks on "
                    + "every iteration (one pass each) and holds no H. auto (default): gram.")
    private NystromFit.Mode nystromMode;

    @Option(names = "--iterations", paramLabel = "T", defaultValue = "100",
            description = "With --nystrom: at most T conjugate-gradient iterations per solve (default 100).")
    private int iterations;

    @Option(names = "--tolerance", paramLabel = "TOL", defaultValue = "1e-6",
            description = "With --nystrom: stop once the preconditioned residual has fallen by TOL relative to the "
                    + "start (default 1e-6).")
    private double tolerance;

    @Option(names = "--validation", paramLabel = "SHARE", defaultValue = "0.1",
            description = "With --nystrom and several ridge values: the share of the training set held out to "
                    + "choose among them (default 0.1, a seeded random draw); the test set is never looked at.")
    private double validation;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "With --nystrom: the seed of the centres and of the held-out share (default 1).")
    private long seed;

    @Option(names = "--standardize", paramLabel = "features|global|examples|none", defaultValue = "features",
            description = "Input standardisation: features (each feature to mean 0 and variance 1 over the training "
                    + "set, default), global (one mean and variance over all training values), examples (each "
                    + "example to mean 0 and variance 1 over its own features; often best for images), none.")
    private Standardize standardize;

    @Option(names = "--task", paramLabel = "auto|classification|regression", defaultValue = "auto",
            description = "auto (default): classification when the labels are text, or whole numbers with at most "
                    + Problem.MAX_AUTO_CLASSES + " values; regression otherwise.")
    private Problem.Task task;

    @Option(names = "--predictions", paramLabel = "OUT.csv", description = "Write the test predictions here (CSV; "
            + "a float64 NumPy array when the name ends in .npy).")
    private Path predictions;

    @Option(names = "--variance",
            description = "With --kernel nngp: also compute the posterior variance of every test prediction (about "
                    + "as costly again as the solve) and write it to --predictions.")
    private boolean variance;

    @Mixin
    private ThreadsOption threads;

    void setEngines(NystromEngine.Factory engines) {
        this.engines = engines;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        double t = parseTime();
        checkOptions(t);
        long start = System.nanoTime();

        Compilation compilation = Specs.compile(file, err);
        KernelProgram program = Specs.select(compilation, file, network.name());
        ImagesNotSupportedException.requireVector(program, "ntkc fit");
        DataSets.Pair data = load();
        double loadSeconds = seconds(start);
        int d = data.train().x()[0].length;
        if (d != program.inputDim()) {
            throw new CliException(CliException.BAD_INPUT, data.train().source() + ": examples have " + d
                    + (d == 1 ? " feature" : " features") + (data.featureNames().isEmpty() ? "" : " (the label column "
                    + "excluded)") + ", but network " + program.name() + " takes input " + program.inputDim());
        }
        // IDX label files hold class numbers; only an explicit --task regression treats them as values.
        Problem problem = Problem.of(data, task == Problem.Task.auto && train == null
                ? Problem.Task.classification : task);
        Standardization mode = Standardization.valueOf(standardize.name().toUpperCase(Locale.ROOT));
        Standardization.Fitted fitted = mode.fit(data.train().x());
        double[][] x = fitted.apply(data.train().x());
        double[][] xs = fitted.apply(data.test().x());

        out.printf(Locale.ROOT, "data: %d training and %d test examples (%s), %d features, %s%n", x.length, xs.length,
                data.kind(), d, describe(mode));
        out.println("task: " + problem.describe());
        if (problem.unknownTestClasses() > 0) {
            out.println("note: " + problem.unknownTestClasses() + " test examples have a class that no training "
                    + "example has; they count as wrong");
        }
        out.println("network: " + network(program));
        if (engines != null && nystrom == 0) {
            out.println("note: the exact solve runs on the driver alone; Spark runs the data passes of --nystrom fits");
        }
        if (program.outputWidth() != problem.outputs()) {
            out.println("note: the network has " + program.outputWidth() + " output"
                    + (program.outputWidth() == 1 ? "" : "s") + " and the targets " + problem.outputs()
                    + "; the kernel is the same for every output (K (x) I), so each target column is fitted with it");
        }
        out.flush();

        boolean ntk = kernelKind == KernelKind.ntk;
        KernelPhase.Want want = ntk ? KernelPhase.Want.NTK : KernelPhase.Want.NNGP;
        if (nystrom > 0) {
            checkNystromMemory(x.length, d, problem.outputs());
        } else {
            checkExactMemory(want, x.length, xs.length, d, problem.outputs(), t);
        }
        long compileStart = System.nanoTime();
        NtkKernel kernel = CompiledKernels.load(program, file, threads.value());
        double compileSeconds = seconds(compileStart);
        Progress.Sink sink = Progress.Sink.forErr(err);
        if (nystrom > 0) {
            return fitNystrom(program, kernel, problem, data, x, xs, out, sink, start, loadSeconds, compileSeconds);
        }
        return fitExact(program, kernel, problem, data, x, xs, t, out, sink, start, loadSeconds, compileSeconds);
    }

    /** The exact path: the kernels, one solve (Cholesky, or an eigendecomposition for a finite time), the score. */
    private int fitExact(KernelProgram program, NtkKernel kernel, Problem problem, DataSets.Pair data, double[][] x,
                         double[][] xs, double t, PrintWriter out, Progress.Sink sink, long start, double loadSeconds,
                         double compileSeconds) throws IOException {
        boolean ntk = kernelKind == KernelKind.ntk;
        KernelPhase.Want want = ntk ? KernelPhase.Want.NTK : KernelPhase.Want.NNGP;
        KernelPhase.Result kernels;
        try {
            kernels = KernelPhase.run(kernel, program, want, x, xs, sink);
        } catch (OutOfMemoryError e) {
            throw Memory.outOfMemory("the kernel phase", KernelPhase.bytes(want, x.length, xs.length), x.length,
                    "fewer training points (--limit-train) or --nystrom M");
        }
        out.printf(Locale.ROOT, "kernel: %s, %s, %d thread%s: %.2f s%n", KernelPhase.label(want, x.length, xs.length),
                kernel.implementation(), kernel.options().threads(), kernel.options().threads() == 1 ? "" : "s",
                kernels.seconds());
        out.flush();

        KernelMatrix trainTrain = KernelPhase.pick(kernels.train(), ntk);
        KernelMatrix testTrain = KernelPhase.pick(kernels.test(), ntk);
        DMatrixRMaj y = problem.targets();
        long solveStart = System.nanoTime();
        DMatrixRMaj mean;
        double[] var = null;
        SolveReport report;
        String solveLabel = (Double.isInfinite(t) ? "solve" : "eigendecomposition") + " (" + x.length + " x "
                + x.length + ")";
        try (Progress bar = sink.start(solveLabel, 0)) {
            if (ntk) {
                GradientFlow.Prediction p = GradientFlow.mean(trainTrain, testTrain, y, ridge(), t, learningRate);
                mean = p.mean();
                report = p.report();
            } else {
                double[] diag = variance ? kernel.diagonals(xs)[0] : null;
                NngpPosterior.Posterior p = NngpPosterior.of(trainTrain, testTrain, diag, y, ridge());
                mean = p.mean();
                var = p.variance();
                report = p.report();
            }
        } catch (IllConditionedKernelException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        } catch (OutOfMemoryError e) {
            throw Memory.outOfMemory("the solve",
                    8L * x.length * x.length * (Double.isInfinite(t) ? 2 : 4), x.length,
                    "fewer training points (--limit-train) or --nystrom M");
        }
        double solveSeconds = seconds(solveStart);
        String timeText = ntk ? (Double.isInfinite(t) ? "t = inf, " : "t = " + time + ", eta = "
                + CsvMatrix.format(learningRate) + ", ") : "NNGP posterior, ";
        out.printf(Locale.ROOT, "solve: %s%s: %.2f s%n", timeText, report.describe(), solveSeconds);
        for (String failed : report.failedAttempts()) {
            out.println("  tried first: " + failed);
        }
        if (ntk && !Double.isInfinite(t)) {
            double eta = GradientFlow.largestStableLearningRate(trainTrain, ridge());
            out.printf(Locale.ROOT, "largest stable learning rate 2n/lambda_max: %.4g%s%n", eta, learningRate > eta
                    ? " (gradient descent with eta = " + CsvMatrix.format(learningRate) + " would diverge; gradient flow "
                    + "is still defined)" : "");
        }
        Problem.Score score = problem.score(mean);
        out.println("test " + (problem.classification() ? "accuracy: " : "RMSE: ") + score.line());
        if (predictions != null) {
            writePredictions(problem, data.test().labels(), mean, var);
            out.println("predictions: " + predictions);
        }
        out.printf(Locale.ROOT, "phases: load %.2f s, compile %.2f s, kernel %.2f s, solve %.2f s, total %.2f s%n",
                loadSeconds, compileSeconds, kernels.seconds(), solveSeconds, seconds(start));
        out.printf(Locale.ROOT, "%s kernel_seconds=%.3f solve_seconds=%.3f%n", score.machine(), kernels.seconds(),
                solveSeconds);
        return 0;
    }

    /** The Nyström path: centres, Falkon, ridge chosen on held-out rows, test predictions. */
    private int fitNystrom(KernelProgram program, NtkKernel kernel, Problem problem, DataSets.Pair data, double[][] x,
                           double[][] xs, PrintWriter out, Progress.Sink sink, long start, double loadSeconds,
                           double compileSeconds) throws IOException {
        BlockKernel.Kind kind = kernelKind == KernelKind.ntk ? BlockKernel.Kind.NTK : BlockKernel.Kind.NNGP;
        int t = kernel.options().threads();
        BlockKernel local = BlockKernel.of(kernel, kind);
        NystromFit.Settings settings = new NystromFit.Settings(nystrom, ridges, validation, iterations, tolerance,
                nystromMode, seed, t);
        out.printf(Locale.ROOT, "kernel: %s blocks against %d centres, %s, %d thread%s%n",
                kind == BlockKernel.Kind.NTK ? "NTK" : "NNGP kernel", nystrom, kernel.implementation(), t,
                t == 1 ? "" : "s");
        NystromFit.Result r;
        try (NystromEngine engine = engines == null ? NystromEngine.local(local, t, 1024)
                : engines.open(program, file.getFileName().toString(), kind, kernel, t)) {
            r = new NystromFit(settings, engine, local, out, sink).targetUnit(problem.unit()).run(x,
                    problem.targets(), xs,
                    problem.classification());
        } catch (OutOfMemoryError e) {
            throw Memory.outOfMemory("the Nystrom fit with " + nystrom + " centres",
                    NystromFit.bytes(nystromMode, nystrom, x.length, x[0].length, 0, problem.outputs()), x.length,
                    "fewer centres (--nystrom)");
        }
        Problem.Score score = problem.score(r.outputs());
        out.println("test " + (problem.classification() ? "accuracy: " : "RMSE: ") + score.line());
        if (predictions != null) {
            writePredictions(problem, data.test().labels(), r.outputs(), null);
            out.println("predictions: " + predictions);
        }
        out.printf(Locale.ROOT, "phases: load %.2f s, compile %.2f s, centres and data passes %.2f s, conjugate "
                        + "gradient %.2f s, test %.2f s, total %.2f s%n", loadSeconds, compileSeconds,
                r.dataSeconds(), r.solveSeconds(), r.testSeconds(), seconds(start));
        out.printf(Locale.ROOT, "%s centres=%d ridge=%s iterations=%d total_seconds=%.3f%n", score.machine(), nystrom,
                CsvMatrix.format(r.ridge()), r.iterations(), seconds(start));
        return 0;
    }

    /** The exact path's single ridge value. */
    private double ridge() {
        return ridges[0];
    }

    /** Parses --ridge (defaults: 0 for the exact solve, a list for --nystrom) into {@link #ridges}, then checks. */
    private void checkNystromOptions(double t) {
        String text = ridgeText != null ? ridgeText : nystrom == 0 ? "0"
                : nystromMode == NystromFit.Mode.stream ? DEFAULT_STREAM_RIDGE : DEFAULT_NYSTROM_RIDGES;
        ridges = NystromFit.parseRidges(text, "--ridge");
        double[] r = ridges;
        if (nystrom < 0) {
            throw new CliException(CliException.USAGE, "--nystrom must be a number of centres >= 1 (or 0 for the "
                    + "exact solve), got " + nystrom);
        }
        if (nystrom == 0) {
            if (r.length > 1) {
                throw new CliException(CliException.USAGE, "several --ridge values are for --nystrom (the exact "
                        + "solve takes one)");
            }
            return;
        }
        for (double v : r) {
            if (!(v > 0)) {
                throw new CliException(CliException.USAGE, "--ridge values must be > 0 with --nystrom, got "
                        + CsvMatrix.format(v));
            }
        }
        if (!Double.isInfinite(t)) {
            throw new CliException(CliException.USAGE, "--time is for the exact solve; --nystrom fits the converged "
                    + "network (t = inf)");
        }
        if (variance) {
            throw new CliException(CliException.USAGE, "--variance is for the exact solve, not --nystrom");
        }
        if (iterations < 1) {
            throw new CliException(CliException.USAGE, "--iterations must be at least 1, got " + iterations);
        }
        if (!(tolerance >= 0) || !(tolerance < 1)) {
            throw new CliException(CliException.USAGE, "--tolerance must be in [0, 1), got " + tolerance);
        }
        if (r.length > 1 && !(validation > 0 && validation < 1)) {
            throw new CliException(CliException.USAGE, "--validation must be a share between 0 and 1 (exclusive) "
                    + "to choose among several ridge values, got " + CsvMatrix.format(validation));
        }
    }

    /** Exact mode holds n² and m·n kernels plus a factor: said before allocating, with the way out. */
    private void checkExactMemory(KernelPhase.Want want, int n, int m, int d, int k, double t) {
        long solve = 8L * n * n * (Double.isInfinite(t) ? 1 : 3) + (variance ? 8L * n * n : 0);
        long need = KernelPhase.bytes(want, n, m) + solve;
        int suggest = Math.min(10_000, Math.max(1, n / 4));
        Memory.check("exact kernel regression on " + n + " training examples (the " + n + " x " + n
                        + " kernel, its Cholesky factor and the " + m + " x " + n + " test kernel)", need,
                String.format(Locale.ROOT, "use Nystrom regression instead (--nystrom %d needs about %s)", suggest,
                        Memory.gigabytes(NystromFit.bytes(NystromFit.Mode.gram, suggest, n, d, n / 10, k))));
    }

    private void checkNystromMemory(int n, int d, int k) {
        if (nystrom > n) {
            return; // the fit says that there are too few examples
        }
        long held = ridges.length > 1 ? Math.round(validation * n) : 0;
        Memory.check("Nystrom regression with " + nystrom + " centres (M x M matrices: H, K(C, C)'s factors, "
                        + "the preconditioner)", NystromFit.bytes(nystromMode, nystrom, n, d, held, k),
                "use fewer centres (memory grows as M^2)");
    }

    private double parseTime() {
        String s = time.strip().toLowerCase(Locale.ROOT);
        if (s.equals("inf") || s.equals("infinity") || s.equals("\u221e")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double v = Double.parseDouble(s);
            if (v >= 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new CliException(CliException.USAGE, "--time must be a number >= 0 or 'inf', got '" + time + "'");
    }

    private void checkOptions(double t) {
        boolean csv = train != null || test != null;
        // --train X.npy takes its labels from --train-labels/--test-labels arrays, or from a column
        boolean numpy = train != null && org.ntkc.data.Npy.isNumpy(train);
        boolean idx = trainImages != null || testImages != null || !numpy && (trainLabels != null
                || testLabels != null);
        if (csv && idx) {
            throw new CliException(CliException.USAGE, "give either CSV files (--train, --test) or IDX files "
                    + "(--train-images ...), not both");
        }
        if (!csv && !idx) {
            throw new CliException(CliException.USAGE, "no data: give --train A.csv --test B.csv, or --train-images, "
                    + "--train-labels, --test-images and --test-labels");
        }
        if (csv && (train == null || test == null)) {
            throw new CliException(CliException.USAGE, "give both --train and --test");
        }
        if (idx && (trainImages == null || trainLabels == null || testImages == null || testLabels == null)) {
            throw new CliException(CliException.USAGE, "IDX data needs all four of --train-images, --train-labels, "
                    + "--test-images and --test-labels");
        }
        if (numpy && (trainLabels == null) != (testLabels == null)) {
            throw new CliException(CliException.USAGE, "NumPy data: give both --train-labels and --test-labels (label "
                    + "arrays), or neither (the label is then a column of the arrays, --label-column)");
        }
        if (numpy && trainLabels != null && labelColumn != null) {
            throw new CliException(CliException.USAGE, "--label-column is for labels inside the arrays; the labels "
                    + "come from --train-labels and --test-labels here");
        }
        if (idx && (labelColumn != null)) {
            throw new CliException(CliException.USAGE, "--label-column is for CSV files");
        }
        if (limitTrain < 0 || limitTest < 0) {
            throw new CliException(CliException.USAGE, "--limit-train and --limit-test must be >= 0");
        }
        checkNystromOptions(t);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new CliException(CliException.USAGE, "--learning-rate must be a number > 0, got " + learningRate);
        }
        if (kernelKind == KernelKind.nngp && !Double.isInfinite(t)) {
            throw new CliException(CliException.USAGE, "--time is for --kernel ntk (the NNGP posterior has no "
                    + "training time)");
        }
        if (variance && kernelKind != KernelKind.nngp) {
            throw new CliException(CliException.USAGE, "--variance is for --kernel nngp");
        }
        if (variance && predictions == null) {
            throw new CliException(CliException.USAGE, "--variance writes to --predictions; give that too");
        }
        if (predictions != null) {
            Outputs.checkFile(predictions);
        }
    }

    private DataSets.Pair load() {
        if (train != null && org.ntkc.data.Npy.isNumpy(train)) {
            return DataSets.numpy(train, test, trainLabels, testLabels, labelColumn, limitTrain, limitTest);
        }
        if (train != null) {
            LabeledCsv.Header h = LabeledCsv.Header.valueOf(header.name().toUpperCase(Locale.ROOT));
            return DataSets.csv(train, test, labelColumn, h, limitTrain, limitTest);
        }
        return DataSets.idx(DataSets.Source.file(trainImages), DataSets.Source.file(trainLabels),
                DataSets.Source.file(testImages), DataSets.Source.file(testLabels), limitTrain, limitTest);
    }

    static String describe(Standardization mode) {
        return switch (mode) {
            case FEATURES -> "standardised per feature";
            case GLOBAL -> "standardised globally";
            case EXAMPLES -> "each example standardised on its own";
            case NONE -> "not standardised";
        };
    }

    /** The check summary, with σ_w and σ_b when every dense layer has the same. */
    static String network(KernelProgram program) {
        Double w = null;
        Double b = null;
        boolean uniform = true;
        for (NetworkLayer layer : program.allLayers()) {
            if (layer instanceof NetworkLayer.Dense dense) {
                if (w == null) {
                    w = dense.weightStd();
                    b = dense.biasStd();
                } else if (w != dense.weightStd() || b != dense.biasStd()) {
                    uniform = false;
                }
            }
        }
        String s = CheckCommand.summary(program);
        return uniform && w != null ? s + String.format(Locale.ROOT, ", sigma_w = %s, sigma_b = %s",
                CsvMatrix.format(w), CsvMatrix.format(b)) : s;
    }

    private void writePredictions(Problem problem, String[] truth, DMatrixRMaj mean, double[] var) throws IOException {
        if (org.ntkc.data.Npy.isNpyOutput(predictions)) {
            writeNpyPredictions(problem, mean, var);
            return;
        }
        try {
            CsvMatrix.writeAtomically(predictions, w -> {
                StringBuilder line = new StringBuilder("index,label,predicted");
                int k = mean.numCols;
                if (problem.classification()) {
                    for (String c : problem.classes().names()) {
                        line.append(",output_").append(c.replace(',', '_'));
                    }
                }
                if (var != null) {
                    line.append(",variance");
                }
                w.write(line.append('\n').toString());
                double[] values = problem.classification() ? null : problem.values(mean);
                int[] classes = problem.classification() ? org.ntkc.predict.Targets.argmax(mean) : null;
                for (int i = 0; i < mean.numRows; i++) {
                    line.setLength(0);
                    line.append(i + 1).append(',').append(quote(truth[i])).append(',');
                    if (classes != null) {
                        line.append(quote(problem.classes().names().get(classes[i])));
                        for (int c = 0; c < k; c++) {
                            line.append(',').append(CsvMatrix.format(mean.data[i * k + c]));
                        }
                    } else {
                        line.append(CsvMatrix.format(values[i]));
                    }
                    if (var != null) {
                        line.append(',').append(CsvMatrix.format(var[i]));
                    }
                    w.write(line.append('\n').toString());
                }
            });
        } catch (IOException e) {
            throw Outputs.cannotWrite(predictions, e);
        }
    }

    /**
     * Predictions as a float64 m x c NumPy array: for classification one column per class (the outputs, classes in
     * the order of the CSV's output_ columns), for regression the predicted value; with --variance one more column.
     */
    private void writeNpyPredictions(Problem problem, DMatrixRMaj mean, double[] var) {
        int m = mean.numRows;
        int k = problem.classification() ? mean.numCols : 1;
        int c = k + (var != null ? 1 : 0);
        double[] values = problem.classification() ? null : problem.values(mean);
        double[] data = new double[m * c];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                data[i * c + j] = values != null ? values[i] : mean.data[i * mean.numCols + j];
            }
            if (var != null) {
                data[i * c + k] = var[i];
            }
        }
        try {
            org.ntkc.data.Npy.writeAtomically(predictions, data, m, c);
        } catch (IOException e) {
            throw new CliException(CliException.BAD_INPUT, "cannot write '" + predictions + "': " + e.getMessage());
        }
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
