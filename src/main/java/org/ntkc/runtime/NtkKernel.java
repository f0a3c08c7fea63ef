package org.ntkc.runtime;

/**
 * A compiled network's infinite-width kernels: the NNGP kernel Σ and the Neural Tangent Kernel Θ between sets of
 * points. Generated {@code <Network>Kernel} classes implement it; apps hold one and call it from any thread.
 *
 * <p>Matrices: entry (i, j) is the kernel of row i of {@code x1} and row j of {@code x2}. Passing the same array twice
 * means a symmetric matrix, computed once per pair and exactly symmetric. The full kernels over the network's n_L
 * outputs are Σ ⊗ I and Θ ⊗ I; these are the scalar factors.
 */
public interface NtkKernel {
    /** The network's name in its spec. */
    String name();

    /** The input dimension n0: the length of every point. */
    int inputDim();

    /** n_L, the width of the last dense layer. */
    int outputWidth();

    /** Both kernels (computing Θ needs Σ, so asking for both costs little more than Θ alone). */
    Kernels kernels(double[][] x1, double[][] x2);

    /** The NTK Θ(x1, x2). */
    KernelMatrix ntk(double[][] x1, double[][] x2);

    /** The NNGP kernel Σ(x1, x2); cheaper than the NTK. */
    KernelMatrix nngp(double[][] x1, double[][] x2);

    /** {Σ(x, y), Θ(x, y)} for one pair of points. */
    double[] pair(double[] x, double[] y);

    /**
     * The kernels of every point with itself, without a matrix: {@code {Σ(x_i, x_i)}, {Θ(x_i, x_i)}} (e.g. the
     * prior variances of the NNGP). O(N) memory; the same values as the matrix diagonals.
     */
    default double[][] diagonals(double[][] x) {
        double[] nngp = new double[x.length];
        double[] ntk = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] p = pair(x[i], x[i]);
            nngp[i] = p[0];
            ntk[i] = p[1];
        }
        return new double[][] {nngp, ntk};
    }

    /** The options this instance computes with. */
    KernelOptions options();

    /** The same kernel with other options (thread count, vector code on or off). */
    NtkKernel withOptions(KernelOptions options);

    /** Which code computes the entries, e.g. "vector (8 x 64-bit lanes)" or "scalar". */
    String implementation();
}
