package org.ntkc.empirical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.TDistribution;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.Parameterization;
import org.ntkc.runtime.EmpiricalKernels;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.MonteCarloKernels;
import org.ntkc.runtime.NetworkArchitecture;

/**
 * Finite networks against the infinite-width limit (MATH.md §6): for each hidden width n, the Monte Carlo mean of the
 * empirical kernels of S random networks with every hidden layer n wide, compared with the analytic kernels of the
 * same architecture at the same widths (the interpreter; in the standard parameterization Θ depends on the widths).
 * The error measure is the relative Frobenius error ‖K̄ − K‖_F / ‖K‖_F over the P × P matrix, with a jackknife standard
 * error over the S networks; its slope against the width on log–log axes should be near −1/2.
 */
public final class ConvergenceStudy {
    private ConvergenceStudy() {
    }

    /** Which empirical NNGP to compare with Σ (docs/empirical.md). */
    public enum NngpEstimate {
        /** c_w²·a_L·a_L' + c_b²: the output NNGP's expectation over the readout layer; converges like n^(−1/2). */
        READOUT,
        /** (1/n_L)·Σ_a f_a·f_a': dominated by the sampling error of S·n_L Gaussian outputs, whatever the width. */
        OUTPUTS
    }

    /** What to run: widths, networks per width, the seed of their parameters, threads, and the NNGP estimate. */
    public record Settings(List<Integer> widths, int samples, long seed, int threads, NngpEstimate nngp) {
        public Settings {
            widths = List.copyOf(widths);
            if (widths.isEmpty()) {
                throw new IllegalArgumentException("need at least one width");
            }
            for (int w : widths) {
                if (w < 1) {
                    throw new IllegalArgumentException("widths must be at least 1, got " + w);
                }
            }
            if (samples < 2) {
                throw new IllegalArgumentException("need at least 2 networks per width for a standard error, got "
                        + samples);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("need at least one thread, got " + threads);
            }
        }
    }

    /**
     * One width: the relative errors of the Monte Carlo means with their jackknife standard errors; the mean error of
     * a single network with its standard error; how many of the P(P+1)/2 distinct NTK entries have the analytic value
     * inside the mean's two-sided 95% band (Student t with S − 1 degrees of freedom), and the largest
     * |mean − analytic| / standard error.
     */
    public record WidthResult(int width, long parameters, int samples, double ntkError, double ntkErrorSe,
                              double nngpError, double nngpErrorSe, double singleNtkError, double singleNtkErrorSe,
                              double singleNngpError, double singleNngpErrorSe,
                              int ntkInBand, int entries, double maxZ, double seconds) {
    }

    /** All widths, and the least-squares slopes of log error against log width. */
    public record Result(List<WidthResult> rows, double slopeNtk, double slopeNngp) {
        public Result {
            rows = List.copyOf(rows);
        }

        public WidthResult largest() {
            return rows.get(rows.size() - 1);
        }
    }

    /** Told as the study goes; both methods are called from one thread at a time. */
    public interface Progress {
        /** After each network of a width, with the running estimate and the relative NTK error of its mean. */
        void sample(int width, int done, int total, double runningNtkError);

        void widthDone(WidthResult result);
    }

