package org.ntkc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import org.ntkc.Compilation;
import org.ntkc.NtkCompiler;
import org.ntkc.diag.SourceFile;
import org.ntkc.data.Standardization;
import org.ntkc.ir.KernelProgram;
import org.ntkc.predict.Format;
import org.ntkc.predict.GradientFlow;
import org.ntkc.predict.LinearRidge;
import org.ntkc.predict.NngpPosterior;
import org.ntkc.predict.SolveReport;
import org.ntkc.runtime.NtkKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ntkc demo}: the main job end to end with nothing but the jar. Compiles examples/fashion.ntk, computes its NTK
 * and NNGP kernel on the bundled Fashion-MNIST subset, trains the infinitely wide network both ways, and compares
 * with a linear baseline.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compile an example network (examples/fashion.ntk: three hidden ReLU layers), fit its "
                + "infinite-width limit on a bundled subset of Fashion-MNIST (4000 training and 1000 test images), "
                + "and compare the NTK, the NNGP and a linear baseline on the test set. Needs no files and no "
                + "network; 10 to 30 seconds on two cores.",
                "The last line is machine-readable: accuracy_ntk=<...> accuracy_nngp=<...> accuracy_linear=<...> "
                        + "kernel_seconds=<...> solve_seconds=<...>."})
