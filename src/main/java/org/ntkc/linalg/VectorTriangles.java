package org.ntkc.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Triangles} on the Vector API: the 32 rows of a column in four vectors of the preferred species (eight
 * doubles with AVX-512), kept in registers while the finished columns to the left are fused in. Only
 * {@link Triangles#best()} loads this class, reflectively, once {@code VectorSupport} has found the module usable.
 * Needs {@code W} to be a multiple of four vectors' worth of lanes or of one; other shapes take the scalar path.
 */
final class VectorTriangles extends Triangles {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorTriangles() {
    }

    static Triangles create() {
        return W == 4 * LANES ? new VectorTriangles() : Scalar.INSTANCE;
    }

    @Override
    double dot(double[] a, int ai, double[] b, int len) {
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int q = 0;
        for (; q + 4 * LANES <= len; q += 4 * LANES) {
            s0 = DoubleVector.fromArray(SPECIES, a, ai + q).fma(DoubleVector.fromArray(SPECIES, b, q), s0);
            s1 = DoubleVector.fromArray(SPECIES, a, ai + q + LANES)
                    .fma(DoubleVector.fromArray(SPECIES, b, q + LANES), s1);
            s2 = DoubleVector.fromArray(SPECIES, a, ai + q + 2 * LANES)
                    .fma(DoubleVector.fromArray(SPECIES, b, q + 2 * LANES), s2);
            s3 = DoubleVector.fromArray(SPECIES, a, ai + q + 3 * LANES)
                    .fma(DoubleVector.fromArray(SPECIES, b, q + 3 * LANES), s3);
        }
        for (; q + LANES <= len; q += LANES) {
            s0 = DoubleVector.fromArray(SPECIES, a, ai + q).fma(DoubleVector.fromArray(SPECIES, b, q), s0);
        }
        double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; q < len; q++) {
            s = Math.fma(a[ai + q], b[q], s);
        }
        return s;
    }

    @Override
    void subtractRows(double[] l, int li, int ld, int rows, double[] x, int xi, double[] y, int q0, int q1) {
        int q = q0;
        for (; q + LANES <= q1; q += LANES) {
            DoubleVector acc = DoubleVector.fromArray(SPECIES, y, q);
            for (int r = 0, lr = li + q; r < rows; r++, lr += ld) {
                acc = DoubleVector.broadcast(SPECIES, -x[xi + r]).fma(DoubleVector.fromArray(SPECIES, l, lr), acc);
            }
            acc.intoArray(y, q);
        }
        for (; q < q1; q++) {
            double acc = y[q];
            for (int r = 0, lr = li + q; r < rows; r++, lr += ld) {
                acc = Math.fma(-x[xi + r], l[lr], acc);
            }
            y[q] = acc;
        }
    }

    @Override
    void solve(double[] a, int ld, int t, int cw, double[] x, int block, double[] s) {
        for (int j = 0; j < cw; j++) {
            column(a, (t + j) * ld + t, j, x, block, s);
        }
    }

    /** Column j: its four vectors, less S, less the columns to its left, over the diagonal entry. */
    private static void column(double[] a, int tj, int j, double[] x, int block, double[] s) {
        int xj = block + j * W;
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, x, xj);
        DoubleVector c1 = DoubleVector.fromArray(SPECIES, x, xj + LANES);
        DoubleVector c2 = DoubleVector.fromArray(SPECIES, x, xj + 2 * LANES);
        DoubleVector c3 = DoubleVector.fromArray(SPECIES, x, xj + 3 * LANES);
        if (s != null) {
            int sj = j * W;
            c0 = c0.sub(DoubleVector.fromArray(SPECIES, s, sj));
            c1 = c1.sub(DoubleVector.fromArray(SPECIES, s, sj + LANES));
            c2 = c2.sub(DoubleVector.fromArray(SPECIES, s, sj + 2 * LANES));
            c3 = c3.sub(DoubleVector.fromArray(SPECIES, s, sj + 3 * LANES));
        }
        for (int l = 0; l < j; l++) {
            DoubleVector m = DoubleVector.broadcast(SPECIES, -a[tj + l]);
            int xl = block + l * W;
            c0 = m.fma(DoubleVector.fromArray(SPECIES, x, xl), c0);
            c1 = m.fma(DoubleVector.fromArray(SPECIES, x, xl + LANES), c1);
            c2 = m.fma(DoubleVector.fromArray(SPECIES, x, xl + 2 * LANES), c2);
            c3 = m.fma(DoubleVector.fromArray(SPECIES, x, xl + 3 * LANES), c3);
        }
        DoubleVector d = DoubleVector.broadcast(SPECIES, a[tj + j]);
        c0.div(d).intoArray(x, xj);
        c1.div(d).intoArray(x, xj + LANES);
        c2.div(d).intoArray(x, xj + 2 * LANES);
        c3.div(d).intoArray(x, xj + 3 * LANES);
    }
}
