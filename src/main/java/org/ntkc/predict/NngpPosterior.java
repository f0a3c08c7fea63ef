package org.ntkc.predict;

import org.ejml.data.DMatrixRMaj;
import org.ntkc.runtime.KernelMatrix;

/**
 * The posterior of the NNGP — the Gaussian process that a randomly initialised infinitely wide network is, or the
 * network trained in its last layer only — given the training targets (MATH.md §5):
 *
 * <pre>
 *   mean      K(X*, X)·(K + s·I)⁻¹·Y
 *   variance  K(x*, x*) − K(x*, X)·(K + s·I)⁻¹·K(X, x*)      (per test point; the same for every output)
 * </pre>
 *
 * with s = (λ + jitter)·trace(K)/n: λ is the observation-noise variance relative to the mean prior variance. The
 * variance is that of the latent function (add s for a noisy observation). Rounding can make it a hair below 0 at
 * points the training set pins down; it is clamped to 0.
 */
public final class NngpPosterior {
    private NngpPosterior() {
    }

    /** Mean (m × k), variance per test point (null unless asked for), and how the system was solved. */
    public record Posterior(DMatrixRMaj mean, double[] variance, SolveReport report) {
    }

    /**
     * @param testDiagonal K(x*, x*) for every test point; null to skip the variance (which costs about as much again
     *                     as the solve: one triangular solve per test point)
     */
    public static Posterior of(KernelMatrix trainTrain, KernelMatrix testTrain, double[] testDiagonal, DMatrixRMaj y,
                               double ridge) {
        GradientFlow.checkShapes(trainTrain, testTrain, y);
        KernelSystem system = KernelSystem.solve(trainTrain, y, ridge);
        DMatrixRMaj mean = GradientFlow.multiply(testTrain, system.alpha());
        double[] variance = null;
        if (testDiagonal != null) {
            if (testDiagonal.length != testTrain.rows()) {
                throw new IllegalArgumentException("the test diagonal has " + testDiagonal.length + " entries, the test "
                        + "kernel " + testTrain.rows() + " rows");
            }
            double[] explained = system.quadraticForms(testTrain);
            variance = new double[explained.length];
            for (int i = 0; i < variance.length; i++) {
                variance[i] = Math.max(0, testDiagonal[i] - explained[i]);
            }
        }
        return new Posterior(mean, variance, system.report());
    }
}
