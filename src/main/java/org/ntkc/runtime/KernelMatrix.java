package org.ntkc.runtime;

import java.util.Arrays;

/**
 * A dense kernel matrix in row-major order: entry (i, j) is the kernel of row i of the first input set and row j of
 * the second. One contiguous {@code double[]}, so an N × M kernel costs 8·N·M bytes and nothing more.
 */
public final class KernelMatrix {
    private final int rows;
    private final int cols;
    private final double[] data;

    public KernelMatrix(int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + rows + " x " + cols + " kernel matrix does not fit in one Java array");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = new double[rows * cols];
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public double get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, double value) {
        data[i * cols + j] = value;
    }

    /** The backing array, row-major; writes go through to the matrix. */
    public double[] data() {
        return data;
    }

    /** A copy of row {@code i}. */
    public double[] row(int i) {
        return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }

    @Override
    public String toString() {
        return "KernelMatrix[" + rows + " x " + cols + "]";
    }
}
