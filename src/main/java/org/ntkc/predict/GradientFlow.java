package org.ntkc.predict;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.decomposition.eig.EigenPowerMethod_DDRM;
import org.ntkc.runtime.KernelMatrix;

/**
 * What an infinitely wide network trained by gradient descent on the mean squared error predicts (MATH.md §5; Jacot
 * et al. 2018, Lee et al. 2019). Conventions:
 *
 * <ul>
 *   <li>loss L(f) = 1/(2n) · Σᵢ ‖f(xᵢ) − yᵢ‖², normalised by the number n of training points (not by n·k as in
 *       neural-tangents, which averages over the k outputs as well);</li>
 *   <li>gradient flow with learning rate η: df/dt = −(η/n)·Θ·(f − Y), so t counts gradient-descent steps of size η
 *       (in the continuous-time limit); the network output starts at its mean, 0;</li>
 *   <li>the mean prediction at time t: μ_t(X*) = Θ(X*, X)·Θ⁻¹·(I − e^{−ηΘt/n})·Y, computed from the
 *       eigendecomposition Θ = V·diag(λ)·Vᵀ as Θ(X*, X)·V·diag((1 − e^{−ηλt/n})/λ)·Vᵀ·Y (the factor is ηt/n at
 *       λ = 0, so no inverse of a small eigenvalue is ever formed); at t = ∞ it is the kernel-ridge solution
 *       Θ(X*, X)·Θ⁻¹·Y, solved by Cholesky ({@link KernelSystem});</li>
 *   <li>diagonal regularisation: Θ is replaced by Θ + λ·(trace Θ/n)·I everywhere (as neural-tangents' diag_reg);</li>
 *   <li>gradient descent with step η is stable when η < 2n/λ_max: {@link #largestStableLearningRate}.</li>
 * </ul>
 */
public final class GradientFlow {
    private GradientFlow() {
    }

    /** Mean predictions on the test points (m × k), and how the system was solved. */
    public record Prediction(DMatrixRMaj mean, SolveReport report) {
    }

    /**
     * μ_t on the test points. {@code time} may be {@link Double#POSITIVE_INFINITY}; {@code trainTrain} is Θ(X, X)
     * (n × n), {@code testTrain} is Θ(X*, X) (m × n), {@code y} the n × k targets.
     */
    public static Prediction mean(KernelMatrix trainTrain, KernelMatrix testTrain, DMatrixRMaj y, double ridge,
                                  double time, double learningRate) {
        checkShapes(trainTrain, testTrain, y);
        if (!(time >= 0)) {
            throw new IllegalArgumentException("the training time must be >= 0, got " + time);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a finite number > 0, got " + learningRate);
        }
        if (time == Double.POSITIVE_INFINITY) {
            KernelSystem system = KernelSystem.solve(trainTrain, y, ridge);
            return new Prediction(multiply(testTrain, system.alpha()), system.report());
        }
        Coefficients at = coefficientsAt(trainTrain, y, ridge, time, learningRate);
        SolveReport report = new SolveReport(SolveReport.Method.EIGEN, KernelSystem.scale(trainTrain), ridge, 0,
                Double.NaN, at.clamped(), 0, List.of());
        return new Prediction(multiply(testTrain, at.alpha()), report);
    }

    /** α_t, and how many negative eigenvalues were clamped on the way. */
    record Coefficients(DMatrixRMaj alpha, int clamped) {
    }

    /**
     * The coefficients α_t = V·diag((1 − e^{−ηλt/n})/λ)·Vᵀ·Y with μ_t(x*) = Θ(x*, X)·α_t (the t = ∞ limit is Θ⁻¹Y).
     */
    static Coefficients coefficientsAt(KernelMatrix trainTrain, DMatrixRMaj y, double ridge, double time,
                                      double learningRate) {
        int n = trainTrain.rows();
        double s = ridge * KernelSystem.scale(trainTrain);
        SymmetricEigen eig = SymmetricEigen.of(DMatrixRMaj.wrap(n, n, trainTrain.data()), s);
        double c = learningRate * time / n;
        return new Coefficients(eig.apply(v -> v > 0 ? -Math.expm1(-c * v) / v : c, y), eig.clamped());
    }

    /**
     * 2n/λ_max(Θ + λ·(trace/n)·I): gradient descent on the loss above diverges for larger steps. λ_max by power
     * iteration (EJML), which converges fast for kernel matrices: their top eigenvalue, the constant mode, stands
     * far above the rest.
     */
    public static double largestStableLearningRate(KernelMatrix trainTrain, double ridge) {
        return 2.0 * trainTrain.rows() / largestEigenvalue(trainTrain, ridge);
    }

    /** λ_max(K + λ·(trace/n)·I). */
    public static double largestEigenvalue(KernelMatrix k, double ridge) {
        int n = k.rows();
        double s = ridge * KernelSystem.scale(k);
        DMatrixRMaj a = DMatrixRMaj.wrap(n, n, k.data());
        EigenPowerMethod_DDRM power = new EigenPowerMethod_DDRM(n);
        power.setOptions(1000, 1e-10);
        DMatrixRMaj seed = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.fill(seed, 1.0);
        power.setSeed(seed);
        power.computeDirect(a); // without convergence the Rayleigh quotient below is still a lower bound
        DMatrixRMaj v = power.getEigenVector();
        DMatrixRMaj av = CommonOps_MT_DDRM.mult(a, v, null);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += v.data[i] * av.data[i];
            den += v.data[i] * v.data[i];
        }
        return num / den + s;
    }

    static DMatrixRMaj multiply(KernelMatrix testTrain, DMatrixRMaj alpha) {
        DMatrixRMaj cross = DMatrixRMaj.wrap(testTrain.rows(), testTrain.cols(), testTrain.data());
        return CommonOps_MT_DDRM.mult(cross, alpha, null);
    }

    static void checkShapes(KernelMatrix trainTrain, KernelMatrix testTrain, DMatrixRMaj y) {
        if (trainTrain.rows() != trainTrain.cols()) {
            throw new IllegalArgumentException("the training kernel must be square, got " + trainTrain);
        }
        if (testTrain.cols() != trainTrain.rows()) {
            throw new IllegalArgumentException("the test kernel " + testTrain + " does not match the training kernel "
                    + trainTrain);
        }
        if (y.numRows != trainTrain.rows()) {
            throw new IllegalArgumentException("the targets have " + y.numRows + " rows, the training kernel "
                    + trainTrain.rows());
        }
    }
}
