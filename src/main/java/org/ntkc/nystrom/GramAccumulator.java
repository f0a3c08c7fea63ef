package org.ntkc.nystrom;

import java.io.Serializable;
import org.ntkc.linalg.Dense;
import org.ntkc.linalg.SymmetricMatrix;

/**
 * Accumulates {@code H = Σ_b K_bᵀ K_b} (M × M) and {@code R = Σ_b K_bᵀ Y_b} (k × M) over blocks of training rows,
 * each block's kernel {@code K_b = K(X_b, C)} computed once. With H in hand every conjugate-gradient product costs M²
 * per output and no kernel evaluation, so any number of ridge values can be tried. Partial accumulators over
 * disjoint rows (threads, Spark partitions, tiles) add with {@link #merge}.
 */
public final class GramAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int m;
    private final int k;
    /** Lower triangle (and diagonal tiles) valid; row-major M × M. */
    private final double[] h;
    private final double[][] r;
    private int points;

    public GramAccumulator(int centres, int outputs) {
        if ((long) centres * centres > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(centres + " centres: the " + centres + " x " + centres
                    + " matrix does not fit in one Java array (at most 46340 centres)");
        }
        this.m = centres;
        this.k = outputs;
        this.h = new double[centres * centres];
        this.r = new double[outputs][centres];
    }

    /**
     * Adds a block: {@code kb} is {@code rows × M} row-major, {@code y[c][i]} the target of output c at row i.
     */
    public void add(double[] kb, int rows, double[][] y, int threads) {
        if (kb.length != rows * m || y.length != k) {
            throw new IllegalArgumentException("a block of " + rows + " rows needs " + rows * m + " kernel values and "
                    + k + " target vectors");
        }
        Dense.addTransposeProduct(kb, rows, m, h, threads);
        addRhs(Dense.transposeTimes(kb, rows, m, y, threads), rows);
    }

    /**
     * Adds a band of H computed elsewhere ({@link Dense#addTransposeProductBand}: rows {@code from .. to - 1},
     * row-major {@code (to − from) × to}); the points and the right-hand side are added separately.
     */
    public void addBand(int from, int to, double[] band) {
        if (from < 0 || to > m || from >= to || band.length != (to - from) * to) {
            throw new IllegalArgumentException("bad band [" + from + ", " + to + ") for " + m + " centres");
        }
        for (int i = from; i < to; i++) {
            int src = (i - from) * to;
            int dst = i * m;
            for (int j = 0; j <= i; j++) {
                h[dst + j] += band[src + j];
            }
        }
    }

    /** Adds {@code K_bᵀ Y_b} over {@code rows} more points, computed elsewhere. */
    public void addRhs(double[][] kty, int rows) {
        if (kty.length != k) {
            throw new IllegalArgumentException(kty.length + " right-hand sides for " + k + " outputs");
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < m; j++) {
                r[c][j] += kty[c][j];
            }
        }
        points += rows;
    }

    /** Adds another accumulator's sums (over other rows) to this one and returns this. */
    public GramAccumulator merge(GramAccumulator other) {
        if (other.m != m || other.k != k) {
            throw new IllegalArgumentException("accumulators of different shapes");
        }
        for (int i = 0; i < m; i++) {
            int row = i * m;
            for (int j = 0; j <= i; j++) {
                h[row + j] += other.h[row + j];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < m; j++) {
                r[c][j] += other.r[c][j];
            }
        }
        points += other.points;
        return this;
    }

    public int points() {
        return points;
    }

    public int centres() {
        return m;
    }

    public int outputs() {
        return k;
    }

    /** H's entry (i, j). */
    public double h(int i, int j) {
        return i >= j ? h[i * m + j] : h[j * m + i];
    }

    /** R = K_nMᵀ Y, one vector per output (a copy). */
    public double[][] rhs() {
        double[][] copy = new double[k][];
        for (int c = 0; c < k; c++) {
            copy[c] = r[c].clone();
        }
        return copy;
    }

    /** H as a full row-major symmetric matrix (a copy). */
    public double[] matrix() {
        double[] full = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                full[i * m + j] = h[i * m + j];
                full[j * m + i] = h[i * m + j];
            }
        }
        return full;
    }

    /** The accumulated sums as a {@link NormalOperator}; H is packed once here. */
    public NormalOperator operator(int threads) {
        SymmetricMatrix packed = SymmetricMatrix.ofLower(h, m);
        double[][] rhs = rhs();
        int n = points;
        return new NormalOperator() {
            @Override
            public int points() {
                return n;
            }

            @Override
            public int centres() {
                return m;
            }

            @Override
            public double[][] rhs() {
                return rhs;
            }

            @Override
            public double[][] apply(double[][] u) {
                return packed.times(u, threads);
            }
        };
    }
}
