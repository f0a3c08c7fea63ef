package org.ntkc.nystrom;

import java.util.Random;

/**
 * A seeded random split of n training rows into a held-out share, which chooses among ridge values, and the rest,
 * which is fitted. The test set is never part of it.
 *
 * <p>Rows are taken in a seeded random order (Fisher–Yates); the first {@link #held()} of that order are held out,
 * the others are fitted, both in that order.
 */
public final class HoldOut {
    private final int[] order;
    private final int held;

    private HoldOut(int[] order, int held) {
        this.order = order;
        this.held = held;
    }

    /**
     * Holds out {@code round(share * n)} of {@code n} rows, or none when {@code share} is 0.
     *
     * @throws IllegalArgumentException when the share is outside [0, 1)
     */
    public static HoldOut of(int n, double share, long seed) {
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("the held-out share must be in [0, 1), got " + share);
        }
        return new HoldOut(permutation(n, seed), (int) Math.round(share * n));
    }

    /** How many rows are held out. */
    public int held() {
        return held;
    }

    /** How many rows there are in all. */
    public int rows() {
        return order.length;
    }

    /** How many rows are fitted. */
    public int fitted() {
        return order.length - held;
    }

    /** The rows of {@code x} that are fitted (shared, not copied). */
    public double[][] fitRows(double[][] x) {
        return rows(x, held, order.length);
    }

    /** The rows of {@code x} that are held out (shared, not copied). */
    public double[][] heldRows(double[][] x) {
        return rows(x, 0, held);
    }

    /** The fitted rows of the row-major n × k targets {@code y}, as k columns. */
    public double[][] fitTargets(double[] y, int k) {
        return columns(y, k, held, order.length);
    }

    /** The held-out rows of the row-major n × k targets {@code y}, as k columns. */
    public double[][] heldTargets(double[] y, int k) {
        return columns(y, k, 0, held);
    }

    /** A seeded random order of 0..n-1 (Fisher–Yates). */
    static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed ^ 0x5DEECE66DL);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private double[][] rows(double[][] x, int from, int to) {
        if (x.length != order.length) {
            throw new IllegalArgumentException("the split is of " + order.length + " rows, not " + x.length);
        }
        double[][] r = new double[to - from][];
        for (int i = from; i < to; i++) {
            r[i - from] = x[order[i]];
        }
        return r;
    }

    private double[][] columns(double[] y, int k, int from, int to) {
        if (y.length < order.length * k) {
            throw new IllegalArgumentException("the split is of " + order.length + " rows; " + y.length
                    + " values are not " + order.length + " rows of " + k + " targets");
        }
        double[][] r = new double[k][to - from];
        for (int i = from; i < to; i++) {
            for (int c = 0; c < k; c++) {
                r[c][i - from] = y[order[i] * k + c];
            }
        }
        return r;
    }
}
