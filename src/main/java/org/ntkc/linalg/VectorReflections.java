package org.ntkc.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Reflections} on the Vector API (the preferred species: eight doubles with AVX-512). Only
 * {@link Reflections#best()} loads this class, reflectively, once {@code VectorSupport} has found the module usable.
 */
final class VectorReflections extends Reflections {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorReflections() {
    }

    static Reflections create() {
        return new VectorReflections();
    }

    @Override
    double dot(double[] x, int xi, double[] y, int yi, int len) {
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        int q = 0;
        for (; q + 2 * LANES <= len; q += 2 * LANES) {
            s0 = DoubleVector.fromArray(SPECIES, x, xi + q).fma(DoubleVector.fromArray(SPECIES, y, yi + q), s0);
            s1 = DoubleVector.fromArray(SPECIES, x, xi + q + LANES)
                    .fma(DoubleVector.fromArray(SPECIES, y, yi + q + LANES), s1);
        }
        for (; q + LANES <= len; q += LANES) {
            s0 = DoubleVector.fromArray(SPECIES, x, xi + q).fma(DoubleVector.fromArray(SPECIES, y, yi + q), s0);
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; q < len; q++) {
            s = Math.fma(x[xi + q], y[yi + q], s);
        }
        return s;
    }

    @Override
    void axpy(double s, double[] x, int xi, double[] y, int yi, int len) {
        DoubleVector m = DoubleVector.broadcast(SPECIES, s);
        int q = 0;
        for (; q + LANES <= len; q += LANES) {
            m.fma(DoubleVector.fromArray(SPECIES, x, xi + q), DoubleVector.fromArray(SPECIES, y, yi + q))
                    .intoArray(y, yi + q);
        }
        for (; q < len; q++) {
            y[yi + q] = Math.fma(s, x[xi + q], y[yi + q]);
        }
    }

    @Override
    double dotAndAxpy(double[] a, int ai, double[] v, int vi, double[] p, int pi, int len, double s) {
        DoubleVector m = DoubleVector.broadcast(SPECIES, s);
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        int q = 0;
        for (; q + 2 * LANES <= len; q += 2 * LANES) {
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, a, ai + q);
            DoubleVector a1 = DoubleVector.fromArray(SPECIES, a, ai + q + LANES);
            s0 = a0.fma(DoubleVector.fromArray(SPECIES, v, vi + q), s0);
            s1 = a1.fma(DoubleVector.fromArray(SPECIES, v, vi + q + LANES), s1);
            m.fma(a0, DoubleVector.fromArray(SPECIES, p, pi + q)).intoArray(p, pi + q);
            m.fma(a1, DoubleVector.fromArray(SPECIES, p, pi + q + LANES)).intoArray(p, pi + q + LANES);
        }
        for (; q + LANES <= len; q += LANES) {
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, a, ai + q);
            s0 = a0.fma(DoubleVector.fromArray(SPECIES, v, vi + q), s0);
            m.fma(a0, DoubleVector.fromArray(SPECIES, p, pi + q)).intoArray(p, pi + q);
        }
        double r = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; q < len; q++) {
            double a0 = a[ai + q];
            r = Math.fma(a0, v[vi + q], r);
            p[pi + q] = Math.fma(s, a0, p[pi + q]);
        }
        return r;
    }

    @Override
    void dotAndAxpy2(double[] a, int ai, int bi, double[] v, int vi, double[] p, int pi, int len, double s, double t,
            double[] dots) {
        DoubleVector ms = DoubleVector.broadcast(SPECIES, s);
        DoubleVector mt = DoubleVector.broadcast(SPECIES, t);
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        int q = 0;
        for (; q + LANES <= len; q += LANES) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, ai + q);
            DoubleVector y = DoubleVector.fromArray(SPECIES, a, bi + q);
            DoubleVector w = DoubleVector.fromArray(SPECIES, v, vi + q);
            s0 = x.fma(w, s0);
            s1 = y.fma(w, s1);
            mt.fma(y, ms.fma(x, DoubleVector.fromArray(SPECIES, p, pi + q))).intoArray(p, pi + q);
        }
        double r0 = s0.reduceLanes(VectorOperators.ADD);
        double r1 = s1.reduceLanes(VectorOperators.ADD);
        for (; q < len; q++) {
            double x = a[ai + q];
            double y = a[bi + q];
            double w = v[vi + q];
            r0 = Math.fma(x, w, r0);
            r1 = Math.fma(y, w, r1);
            p[pi + q] = Math.fma(t, y, Math.fma(s, x, p[pi + q]));
        }
        dots[0] = r0;
        dots[1] = r1;
    }

    @Override
    void rotate(double[] x, int xi, double[] y, int yi, int len, double c, double s) {
        DoubleVector vc = DoubleVector.broadcast(SPECIES, c);
        DoubleVector vs = DoubleVector.broadcast(SPECIES, s);
        int q = 0;
        for (; q + LANES <= len; q += LANES) {
            DoubleVector a = DoubleVector.fromArray(SPECIES, x, xi + q);
            DoubleVector b = DoubleVector.fromArray(SPECIES, y, yi + q);
            vc.mul(a).sub(vs.mul(b)).intoArray(x, xi + q);
            vs.mul(a).add(vc.mul(b)).intoArray(y, yi + q);
        }
        for (; q < len; q++) {
            double a = x[xi + q];
            double b = y[yi + q];
            x[xi + q] = c * a - s * b;
            y[yi + q] = s * a + c * b;
        }
    }
}
