package org.ntkc;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Point sets for kernel tests: random, and random with the awkward cases every kernel must survive. */
public final class TestPoints {
    private TestPoints() {
    }

    /** n points of dimension d, each coordinate a sum of two uniforms on [−1, 1] (seeded). */
    public static double[][] random(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = r.nextDouble(-1, 1) + r.nextDouble(-1, 1);
            }
        }
        return x;
    }

    /** Seven random points, of which #2 is zero, #3 duplicates #0, #4 is 1e-6·#1 and #5 is −#1. */
    public static double[][] awkward(int d, long seed) {
        double[][] x = random(7, d, seed);
        Arrays.fill(x[2], 0.0);
        x[3] = x[0].clone();
        for (int k = 0; k < d; k++) {
            x[4][k] = 1e-6 * x[1][k];
            x[5][k] = -x[1][k];
        }
        return x;
    }
}
