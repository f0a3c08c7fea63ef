package org.ntkc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.ntkc.Compilation;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.Step;
import org.ntkc.runtime.CompiledKernel;
import org.ntkc.runtime.NtkKernel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ntkc bench SPEC}: times the kernel of N standard-normal points (or of given points) after a warm-up,
 * excluding JVM start-up and compilation, and ends with a machine-readable line.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time a network's kernel matrix on N standard-normal points (fixed seed) or on given points, "
                + "after a warm-up; compilation and start-up are not timed.",
                "The last line is: kernel_seconds=<median> gflops_gram=<...> ns_per_entry_layer=<...>"})
final class BenchCommand implements Callable<Integer> {
    /** Which kernels to time. */
    enum Kind { ntk, nngp, both }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SPEC.ntk", description = "The spec file.")
    private Path file;

    /** Where the points come from: generated or read. */
    static final class Points {
        @Option(names = "--n", paramLabel = "N", description = "Number of standard-normal points (default 2000).")
        Integer n;

        @Option(names = "--x", paramLabel = "A.csv", description = "Points to use instead, one per row (CSV or NumPy .npy/.npz).")
        Path x;
    }

    @ArgGroup(exclusive = true)
    private Points points = new Points();

    @Option(names = "--kind", paramLabel = "ntk|nngp|both", defaultValue = "both",
            description = "Which kernel to compute (default: both).")
    private Kind kind;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "5", description = "Timed runs (default: 5).")
    private int repeat;

    @Mixin
    private ThreadsOption threads;

    @Mixin
    private NetworkOption network;

    @Option(names = "--interpret", description = "Time the IR interpreter instead of the generated code.")
    private boolean interpret;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "0", description = "Seed of the random points.")
    private long seed;

    @Override
    public Integer call() {
        if (repeat < 1) {
            throw new CliException(CliException.USAGE, "--repeat must be at least 1, got " + repeat);
        }
        PrintWriter out = spec.commandLine().getOut();
        Compilation compilation = Specs.compile(file, spec.commandLine().getErr());
        KernelProgram program = Specs.select(compilation, file, network.name());
        if (interpret) {
            Specs.checkInterpreterMemory(program, Runtime.getRuntime().availableProcessors());
        }
        int processors = Runtime.getRuntime().availableProcessors();
        if (threads.value() != null && threads.value() > processors && !interpret) {
            // More threads than processors time-share the cores: each thread's phase times then include the time it
            // waited, and rates derived from them are meaningless (64 threads on 2 cores showed 6x the real rate).
            out.printf(Locale.ROOT, "note: --threads %d capped at the %d processors this JVM has; more threads than "
                    + "processors only time-share them, and the per-phase rates would be wrong%n", threads.value(),
                    processors);
            threads.set(processors);
        }
        int layers = layerCount(program);
        boolean nngp = kind != Kind.ntk;
        boolean ntk = kind != Kind.nngp;
        if (points.x == null) {
            checkMemory(points.n == null ? 2000 : points.n, program.inputDim(), interpret || (nngp && ntk) ? 2 : 1);
        }
        double[][] x = points(program);
        if (points.x != null) {
            checkMemory(x.length, program.inputDim(), interpret || (nngp && ntk) ? 2 : 1);
        }

        double[] seconds = new double[repeat];
        double gflops = Double.NaN;
        double nsPerEntryLayer = Double.NaN;
        if (interpret) {
            out.printf(Locale.ROOT, "network %s: %d points, input %d, %d layers; IR interpreter, %s threads; Java %s%n",
                    program.name(), x.length, program.inputDim(), layers, "all", System.getProperty("java.version"));
            Interpreter interpreter = new Interpreter(program);
            InterpreterEstimate.announce(interpreter, program, x, x, Runtime.getRuntime().availableProcessors(),
                    spec.commandLine().getErr());
            interpreter.evaluate(Arrays.copyOf(x, Math.min(x.length, 16)), Arrays.copyOf(x, Math.min(x.length, 16)));
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                interpreter.evaluate(x, x);
                seconds[r] = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "run %d: %.4f s%n", r + 1, seconds[r]);
            }
        } else if (program.isSpatial()) {
            // Image kernels have no separate Gram and layer phases: the wall time of whole runs is what is timed.
            NtkKernel kernel = CompiledKernels.load(program, file, threads.value());
            out.printf(Locale.ROOT, "network %s: %d points, input %s, %d layers; %s, %d threads; Java %s%n",
                    program.name(), x.length, program.inputShape(), layers, kernel.implementation(),
                    kernel.options().threads(), System.getProperty("java.version"));
            for (int r = 0; r < 2; r++) {
                runImage(kernel, x, nngp, ntk);
            }
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                runImage(kernel, x, nngp, ntk);
                seconds[r] = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "run %d: %.4f s%n", r + 1, seconds[r]);
            }
        } else {
            NtkKernel kernel = CompiledKernels.load(program, file, threads.value());
            CompiledKernel<?> compiled = (CompiledKernel<?>) kernel;
            out.printf(Locale.ROOT, "network %s: %d points, input %d, %d layers; %s, %d threads; Java %s%n",
                    program.name(), x.length, program.inputDim(), layers, kernel.implementation(),
                    kernel.options().threads(), System.getProperty("java.version"));
            warmUp(compiled, x, nngp, ntk);
            double[] gram = new double[repeat];
            double[] perEntry = new double[repeat];
            for (int r = 0; r < repeat; r++) {
                CompiledKernel.Timing[] t = new CompiledKernel.Timing[1];
                compiled.timed(x, x, nngp, ntk, t);
                CompiledKernel.Timing timing = t[0];
                seconds[r] = timing.wallNanos() / 1e9;
                double gramWall = timing.gramNanos() / 1e9 / kernel.options().threads();
                gram[r] = 2.0 * timing.entries() * program.inputDim() / gramWall / 1e9;
                perEntry[r] = timing.layersNanos() / (double) timing.entries() / layers;
                out.printf(Locale.ROOT, "run %d: %.4f s (gram %.4f s at %.1f GFLOP/s, layers %.4f s at %.2f ns per "
                                + "entry and layer on one core, prepare %.4f s, assemble %.4f s)%n", r + 1,
                        seconds[r], gramWall, gram[r], timing.layersNanos() / 1e9 / kernel.options().threads(),
                        perEntry[r], timing.prepareNanos() / 1e9, timing.assembleNanos() / 1e9);
            }
            gflops = median(gram);
            nsPerEntryLayer = median(perEntry);
        }
        if (interpret || program.isSpatial()) {
            out.println("note: gflops_gram and ns_per_entry_layer are n/a with --interpret and for image networks: "
                    + "they have no separate Gram and layer phases to time");
        } else if (!Double.isFinite(gflops) || !Double.isFinite(nsPerEntryLayer)) {
            out.println("note: a phase took too little time to measure; its rate is n/a (use more points)");
        }
        out.printf(Locale.ROOT, "kernel_seconds=%s gflops_gram=%s ns_per_entry_layer=%s%n",
                Machine.number("%.4f", median(seconds)), Machine.number("%.2f", gflops),
                Machine.number("%.3f", nsPerEntryLayer));
        return 0;
    }

    private static void runImage(NtkKernel kernel, double[][] x, boolean nngp, boolean ntk) {
        if (nngp && ntk) {
            kernel.kernels(x, x);
        } else if (ntk) {
            kernel.ntk(x, x);
        } else {
            kernel.nngp(x, x);
        }
    }

    /**
     * JIT warm-up at the size measured: at least two runs and two seconds, so that C2 has compiled the layer code
     * (small sizes first would train C2 on profiles where diagonal tiles dominate, and it then compiles the common
     * path worse; the generated loops have no tails to deoptimise on).
     */
    private static void warmUp(CompiledKernel<?> kernel, double[][] x, boolean nngp, boolean ntk) {
        long start = System.nanoTime();
        for (int k = 0; k < 200 && (k < 2 || System.nanoTime() - start < 2_000_000_000L); k++) {
            kernel.timed(x, x, nngp, ntk, new CompiledKernel.Timing[1]);
        }
    }

    private double[][] points(KernelProgram program) {
        if (points.x != null) {
            double[][] x = Matrices.read(points.x, org.ntkc.data.LabeledCsv.Header.AUTO);
            if (x[0].length != program.inputDim()) {
                throw new CliException(CliException.BAD_INPUT, points.x + ": points have " + x[0].length
                        + " values per row, but network " + program.name() + " takes input " + program.inputDim());
            }
            return x;
        }
        int n = points.n == null ? 2000 : points.n;
        if (n < 1) {
            throw new CliException(CliException.USAGE, "--n must be at least 1, got " + n);
        }
        Random random = new Random(seed);
        double[][] x = new double[n][program.inputDim()];
        for (double[] row : x) {
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextGaussian();
            }
        }
        return x;
    }

    /**
     * Stops before allocating what cannot fit: {@code kinds} n x n kernel matrices (both kernels, or the
     * interpreter's two) and the points, as {@code kernel} and {@code fit} do.
     */
    static void checkMemory(long n, long d, int kinds) {
        if (n < 1) {
            return; // points() says what is wrong with the count
        }
        long entries = n * n;
        if (entries > Integer.MAX_VALUE - 8) {
            throw new CliException(CliException.BAD_INPUT, String.format(Locale.ROOT, "a %d x %d kernel matrix has "
                    + "%d entries, more than one Java array holds (2^31 - 1); bench at most 46340 points", n, n,
                    entries));
        }
        Memory.check("benchmarking " + n + " points (" + kinds + " kernel matri" + (kinds == 1 ? "x" : "ces") + " of "
                + n + " x " + n + ")", 8 * entries * kinds + 16 * n * d, "use fewer points (--n)");
    }

    /** Layers for "per entry and layer": activations, or dense layers for a network without any. */
    static int layerCount(KernelProgram program) {
        int activations = (int) program.allSteps().stream().filter(s -> s instanceof Step.Elementwise).count();
        return Math.max(1, activations);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
