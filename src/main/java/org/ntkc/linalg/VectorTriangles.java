package org.ntkc.linalg;

import jdk.incubator.vector.DoubleVector;
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
