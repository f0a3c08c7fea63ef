package org.ntkc.linalg;

import org.ntkc.runtime.VectorSupport;

/**
 * The vector loops of the symmetric eigensolver ({@link SymmetricEigensolver}): dot products, updates of one vector
 * by a multiple of another, plane rotations of two vectors, and the fused row step of a symmetric matrix–vector
 * product on a lower triangle. {@link #best()} is the Vector API implementation when {@link VectorSupport#available()},
 * loaded reflectively (this class and its signatures are free of incubator types), and plain loops otherwise.
 */
abstract class Reflections {

    /** {@code Σ_{q < len} x[xi + q]·y[yi + q]}. */
    abstract double dot(double[] x, int xi, double[] y, int yi, int len);

    /** {@code y[yi + q] += s·x[xi + q]} for {@code q < len}. */
    abstract void axpy(double s, double[] x, int xi, double[] y, int yi, int len);

    /**
     * One row of a symmetric product from a lower triangle: returns {@code Σ_{q < len} a[ai + q]·v[vi + q]} and adds
     * {@code s·a[ai + q]} to {@code p[pi + q]}, in one pass over the row.
     */
    abstract double dotAndAxpy(double[] a, int ai, double[] v, int vi, double[] p, int pi, int len, double s);

    /**
     * Two rows at once: {@code dots[0] = Σ_q a[ai + q]·v[vi + q]}, {@code dots[1] = Σ_q a[bi + q]·v[vi + q]}, and
     * {@code p[pi + q] += s·a[ai + q] + t·a[bi + q]}, for {@code q < len}: v and p are read once for both rows.
     */
    abstract void dotAndAxpy2(double[] a, int ai, int bi, double[] v, int vi, double[] p, int pi, int len, double s,
            double t, double[] dots);

    /** {@code (x, y) ← (c·x − s·y, s·x + c·y)} elementwise over {@code len} entries. */
    abstract void rotate(double[] x, int xi, double[] y, int yi, int len, double c, double s);

    static Reflections best() {
        return Holder.BEST;
    }

    static Reflections scalar() {
        return Scalar.INSTANCE;
    }

    private static final class Holder {
        static final Reflections BEST = load();

        private static Reflections load() {
            return VectorTwins.load("org.ntkc.linalg.VectorReflections", Reflections.class, Scalar.INSTANCE);
        }
    }

    /** Plain loops. */
    static final class Scalar extends Reflections {
        static final Scalar INSTANCE = new Scalar();

        @Override
        double dot(double[] x, int xi, double[] y, int yi, int len) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int q = 0;
            for (; q + 3 < len; q += 4) {
                s0 = Math.fma(x[xi + q], y[yi + q], s0);
                s1 = Math.fma(x[xi + q + 1], y[yi + q + 1], s1);
                s2 = Math.fma(x[xi + q + 2], y[yi + q + 2], s2);
                s3 = Math.fma(x[xi + q + 3], y[yi + q + 3], s3);
            }
            for (; q < len; q++) {
                s0 = Math.fma(x[xi + q], y[yi + q], s0);
            }
            return (s0 + s1) + (s2 + s3);
        }

        @Override
        void axpy(double s, double[] x, int xi, double[] y, int yi, int len) {
            for (int q = 0; q < len; q++) {
                y[yi + q] = Math.fma(s, x[xi + q], y[yi + q]);
            }
        }

        @Override
        double dotAndAxpy(double[] a, int ai, double[] v, int vi, double[] p, int pi, int len, double s) {
            double s0 = 0;
            double s1 = 0;
            int q = 0;
            for (; q + 1 < len; q += 2) {
                double a0 = a[ai + q];
                double a1 = a[ai + q + 1];
                s0 = Math.fma(a0, v[vi + q], s0);
                s1 = Math.fma(a1, v[vi + q + 1], s1);
                p[pi + q] = Math.fma(s, a0, p[pi + q]);
                p[pi + q + 1] = Math.fma(s, a1, p[pi + q + 1]);
            }
            for (; q < len; q++) {
                double a0 = a[ai + q];
                s0 = Math.fma(a0, v[vi + q], s0);
                p[pi + q] = Math.fma(s, a0, p[pi + q]);
            }
            return s0 + s1;
        }

        @Override
        void dotAndAxpy2(double[] a, int ai, int bi, double[] v, int vi, double[] p, int pi, int len, double s,
                double t, double[] dots) {
            double s0 = 0;
            double s1 = 0;
            for (int q = 0; q < len; q++) {
                double x = a[ai + q];
                double y = a[bi + q];
                double w = v[vi + q];
                s0 = Math.fma(x, w, s0);
                s1 = Math.fma(y, w, s1);
                p[pi + q] = Math.fma(t, y, Math.fma(s, x, p[pi + q]));
            }
            dots[0] = s0;
            dots[1] = s1;
        }

        @Override
        void rotate(double[] x, int xi, double[] y, int yi, int len, double c, double s) {
            for (int q = 0; q < len; q++) {
                double a = x[xi + q];
                double b = y[yi + q];
                x[xi + q] = c * a - s * b;
                y[yi + q] = s * a + c * b;
            }
        }
    }
}
