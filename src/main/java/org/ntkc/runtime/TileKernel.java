package org.ntkc.runtime;

/**
 * Carries a tile of entries through every layer of a network. On entry {@code sigma[r*ld + c]} holds the dot product
 * of points {@code i0 + r} (of the row set) and {@code j0 + c} (of the column set); on exit it holds Σ, and
 * {@code theta} holds Θ (left untouched when {@code ntk} is false). Generated kernels implement it twice: scalar code,
 * and Vector API code in a separate class that is only loaded when the module is present.
 */
public interface TileKernel<P extends PointStates> {
    void tile(P rows, int i0, P cols, int j0, int nr, int nc, double[] sigma, double[] theta, int ld, boolean ntk);
}
