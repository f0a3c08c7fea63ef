package org.ntkc.runtime;

/**
 * A running Monte Carlo estimate of the three empirical kernels: Welford's mean and sum of squared deviations per
 * entry, so that the mean and its standard error are available after every sample, in one pass and without keeping
 * the samples. Not thread-safe; {@link MonteCarloKernels} adds samples in order under a lock.
 */
public final class RunningKernels {
    private final int points;
    private final double[][] mean = new double[3][];
    private final double[][] squares = new double[3][];
    private int count;

    public RunningKernels(int points) {
        this.points = points;
        for (int k = 0; k < 3; k++) {
            mean[k] = new double[points * points];
            squares[k] = new double[points * points];
        }
    }

    /** Folds in one sample. */
    public void add(EmpiricalKernels sample) {
        count++;
        add(0, sample.nngp().data());
        add(1, sample.readoutNngp().data());
        add(2, sample.ntk().data());
    }

    private void add(int k, double[] x) {
        double[] m = mean[k];
        double[] s = squares[k];
        for (int i = 0; i < m.length; i++) {
            double d = x[i] - m[i];
            m[i] += d / count;
            s[i] += d * (x[i] - m[i]);
        }
    }

    /** The number of samples so far. */
    public int count() {
        return count;
    }

    /** The mean of the samples so far (a copy). */
    public EmpiricalKernels mean() {
        return new EmpiricalKernels(matrix(mean[0]), matrix(mean[1]), matrix(mean[2]));
    }

    /** The standard error of every entry of the mean, √(s²/S) with the unbiased s²; NaN before two samples. */
    public EmpiricalKernels standardError() {
        return new EmpiricalKernels(se(squares[0]), se(squares[1]), se(squares[2]));
    }

    private KernelMatrix matrix(double[] values) {
        KernelMatrix m = new KernelMatrix(points, points);
        System.arraycopy(values, 0, m.data(), 0, values.length);
        return m;
    }

    private KernelMatrix se(double[] s) {
        KernelMatrix m = new KernelMatrix(points, points);
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = count < 2 ? Double.NaN : Math.sqrt(s[i] / (count - 1) / count);
        }
        return m;
    }
}
