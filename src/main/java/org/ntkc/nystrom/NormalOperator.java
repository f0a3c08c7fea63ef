package org.ntkc.nystrom;

/**
 * The data's only appearance in a Nyström solve: {@code u ↦ K_nMᵀ K_nM u} and {@code K_nMᵀ Y}, for the n training
 * points and M centres. Vectors are {@code double[k][M]}, one per output.
 */
public interface NormalOperator {
    /** n, the number of training points summed over. */
    int points();

    /** M, the number of centres. */
    int centres();

    /** {@code K_nMᵀ Y}, one vector of length M per output. */
    double[][] rhs();

    /** {@code K_nMᵀ K_nM u} for each vector of {@code u}. */
    double[][] apply(double[][] u);
}
