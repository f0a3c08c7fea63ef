package org.ntkc.nystrom;

import java.util.Arrays;
import org.ntkc.linalg.Dense;

/**
 * A fitted Nyström regressor: {@code f(x) = K(x, C) α}, one coefficient vector per output.
 *
 * @param centres the M centres
 * @param alpha {@code alpha[c]} the M coefficients of output c
 */
public record NystromModel(double[][] centres, double[][] alpha) {

    /** Predictions {@code out[c][i]} for each output c and point i, computed in blocks of rows. */
    public double[][] predict(BlockKernel kernel, double[][] x, int blockRows, int threads) {
        int m = centres.length;
        double[][] out = new double[alpha.length][x.length];
        for (int from = 0; from < x.length; from += blockRows) {
            double[][] xb = Arrays.copyOfRange(x, from, Math.min(x.length, from + blockRows));
            double[][] part = Dense.times(kernel.compute(xb, centres), xb.length, m, alpha, threads);
            for (int c = 0; c < alpha.length; c++) {
                System.arraycopy(part[c], 0, out[c], from, xb.length);
            }
        }
        return out;
    }

    /** Predictions for points whose kernel against the centres is already known ({@code rows × M}, row-major). */
    public double[][] predictFromKernel(double[] kernelRows, int rows, int threads) {
        return Dense.times(kernelRows, rows, centres.length, alpha, threads);
    }
}
