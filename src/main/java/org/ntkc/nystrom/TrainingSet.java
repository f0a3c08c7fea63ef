package org.ntkc.nystrom;

import java.util.Arrays;
import java.util.function.Consumer;
import org.ntkc.linalg.Dense;

/**
 * Training rows and targets held in memory, visited in blocks of rows: the single-machine data access of a Nyström
 * solve. Each block's kernel against the centres, {@code K(X_b, C)}, comes from the compiled network (its row tiles
 * in parallel on all threads) and lives only while the block is used.
 *
 * @param x the training points, one row each
 * @param y the targets, {@code y[c][i]} for output c at row i
 * @param blockRows rows per block; 1024 keeps the packed panels of a block in L2 cache
 */
public record TrainingSet(double[][] x, double[][] y, int blockRows) {
    public TrainingSet {
        if (x.length == 0) {
            throw new IllegalArgumentException("no training points");
        }
        for (int c = 0; c < y.length; c++) {
            if (y[c].length != x.length) {
                throw new IllegalArgumentException("target " + c + " has " + y[c].length + " values for " + x.length
                        + " points");
            }
        }
        if (blockRows < 1) {
            throw new IllegalArgumentException("block rows must be at least 1");
        }
    }

    public static final int DEFAULT_BLOCK_ROWS = 1024;

    public TrainingSet(double[][] x, double[][] y) {
        this(x, y, DEFAULT_BLOCK_ROWS);
    }

    public int size() {
        return x.length;
    }

    public int outputs() {
        return y.length;
    }

    int blocks() {
        return (x.length + blockRows - 1) / blockRows;
    }

    double[][] blockX(int b) {
        int from = b * blockRows;
        return Arrays.copyOfRange(x, from, Math.min(x.length, from + blockRows));
    }

    double[][] blockY(int b) {
        int from = b * blockRows;
        int to = Math.min(x.length, from + blockRows);
        double[][] out = new double[y.length][];
        for (int c = 0; c < y.length; c++) {
            out[c] = Arrays.copyOfRange(y[c], from, to);
        }
        return out;
    }

    /**
     * One pass over the data accumulating {@code H = K_nMᵀK_nM} and {@code K_nMᵀY}.
     *
     * @param progress told the number of rows done after each block (may be null)
     */
    public GramAccumulator accumulate(BlockKernel kernel, double[][] centres, int threads, Consumer<Integer> progress) {
        GramAccumulator acc = new GramAccumulator(centres.length, y.length);
        for (int b = 0; b < blocks(); b++) {
            double[][] xb = blockX(b);
            acc.add(kernel.compute(xb, centres), xb.length, blockY(b), threads);
            if (progress != null) {
                progress.accept(acc.points());
            }
        }
        return acc;
    }

    /**
     * The operator that recomputes every block's kernel on each product: memory O(blockRows · M), one kernel pass
     * per conjugate-gradient iteration.
     */
    public NormalOperator streaming(BlockKernel kernel, double[][] centres, int threads) {
        int m = centres.length;
        double[][] rhs = new double[y.length][m];
        for (int b = 0; b < blocks(); b++) {
            double[][] xb = blockX(b);
            double[][] part = Dense.transposeTimes(kernel.compute(xb, centres), xb.length, m, blockY(b), threads);
            for (int c = 0; c < rhs.length; c++) {
                for (int j = 0; j < m; j++) {
                    rhs[c][j] += part[c][j];
                }
            }
        }
        int n = x.length;
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
                double[][] out = new double[u.length][m];
                for (int b = 0; b < blocks(); b++) {
                    double[][] xb = blockX(b);
                    double[] kb = kernel.compute(xb, centres);
                    double[][] part = Dense.transposeTimes(kb, xb.length, m, Dense.times(kb, xb.length, m, u, threads),
                            threads);
                    for (int c = 0; c < u.length; c++) {
                        for (int j = 0; j < m; j++) {
                            out[c][j] += part[c][j];
                        }
                    }
                }
                return out;
            }
        };
    }
}
