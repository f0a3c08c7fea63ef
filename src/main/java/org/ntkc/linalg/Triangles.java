package org.ntkc.linalg;

import org.ntkc.runtime.VectorSupport;

/**
 * The small triangular solves inside a packed panel (see {@link Cholesky}): for a {@code cw × cw} lower triangle T
 * (row-major in {@code a}, first entry at row and column {@code t}, row stride {@code ld}) and a block B of
 * {@link Panels#W} rows packed column after column ({@code x[block + j·W + r]}, the rows of column j contiguous),
 * overwrite B with {@code X = (B − S) T⁻ᵀ}, where S is an optional block of the same layout ({@code s[j·W + r]}).
 * Column j of X is {@code (b_j − s_j − Σ_{l<j} T[j][l]·x_l) / T[j][j]}, accumulated for all rows at once in the
 * order l = 0, 1, …; rows beyond the panel's last are computed too, on the zeros that pad a packed panel.
 *
 * <p>{@link #best()} is the Vector API implementation when {@link VectorSupport#available()}, loaded reflectively
 * (this class and its signatures are free of incubator types), and the scalar one otherwise.
 */
abstract class Triangles {
    static final int W = Panels.W;

    /** Solves in place as described above; {@code s} may be null (no S). */
    abstract void solve(double[] a, int ld, int t, int cw, double[] x, int block, double[] s);

    /** {@code Σ_{q < len} a[ai + q]·b[q]} (in an order of the implementation's choosing). */
    abstract double dot(double[] a, int ai, double[] b, int len);

    /** {@code y[q] −= Σ_{r < rows} x[xi + r]·l[li + r·ld + q]} for {@code q0 ≤ q < q1}. */
    abstract void subtractRows(double[] l, int li, int ld, int rows, double[] x, int xi, double[] y, int q0, int q1);

    static Triangles best() {
        return Holder.BEST;
    }

    static Triangles scalar() {
        return Scalar.INSTANCE;
    }

    private static final class Holder {
        static final Triangles BEST = load();

        private static Triangles load() {
            return VectorTwins.load("org.ntkc.linalg.VectorTriangles", Triangles.class, Scalar.INSTANCE);
        }
    }

    /** Plain loops, the same order of operations (a fused multiply-add per term). */
    static final class Scalar extends Triangles {
        static final Scalar INSTANCE = new Scalar();

        @Override
        double dot(double[] a, int ai, double[] b, int len) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int q = 0;
            for (; q + 3 < len; q += 4) {
                s0 = Math.fma(a[ai + q], b[q], s0);
                s1 = Math.fma(a[ai + q + 1], b[q + 1], s1);
                s2 = Math.fma(a[ai + q + 2], b[q + 2], s2);
                s3 = Math.fma(a[ai + q + 3], b[q + 3], s3);
            }
            for (; q < len; q++) {
                s0 = Math.fma(a[ai + q], b[q], s0);
            }
            return (s0 + s1) + (s2 + s3);
        }

        @Override
        void subtractRows(double[] l, int li, int ld, int rows, double[] x, int xi, double[] y, int q0, int q1) {
            for (int r = 0; r < rows; r++) {
                double m = -x[xi + r];
                int lr = li + r * ld;
                for (int q = q0; q < q1; q++) {
                    y[q] = Math.fma(m, l[lr + q], y[q]);
                }
            }
        }

        @Override
        void solve(double[] a, int ld, int t, int cw, double[] x, int block, double[] s) {
            double[] acc = new double[W];
            for (int j = 0; j < cw; j++) {
                int xj = block + j * W;
                for (int r = 0; r < W; r++) {
                    acc[r] = s == null ? x[xj + r] : x[xj + r] - s[j * W + r];
                }
                int tj = (t + j) * ld + t;
                for (int l = 0; l < j; l++) {
                    double m = -a[tj + l];
                    int xl = block + l * W;
                    for (int r = 0; r < W; r++) {
                        acc[r] = Math.fma(m, x[xl + r], acc[r]);
                    }
                }
                double d = a[tj + j];
                for (int r = 0; r < W; r++) {
                    x[xj + r] = acc[r] / d;
                }
            }
        }
    }
}
