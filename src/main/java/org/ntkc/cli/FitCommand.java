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
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.NetworkLayer;
import org.ntkc.predict.GradientFlow;
import org.ntkc.predict.IllConditionedKernelException;
import org.ntkc.predict.NngpPosterior;
import org.ntkc.predict.SolveReport;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.NtkKernel;
import picocli.CommandLine.Command;
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
                "The last line is machine-readable: accuracy=<...> or rmse=<...>, kernel_seconds=<...> "
                        + "solve_seconds=<...>."})
final class FitCommand implements Callable<Integer> {
    /** Which kernel trains the network. */
    enum KernelKind { ntk, nngp }

    /** Standardisation choices as spelled on the command line. */
    enum Standardize { features, global, none }

    /** Header choices as spelled on the command line. */
    enum HeaderChoice { auto, yes, no }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SPEC.ntk", description = "The spec file.")
    private Path file;

    @Option(names = "--network", paramLabel = "NAME", description = "Which network, when the spec declares several.")
    private String network;

    @Option(names = "--train", paramLabel = "A.csv", description = "Training set: CSV, one example per row.")
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

    @Option(names = "--train-labels", paramLabel = "F", description = "Training labels, IDX (idx1-ubyte[.gz]).")
    private Path trainLabels;

    @Option(names = "--test-images", paramLabel = "F", description = "Test images, IDX.")
    private Path testImages;

    @Option(names = "--test-labels", paramLabel = "F", description = "Test labels, IDX.")
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

    @Option(names = "--ridge", paramLabel = "LAMBDA", defaultValue = "0",
            description = "Diagonal regularisation: LAMBDA * trace(K)/n is added to the training kernel's diagonal "
                    + "(default 0; a jitter is added automatically, and reported, when the kernel needs it).")
    private double ridge;

    @Option(names = "--standardize", paramLabel = "features|global|none", defaultValue = "features",
            description = "Input standardisation, with statistics from the training set: features (each feature to "
                    + "mean 0 and variance 1, default), global (one mean and variance for all), none.")
    private Standardize standardize;

    @Option(names = "--task", paramLabel = "auto|classification|regression", defaultValue = "auto",
            description = "auto (default): classification when the labels are text, or whole numbers with at most "
                    + Problem.MAX_AUTO_CLASSES + " values; regression otherwise.")
    private Problem.Task task;

    @Option(names = "--predictions", paramLabel = "OUT.csv", description = "Write the test predictions here.")
    private Path predictions;

    @Option(names = "--variance",
            description = "With --kernel nngp: also compute the posterior variance of every test prediction (about "
                    + "as costly again as the solve) and write it to --predictions.")
    private boolean variance;

    @Option(names = "--threads", paramLabel = "T", description = "Threads for the kernel (default: all processors).")
    private Integer threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        double t = parseTime();
        checkOptions(t);
        long start = System.nanoTime();

        Compilation compilation = Specs.compile(file, err);
        KernelProgram program = Specs.select(compilation, file, network);
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
        if (program.outputWidth() != problem.outputs()) {
            out.println("note: the network has " + program.outputWidth() + " output"
                    + (program.outputWidth() == 1 ? "" : "s") + " and the targets " + problem.outputs()
                    + "; the kernel is the same for every output (K (x) I), so each target column is fitted with it");
        }
        out.flush();

        long compileStart = System.nanoTime();
        NtkKernel kernel = CompiledKernels.load(program, file, threads);
        double compileSeconds = seconds(compileStart);
        Progress.Sink sink = Progress.Sink.forErr(err);
        boolean ntk = kernelKind == KernelKind.ntk;
        KernelPhase.Want want = ntk ? KernelPhase.Want.NTK : KernelPhase.Want.NNGP;
        KernelPhase.Result kernels;
        try {
            kernels = KernelPhase.run(kernel, program, want, x, xs, sink);
        } catch (OutOfMemoryError e) {
            throw Memory.outOfMemory("the kernel phase", KernelPhase.bytes(want, x.length, xs.length), x.length);
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
                GradientFlow.Prediction p = GradientFlow.mean(trainTrain, testTrain, y, ridge, t, learningRate);
                mean = p.mean();
                report = p.report();
            } else {
                double[] diag = variance ? kernel.diagonals(xs)[0] : null;
                NngpPosterior.Posterior p = NngpPosterior.of(trainTrain, testTrain, diag, y, ridge);
                mean = p.mean();
                var = p.variance();
                report = p.report();
            }
        } catch (IllConditionedKernelException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        } catch (OutOfMemoryError e) {
            throw Memory.outOfMemory("the solve",
                    8L * x.length * x.length * (Double.isInfinite(t) ? 2 : 4), x.length);
        }
        double solveSeconds = seconds(solveStart);
        String timeText = ntk ? (Double.isInfinite(t) ? "t = inf, " : "t = " + time + ", eta = "
                + CsvMatrix.format(learningRate) + ", ") : "NNGP posterior, ";
        out.printf(Locale.ROOT, "solve: %s%s: %.2f s%n", timeText, report.describe(), solveSeconds);
        for (String failed : report.failedAttempts()) {
            out.println("  tried first: " + failed);
        }
        if (ntk && !Double.isInfinite(t)) {
            double eta = GradientFlow.largestStableLearningRate(trainTrain, ridge);
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
        boolean idx = trainImages != null || trainLabels != null || testImages != null || testLabels != null;
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
        if (idx && (labelColumn != null)) {
            throw new CliException(CliException.USAGE, "--label-column is for CSV files");
        }
        if (limitTrain < 0 || limitTest < 0) {
            throw new CliException(CliException.USAGE, "--limit-train and --limit-test must be >= 0");
        }
        if (!(ridge >= 0) || !Double.isFinite(ridge)) {
            throw new CliException(CliException.USAGE, "--ridge must be a number >= 0, got " + ridge);
        }
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
    }

    private DataSets.Pair load() {
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
            case NONE -> "not standardised";
        };
    }

    /** The check summary, with σ_w and σ_b when every dense layer has the same. */
    static String network(KernelProgram program) {
        Double w = null;
        Double b = null;
        boolean uniform = true;
        for (NetworkLayer layer : program.layers()) {
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
