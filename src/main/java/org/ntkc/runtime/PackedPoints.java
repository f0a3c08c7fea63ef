package org.ntkc.runtime;

/**
 * Points packed for {@link Gram#tile}: the transposed data cut into panels of {@value #PANEL} consecutive points,
 * each panel stored coordinate-major ({@code PANEL} values of coordinate 0, then of coordinate 1, ...). A register
 * tile then reads consecutive points of one coordinate with a single vector load, and its inner loop streams
 * through one contiguous panel. The last panel is padded with zeros. The layout is the same for every
 * {@link Gram} implementation, so points packed by one can be used by any other.
 */
public final class PackedPoints {
    /** Points per panel: four 512-bit vectors of doubles, the width of the widest register tile. */
    static final int PANEL = 32;

    private final int count;
    private final int dimension;
    private final double[] data;

    private PackedPoints(int count, int dimension, double[] data) {
        this.count = count;
        this.dimension = dimension;
        this.data = data;
    }

    /**
     * Packs {@code points}, which must all have the same length. Non-finite values are allowed; they propagate
     * into the dot products as IEEE arithmetic says.
     *
     * @throws IllegalArgumentException if a point is null, the lengths differ, or the packed data would not fit
     *     in one array
     */
    static PackedPoints of(double[][] points) {
        if (points == null) {
            throw new IllegalArgumentException("points must not be null");
        }
        int n = points.length;
        int d = n == 0 ? 0 : checkedPoint(points, 0).length;
        for (int i = 1; i < n; i++) {
            int length = checkedPoint(points, i).length;
            if (length != d) {
                throw new IllegalArgumentException(
                        "points must all have the same dimension: point 0 has " + d + " coordinates, point " + i
                                + " has " + length);
            }
        }
        long size = (long) panels(n) * PANEL * d;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    n + " points of dimension " + d + " do not fit in one packed array");
        }
        double[] data = new double[(int) size];
        for (int i = 0; i < n; i++) {
            double[] p = points[i];
            for (int k = 0, at = offset(i, 0, d); k < d; k++, at += PANEL) {
                data[at] = p[k];
            }
        }
        return new PackedPoints(n, d, data);
    }

    /** Packs {@code count} points of {@code dimension} coordinates stored row-major in one array. */
    static PackedPoints ofRowMajor(double[] rows, int count, int dimension) {
        double[] data = new double[checkedSize(count, dimension)];
        for (int i = 0; i < count; i++) {
            for (int k = 0, at = offset(i, 0, dimension), from = i * dimension; k < dimension; k++, at += PANEL) {
                data[at] = rows[from + k];
            }
        }
        return new PackedPoints(count, dimension, data);
    }

    /** Points already in the packed layout: {@code data} must hold {@link #packedSize} doubles, zero-padded. */
    static PackedPoints wrap(double[] data, int count, int dimension) {
        if (data.length != checkedSize(count, dimension)) {
            throw new IllegalArgumentException("packed data of " + count + " points of dimension " + dimension
                    + " needs " + checkedSize(count, dimension) + " doubles, got " + data.length);
        }
        return new PackedPoints(count, dimension, data);
    }

    /** The length of the packed array of {@code count} points of {@code dimension} coordinates. */
    static int packedSize(int count, int dimension) {
        return checkedSize(count, dimension);
    }

    private static int checkedSize(int count, int dimension) {
        long size = (long) panels(count) * PANEL * dimension;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " points of dimension " + dimension
                    + " do not fit in one packed array");
        }
        return (int) size;
    }

    private static double[] checkedPoint(double[][] points, int i) {
        if (points[i] == null) {
            throw new IllegalArgumentException("point " + i + " is null");
        }
        return points[i];
    }

    private static int panels(int n) {
        return (n + PANEL - 1) / PANEL;
    }

    /** Where coordinate {@code k} of point {@code i} lives; coordinate k + 1 is {@code PANEL} further on. */
    private static int offset(int i, int k, int dimension) {
        return (i / PANEL) * PANEL * dimension + k * PANEL + i % PANEL;
    }

    /** The number of points. */
    public int count() {
        return count;
    }

    /** The number of coordinates of each point (0 when there are no points). */
    public int dimension() {
        return dimension;
    }

    double[] data() {
        return data;
    }

    int offset(int i, int k) {
        return offset(i, k, dimension);
    }

    @Override
    public String toString() {
        return "PackedPoints[" + count + " points of dimension " + dimension + "]";
    }
}
