package org.ntkc.runtime;

/**
 * What a compiled kernel knows about each point before it looks at pairs: the per-point values of every layer
 * (the variances q_i and what the code derives from them), computed once in O(N·L), and each point's final
 * Σ(x, x) and Θ(x, x). Generated kernels subclass it with one field per value their steps read.
 */
public abstract class PointStates {
    /**
     * Extra elements at the end of every per-point array, so that vector code can read whole vectors past the last
     * point instead of handling tails (the lanes past the end compute garbage that is never stored).
     */
    public static final int PADDING = 64;

    /** The number of points. */
    public final int count;
    /** Σ(x_i, x_i), exactly as the scalar recursion gives it. */
    public final double[] nngpDiagonal;
    /** Θ(x_i, x_i), likewise. */
    public final double[] ntkDiagonal;

    protected PointStates(int count) {
        this.count = count;
        this.nngpDiagonal = new double[count];
        this.ntkDiagonal = new double[count];
    }
}
