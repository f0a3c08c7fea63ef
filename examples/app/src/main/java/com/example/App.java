package com.example;

import java.util.Locale;
import java.util.Random;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.KernelRegression;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NtkKernel;

/**
 * What an infinitely wide network learns: fits y = sin(3 x0) + x1² from 200 noisy samples with the NTK of the network
 * in regressor.ntk (gradient descent to convergence, t = ∞) and with its NNGP kernel (the Bayesian posterior mean),
 * then predicts unseen points. The kernel class {@link RegressorKernel} was generated from the spec at build time;
 * at run time the app carries only ntkc's runtime (org.ntkc:ntkc-runtime, JDK-only), which also does the regression.
 */
public final class App {
    private App() {
    }

    static double target(double[] x) {
        return Math.sin(3 * x[0]) + x[1] * x[1];
    }

    public static void main(String[] args) {
        Random random = new Random(42);
        double[][] train = points(200, random);
        double[][] test = points(500, random);
        double[] y = new double[train.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = target(train[i]) + 0.05 * random.nextGaussian();
        }

        System.out.println("run-time class path: " + System.getProperty("java.class.path"));
        NtkKernel kernel = new RegressorKernel();
        System.out.printf(Locale.ROOT, "network %s: input %d, output width %d; %s%n", kernel.name(), kernel.inputDim(),
                kernel.outputWidth(), kernel.implementation());
        long start = System.nanoTime();
        Kernels trainKernels = kernel.kernels(train, train);
        Kernels testKernels = kernel.kernels(test, train);
        System.out.printf(Locale.ROOT, "kernels: %d x %d and %d x %d in %.1f ms%n", train.length, train.length,
                test.length, train.length, (System.nanoTime() - start) / 1e6);
        KernelMatrix theta = trainKernels.ntk();
        System.out.println("NTK of the first three training points:");
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "  %9.5f %9.5f %9.5f%n", theta.get(i, 0), theta.get(i, 1), theta.get(i, 2));
        }

        double ntkRmse = rmse(predict(trainKernels.ntk(), testKernels.ntk(), y), test);
        double nngpRmse = rmse(predict(trainKernels.nngp(), testKernels.nngp(), y), test);
        double meanRmse = rmse(new double[test.length], test, mean(y));
        System.out.printf(Locale.ROOT, "test RMSE: NTK %.4f, NNGP %.4f, predicting the mean %.4f%n", ntkRmse, nngpRmse,
                meanRmse);
        double[] first = predict(trainKernels.ntk(), testKernels.ntk(), y);
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "  x = (%6.3f, %6.3f): predicted %7.4f, true %7.4f%n", test[i][0],
                    test[i][1], first[i], target(test[i]));
        }
        System.out.printf(Locale.ROOT, "rmse=%.4f%n", ntkRmse);
    }

    /** Kernel regression: k(X*, X) (K(X, X) + λI)^{-1} y, with λ = 1e-3 · trace/n for the noise in y. */
    static double[] predict(KernelMatrix trainTrain, KernelMatrix testTrain, double[] y) {
        return KernelRegression.fit(trainTrain, y, 1e-3).predict(testTrain);
    }

    static double[][] points(int n, Random random) {
        double[][] x = new double[n][2];
        for (double[] p : x) {
            p[0] = 2 * random.nextDouble() - 1;
            p[1] = 2 * random.nextDouble() - 1;
        }
        return x;
    }

    static double rmse(double[] predicted, double[][] x) {
        return rmse(predicted, x, 0);
    }

    static double rmse(double[] predicted, double[][] x, double offset) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double e = predicted[i] + offset - target(x[i]);
            sum += e * e;
        }
        return Math.sqrt(sum / x.length);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
