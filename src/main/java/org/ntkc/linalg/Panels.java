package org.ntkc.linalg;

import org.ntkc.runtime.Gram;

/**
 * A set of vectors ("points") packed for {@link Gram#panelProduct}: panels of {@link Gram#PANEL_WIDTH} consecutive
 * points, each panel stored coordinate-major, the last one padded with zeros. The dense algorithms of this package
 * pack the rows or the columns of a matrix this way once and then run every large product on the register-tiled
 * Gram kernel.
 */
final class Panels {
    static final int W = Gram.PANEL_WIDTH;

    final int count;
    final int dim;
    final double[] data;

    /** Zeros: {@code count} points of {@code dim} coordinates. */
    Panels(int count, int dim) {
        long size = (long) ((count + W - 1) / W) * W * dim;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " vectors of length " + dim + " do not fit in one array ("
                    + size + " doubles); use fewer centres or smaller blocks");
        }
        this.count = count;
        this.dim = dim;
        this.data = new double[(int) size];
    }

    /** Where coordinate {@code k} of point {@code i} lives; coordinate {@code k + 1} is {@code W} further on. */
    int offset(int i, int k) {
        return (i / W) * W * dim + k * W + i % W;
    }

    double get(int i, int k) {
        return data[offset(i, k)];
    }

    void set(int i, int k, double v) {
        data[offset(i, k)] = v;
    }

    /** The rows {@code r0 .. r0 + rows - 1} of a row-major matrix, restricted to columns {@code c0 .. c0 + cols - 1}. */
    static Panels ofRows(double[] m, int ld, int r0, int rows, int c0, int cols) {
        Panels p = new Panels(rows, cols);
        for (int i = 0; i < rows; i++) {
            int from = (r0 + i) * ld + c0;
            for (int k = 0, at = p.offset(i, 0); k < cols; k++, at += W) {
                p.data[at] = m[from + k];
            }
        }
        return p;
    }

    /** The columns {@code c0 .. c0 + cols - 1} of a row-major matrix as points, over rows {@code r0 .. r0 + rows - 1}. */
    static Panels ofColumns(double[] m, int ld, int r0, int rows, int c0, int cols) {
        Panels p = new Panels(cols, rows);
        for (int j0 = 0; j0 < cols; j0 += W) {
            int width = Math.min(W, cols - j0);
            for (int k = 0; k < rows; k++) {
                System.arraycopy(m, (r0 + k) * ld + c0 + j0, p.data, p.offset(j0, k), width);
            }
        }
        return p;
    }

    /** Points given as arrays of equal length (the right-hand sides of a solve, say). */
    static Panels ofVectors(double[][] v) {
        Panels p = new Panels(v.length, v.length == 0 ? 0 : v[0].length);
        for (int i = 0; i < v.length; i++) {
            if (v[i].length != p.dim) {
                throw new IllegalArgumentException("vector " + i + " has length " + v[i].length + ", not " + p.dim);
            }
            for (int k = 0, at = p.offset(i, 0); k < p.dim; k++, at += W) {
                p.data[at] = v[i][k];
            }
        }
        return p;
    }

    /** The points back as arrays. */
    double[][] toVectors() {
        double[][] v = new double[count][dim];
        for (int i = 0; i < count; i++) {
            for (int k = 0, at = offset(i, 0); k < dim; k++, at += W) {
                v[i][k] = data[at];
            }
        }
        return v;
    }
}
