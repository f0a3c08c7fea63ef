package org.ntkc.linalg;

/**
 * The eigendecomposition {@code A = V diag(λ) Vᵀ} of a dense symmetric matrix: Householder tridiagonalisation
 * ({@link Tridiagonalization}, blocked, the trailing updates on the Gram kernel), divide and conquer on the
 * tridiagonal matrix ({@link TridiagonalEigen}) and the back-transformation of its eigenvectors with the
 * reflectors (blocked, on the Gram kernel): the steps of LAPACK's {@code dsyevd}.
 *
 * <p>The matrix is first scaled by a power of two that brings its largest entry into [1, 2) (exact, and undone on
 * the eigenvalues), so that entries from 1e-300 to 1e300 neither overflow nor underflow on the way.
 */
public final class SymmetricEigensolver {

    /**
     * Eigenvalues in increasing order, and the eigenvectors as the columns of a row-major n × n matrix
     * ({@code vectors[i * n + j]} is component i of the eigenvector of {@code values[j]}), orthonormal.
     */
    public record Decomposition(double[] values, double[] vectors) {
    }

    private SymmetricEigensolver() {
    }

    /**
     * Decomposes the row-major symmetric {@code n × n} matrix {@code a}; only its lower triangle is read, and
     * {@code a} is overwritten (with the Householder reflectors).
     *
     * @throws IllegalArgumentException if the lower triangle holds NaN or infinity, or a is too short
     */
    public static Decomposition decompose(double[] a, int n, int threads) {
        if (n < 0 || (long) n * n > a.length) {
            throw new IllegalArgumentException("an array of " + a.length + " doubles cannot hold " + n + " x " + n);
        }
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0, r = i * n; j <= i; j++) {
                double x = a[r + j];
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("the matrix holds " + x + " at row " + i + ", column " + j);
                }
                max = Math.max(max, Math.abs(x));
            }
        }
        double[] vectors = new double[n * n];
        if (max == 0) {
            for (int i = 0; i < n; i++) {
                vectors[i * n + i] = 1;
            }
            return new Decomposition(new double[n], vectors);
        }
        int exponent = Math.getExponent(max);
        if (exponent != 0) {
            double s = Math.scalb(1.0, -exponent);
            if (exponent > 1000) {
                // 2^-exponent may underflow to a subnormal; scale in two exact steps
                s = Math.scalb(1.0, -exponent / 2);
                scaleLower(a, n, s);
                s = Math.scalb(1.0, -(exponent - exponent / 2));
            }
            scaleLower(a, n, s);
        }
        Tridiagonalization t = Tridiagonalization.reduce(a, n, threads);
        double[] values = t.diagonal;
        double[] z = TridiagonalEigen.solve(values, t.offDiagonal, n, threads);
        Panels packed = new Panels(n, n);
        for (int e = 0; e < n; e++) {
            int at = packed.offset(e, 0);
            for (int i = 0, c = e * n; i < n; i++, at += Panels.W) {
                packed.data[at] = z[c + i];
            }
        }
        z = null;
        t.backTransform(packed, threads);
        int[] order = TridiagonalEigen.sortedIndices(values);
        double[] sorted = new double[n];
        for (int j = 0; j < n; j++) {
            int e = order[j];
            sorted[j] = Math.scalb(values[e], exponent);
            int at = packed.offset(e, 0);
            for (int i = 0; i < n; i++, at += Panels.W) {
                vectors[i * n + j] = packed.data[at];
            }
        }
        return new Decomposition(sorted, vectors);
    }

    private static void scaleLower(double[] a, int n, double s) {
        for (int i = 0; i < n; i++) {
            for (int j = 0, r = i * n; j <= i; j++) {
                a[r + j] *= s;
            }
        }
    }
}
