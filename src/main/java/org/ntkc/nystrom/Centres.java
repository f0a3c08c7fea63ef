package org.ntkc.nystrom;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Uniform Nyström centres: {@code m} distinct training points drawn without replacement from a seeded generator.
 * Exact duplicates of a point already drawn are skipped (two equal centres make K(C, C) singular).
 */
public final class Centres {
    private Centres() {
    }

    /**
     * The indices of the centres, in the order drawn.
     *
     * @throws IllegalArgumentException if {@code m} is not in [1, n] or fewer than {@code m} points are distinct
     */
    public static int[] uniform(double[][] x, int m, long seed) {
        int n = x.length;
        if (m < 1 || m > n) {
            throw new IllegalArgumentException("the number of centres must be between 1 and the " + n
                    + " training points, got " + m);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        int[] chosen = new int[m];
        Set<Key> seen = new HashSet<>();
        int count = 0;
        for (int i = 0; i < n && count < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            if (seen.add(new Key(x[order[i]]))) {
                chosen[count++] = order[i];
            }
        }
        if (count < m) {
            throw new IllegalArgumentException("only " + count + " of the " + n + " training points are distinct; "
                    + "ask for at most " + count + " centres");
        }
        return chosen;
    }

    /** The rows of {@code x} at {@code indices}. */
    public static double[][] rows(double[][] x, int[] indices) {
        double[][] c = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            c[i] = x[indices[i]];
        }
        return c;
    }

    private record Key(double[] point) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(point, k.point);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(point);
        }
    }
}