    /**
     * Runs the study of {@code architecture} (the finite network of {@code program}, at any widths) on the points
     * {@code x}. The program gives the analytic kernels; both must describe the same network.
     */
    public static Result run(KernelProgram program, NetworkArchitecture architecture, double[][] x,
                             Settings settings, Progress progress) {
        if (architecture.hiddenLayers() == 0) {
            throw new IllegalArgumentException("network " + program.name() + " has no hidden layer: its empirical "
                    + "kernels equal the analytic ones at every width, so there is nothing to converge");
        }
        List<WidthResult> rows = new ArrayList<>();
        Map<Integer, Kernels> analyticByWidth = new TreeMap<>();
        Kernels ntkParameterization = null;
        for (int width : settings.widths()) {
            long start = System.nanoTime();
            NetworkArchitecture sized = architecture.withHiddenWidths(width);
            Kernels analytic;
            if (program.parameterization() == Parameterization.NTK) {
                // The kernels do not depend on the widths: one evaluation serves every width.
                if (ntkParameterization == null) {
                    ntkParameterization = new Interpreter(program).evaluate(x, x);
                }
                analytic = ntkParameterization;
            } else {
                analytic = analyticByWidth.computeIfAbsent(width,
                        w -> new Interpreter(program.withWidths(sized.widths())).evaluate(x, x));
            }
            KernelMatrix theta = analytic.ntk();
            MonteCarloKernels.Listener listener = progress == null ? null
                    : (done, total, running) -> progress.sample(width, done, total,
                    relativeError(running.mean().ntk(), theta));
            MonteCarloKernels.Result mc = MonteCarloKernels.run(sized, x, settings.samples(),
                    settings.seed() + width, settings.threads(), true, listener);
            WidthResult row = summarize(width, sized.parameterCount(), mc, analytic, settings.nngp(),
                    (System.nanoTime() - start) / 1e9);
            rows.add(row);
            if (progress != null) {
                progress.widthDone(row);
            }
        }
        double[] logWidth = new double[rows.size()];
        double[] logNtk = new double[rows.size()];
        double[] logNngp = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            logWidth[i] = Math.log(rows.get(i).width());
            logNtk[i] = Math.log(rows.get(i).singleNtkError());
            logNngp[i] = Math.log(rows.get(i).singleNngpError());
        }
        return new Result(rows, slope(logWidth, logNtk), slope(logWidth, logNngp));
    }

    private static WidthResult summarize(int width, long parameters, MonteCarloKernels.Result mc, Kernels analytic,
                                         NngpEstimate nngp, double seconds) {
        int s = mc.samples();
        List<KernelMatrix> ntkSamples = new ArrayList<>();
        List<KernelMatrix> nngpSamples = new ArrayList<>();
        for (EmpiricalKernels k : mc.perSample()) {
            ntkSamples.add(k.ntk());
            nngpSamples.add(nngp == NngpEstimate.READOUT ? k.readoutNngp() : k.nngp());
        }
        double[] ntk = jackknife(ntkSamples, analytic.ntk());
        double[] sigma = jackknife(nngpSamples, analytic.nngp());
        double[] single = new double[s];
        double[] singleNngp = new double[s];
        for (int i = 0; i < s; i++) {
            single[i] = relativeError(ntkSamples.get(i), analytic.ntk());
            singleNngp[i] = relativeError(nngpSamples.get(i), analytic.nngp());
        }
        KernelMatrix mean = mc.mean().ntk();
        KernelMatrix se = mc.standardError().ntk();
        double t = new TDistribution(s - 1).inverseCumulativeProbability(0.975);
        int p = mean.rows();
        int inBand = 0;
        int entries = 0;
        double maxZ = 0;
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                entries++;
                double diff = Math.abs(mean.get(i, j) - analytic.ntk().get(i, j));
                double e = se.get(i, j);
                if (diff <= t * e) {
                    inBand++;
                }
                if (e > 0) {
                    maxZ = Math.max(maxZ, diff / e);
                } else if (diff > 0) {
                    maxZ = Double.POSITIVE_INFINITY;
                }
            }
        }
        return new WidthResult(width, parameters, s, ntk[0], ntk[1], sigma[0], sigma[1], mean(single),
                Math.sqrt(variance(single) / s), mean(singleNngp), Math.sqrt(variance(singleNngp) / s), inBand,
                entries, maxZ, seconds);
    }

    /**
     * The relative error of the mean of {@code samples} against {@code reference}, and its jackknife standard error
     * (the error is a smooth function of the mean, which the jackknife handles without a formula for its variance).
     */
    static double[] jackknife(List<KernelMatrix> samples, KernelMatrix reference) {
        int s = samples.size();
        int n = reference.data().length;
        double[] sum = new double[n];
        for (KernelMatrix k : samples) {
            double[] d = k.data();
            for (int i = 0; i < n; i++) {
                sum[i] += d[i];
            }
        }
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = sum[i] / s;
        }
        double error = relativeError(mean, reference.data());
        double[] leaveOneOut = new double[s];
        double[] m = new double[n];
        for (int k = 0; k < s; k++) {
            double[] d = samples.get(k).data();
            for (int i = 0; i < n; i++) {
                m[i] = (sum[i] - d[i]) / (s - 1);
            }
            leaveOneOut[k] = relativeError(m, reference.data());
        }
        double average = mean(leaveOneOut);
        double squares = 0;
        for (double e : leaveOneOut) {
            squares += (e - average) * (e - average);
        }
        return new double[] {error, Math.sqrt((s - 1.0) / s * squares)};
    }

    /** ‖a − b‖_F / ‖b‖_F. */
    public static double relativeError(KernelMatrix a, KernelMatrix b) {
        return relativeError(a.data(), b.data());
    }

    private static double relativeError(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    /** The least-squares slope of y against x; NaN for fewer than two distinct x or non-finite values. */
    static double slope(double[] x, double[] y) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }

    /**
     * {@code count} points on the sphere of radius √n0 (so that x·x/n0 = 1, the scale the kernels are usually studied
     * at), uniformly distributed, from {@code seed}.
     */
    public static double[][] spherePoints(int count, int inputDim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[count][inputDim];
        for (double[] row : x) {
            double norm = 0;
            do {
                norm = 0;
                for (int j = 0; j < inputDim; j++) {
                    row[j] = random.nextGaussian();
                    norm += row[j] * row[j];
                }
            } while (norm == 0);
            double scale = Math.sqrt(inputDim / norm);
            for (int j = 0; j < inputDim; j++) {
                row[j] *= scale;
            }
        }
        return x;
    }
}
