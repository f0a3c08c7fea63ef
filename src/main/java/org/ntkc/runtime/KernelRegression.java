package org.ntkc.runtime;

import org.ntkc.linalg.LowerTriangular;
import org.ntkc.linalg.NotPositiveDefiniteException;

/**
 * Kernel regression with a generated kernel, for apps: α = (K + λI)⁻¹ y with λ = ridge · trace(K)/n, by the JDK-only
 * blocked Cholesky of {@code org.ntkc.linalg}, and predictions k(X*, X)·α. With the NTK this is what an infinitely
 * wide network trained to convergence (t = ∞) predicts; with the NNGP, the Bayesian posterior mean. Part of the
 * runtime artifact, so an app predicts without the compiler. ({@code ntkc fit} adds escalating jitter, an
 * eigendecomposition fallback and a residual report on top of the same solve.)
 */
public final class KernelRegression {
    private final double[] alpha;
    private final double lambda;

    private KernelRegression(double[] alpha, double lambda) {
        this.alpha = alpha;
        this.lambda = lambda;
    }

    /**
     * Fits {@code y} on the training kernel {@code k} (n × n, symmetric), with the ridge relative to trace(K)/n.
     *
     * @throws IllegalArgumentException for a kernel that is not square, targets of the wrong length, a ridge that is
     *                                  negative or not finite, or K + λI that is not positive definite (name the
     *                                  pivot; a larger ridge helps)
     */
    public static KernelRegression fit(KernelMatrix k, double[] y, double ridge) {
        return fit(k, y, ridge, Runtime.getRuntime().availableProcessors());
    }

    /** {@link #fit(KernelMatrix, double[], double)} on {@code threads} threads. */
    public static KernelRegression fit(KernelMatrix k, double[] y, double ridge, int threads) {
        int n = k.rows();
        if (k.cols() != n) {
            throw new IllegalArgumentException("the training kernel must be square, got " + n + " x " + k.cols());
        }
        if (y.length != n) {
            throw new IllegalArgumentException("the kernel has " + n + " rows but there are " + y.length
                    + " targets");
        }
        if (!(ridge >= 0) || !Double.isFinite(ridge)) {
            throw new IllegalArgumentException("the ridge must be a finite number >= 0, got " + ridge);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += k.get(i, i);
        }
        double lambda = n == 0 ? 0 : ridge * trace / n;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = k.get(i, j);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("the training kernel is not finite at (" + i + ", " + j + ")");
                }
                a[i * n + j] = v;
            }
            a[i * n + i] += lambda;
        }
        LowerTriangular l;
        try {
            l = LowerTriangular.cholesky(a, n, threads);
        } catch (NotPositiveDefiniteException e) {
            throw new IllegalArgumentException("K + " + lambda + " I is not positive definite (pivot " + e.index()
                    + " is " + e.pivot() + "); use a larger ridge than " + ridge, e);
        }
        double[][] z = l.solve(new double[][] {y}, threads);
        return new KernelRegression(l.solveTransposed(z, threads)[0], lambda);
    }

    /** Predictions at the test points of {@code testTrain} (k(X*, X), one row per test point). */
    public double[] predict(KernelMatrix testTrain) {
        if (testTrain.cols() != alpha.length) {
            throw new IllegalArgumentException("the test kernel has " + testTrain.cols() + " columns but "
                    + alpha.length + " training points were fitted");
        }
        double[] out = new double[testTrain.rows()];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int j = 0; j < alpha.length; j++) {
                s += testTrain.get(i, j) * alpha[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** The dual coefficients α, one per training point (a copy). */
    public double[] alpha() {
        return alpha.clone();
    }

    /** The λ added to the diagonal: the ridge times trace(K)/n. */
    public double lambda() {
        return lambda;
    }
}