final class DemoCommand implements Callable<Integer> {
    static final String RESOURCES = "/org/ntkc/demo/";
    static final String SPEC = "examples/fashion.ntk";
    static final int BUNDLED_TRAIN = 4000;
    static final int BUNDLED_TEST = 1000;
    /** The relative ridge of the demo's kernel solves (a touch of regularisation helps the NNGP; the NTK barely cares). */
    static final double RIDGE = 1e-3;
    /** The linear baseline's relative ridge (measured: 1e-2 … 1e-1 are best on these pixels). */
    static final double LINEAR_RIDGE = 1e-1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--limit-train", paramLabel = "N", defaultValue = "" + BUNDLED_TRAIN,
            description = "Training images to use, at most " + BUNDLED_TRAIN + " (default: all).")
    private int limitTrain;

    @Option(names = "--limit-test", paramLabel = "M", defaultValue = "" + BUNDLED_TEST,
            description = "Test images to use, at most " + BUNDLED_TEST + " (default: all).")
    private int limitTest;

    @Mixin
    private ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (limitTrain < 1 || limitTrain > BUNDLED_TRAIN || limitTest < 1 || limitTest > BUNDLED_TEST) {
            throw new CliException(CliException.USAGE, "--limit-train must be 1 to " + BUNDLED_TRAIN
                    + " and --limit-test 1 to " + BUNDLED_TEST);
        }
        long start = System.nanoTime();
        out.println("ntkc demo: what an infinitely wide network learns from a few thousand Fashion-MNIST images");

        KernelProgram program = compileSpec(err);
        DataSets.Pair data = DataSets.idx(resource("data/fashion-mnist/train-images-idx3-ubyte.gz"),
                resource("data/fashion-mnist/train-labels-idx1-ubyte.gz"),
                resource("data/fashion-mnist/t10k-images-idx3-ubyte.gz"),
                resource("data/fashion-mnist/t10k-labels-idx1-ubyte.gz"), limitTrain, limitTest);
        Problem problem = Problem.of(data, Problem.Task.classification);
        Standardization.Fitted fitted = Standardization.FEATURES.fit(data.train().x());
        double[][] x = fitted.apply(data.train().x());
        double[][] xs = fitted.apply(data.test().x());
        out.printf(Locale.ROOT, "data: Fashion-MNIST (Zalando, MIT licence), the first %d training and %d test images "
                + "of 28 x 28 pixels, %d classes, pixels standardised per feature%n", x.length, xs.length,
                problem.classes().count());
        out.println("network: " + FitCommand.network(program) + " (" + SPEC + ")");
        out.flush();

        long compileStart = System.nanoTime();
        NtkKernel kernel = CompiledKernels.load(program, java.nio.file.Path.of(SPEC), threads.value());
        double compileSeconds = seconds(compileStart);
        out.printf(Locale.ROOT, "compile: spec -> IR -> Java -> bytecode in memory, %.2f s%n", compileSeconds);
        out.flush();

        Progress.Sink sink = Progress.Sink.forErr(err);
        KernelPhase.Result kernels = KernelPhase.run(kernel, program, KernelPhase.Want.BOTH, x, xs, sink);
        long entries = (long) x.length * x.length + (long) xs.length * x.length;
        out.printf(Locale.ROOT, "kernel: %s = %.1f million entries each, %s, %d thread%s: %.2f s%n",
                KernelPhase.label(KernelPhase.Want.BOTH, x.length, xs.length), entries / 1e6,
                kernel.implementation(), kernel.options().threads(), kernel.options().threads() == 1 ? "" : "s",
                kernels.seconds());
        out.flush();

        DMatrixRMaj y = problem.targets();
        long ntkStart = System.nanoTime();
        GradientFlow.Prediction ntk;
        try (Progress bar = sink.start("NTK solve (" + x.length + " x " + x.length + ")", 0)) {
            ntk = GradientFlow.mean(kernels.train().ntk(), kernels.test().ntk(), y, RIDGE, Double.POSITIVE_INFINITY,
                    1);
        }
        double ntkSeconds = seconds(ntkStart);
        long nngpStart = System.nanoTime();
        NngpPosterior.Posterior nngp;
        try (Progress bar = sink.start("NNGP solve (" + x.length + " x " + x.length + ")", 0)) {
            nngp = NngpPosterior.of(kernels.train().nngp(), kernels.test().nngp(), null, y, RIDGE);
        }
        double nngpSeconds = seconds(nngpStart);
        out.printf(Locale.ROOT, "solve: NTK %.2f s (%s)%n", ntkSeconds, ntk.report().describe());
        out.printf(Locale.ROOT, "       NNGP %.2f s (%s)%n", nngpSeconds, nngp.report().describe());

        long linearStart = System.nanoTime();
        DMatrixRMaj linear = LinearRidge.fit(x, y, LINEAR_RIDGE).predict(xs);
        double linearSeconds = seconds(linearStart);

        Problem.Score ntkScore = problem.score(ntk.mean());
        Problem.Score nngpScore = problem.score(nngp.mean());
        Problem.Score linearScore = problem.score(linear);
        out.println("test accuracy on " + xs.length + " images:");
        out.printf(Locale.ROOT, "  %s  NTK     the infinitely wide network trained by gradient descent (t = inf)%n",
                percent(ntkScore));
        out.printf(Locale.ROOT, "  %s  NNGP    the infinitely wide network as a Bayesian model (posterior mean)%n",
                percent(nngpScore));
        out.printf(Locale.ROOT, "  %s  linear  ridge regression on the pixels (baseline, %.2f s)%n",
                percent(linearScore), linearSeconds);
        out.printf(Locale.ROOT, "ridge %s·trace/n for both kernels; total %.1f s%n", Format.sci(RIDGE),
                seconds(start));
        out.println("the same network on 10000 images of the full Fashion-MNIST (Debian package dataset-fashion-mnist, "
                + "D=" + FASHION + "):");
        out.println("  ./ntkc fit " + SPEC + " --limit-train 10000 --limit-test 2000 \\");
        out.println("    --train-images $D/train-images-idx3-ubyte.gz --train-labels $D/train-labels-idx1-ubyte.gz \\");
        out.println("    --test-images $D/t10k-images-idx3-ubyte.gz --test-labels $D/t10k-labels-idx1-ubyte.gz");
        out.printf(Locale.ROOT, "accuracy_ntk=%.4f accuracy_nngp=%.4f accuracy_linear=%.4f kernel_seconds=%.3f "
                + "solve_seconds=%.3f%n", ntkScore.value(), nngpScore.value(), linearScore.value(), kernels.seconds(),
                ntkSeconds + nngpSeconds);
        return 0;
    }

    static final String FASHION = "/usr/share/datasets/fashion-mnist";

    private static String percent(Problem.Score s) {
        return String.format(Locale.ROOT, "%6.2f%%", 100 * s.value());
    }

    private static KernelProgram compileSpec(PrintWriter err) throws IOException {
        String text;
        try (InputStream in = open("fashion.ntk")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Compilation c = NtkCompiler.compile(new SourceFile(SPEC, text));
        err.print(c.diagnostics().render());
        if (!c.succeeded() || c.programs().size() != 1) {
            throw new CliException(Main.INTERNAL_ERROR, "the bundled demo spec does not compile (a bug in ntkc)");
        }
        return c.programs().get(0);
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new CliException(Main.INTERNAL_ERROR, "the demo's " + name + " is missing from the jar (a bug in "
                    + "the build: it bundles examples/fashion.ntk and examples/data/fashion-mnist/)");
        }
        return in;
    }

    private static DataSets.Source resource(String name) {
        return new DataSets.Source() {
            @Override
            public InputStream open() throws IOException {
                return DemoCommand.open(name);
            }

            @Override
            public String name() {
                return "examples/" + name;
            }
        };
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
