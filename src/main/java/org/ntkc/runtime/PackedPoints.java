package org.ntkc.runtime;

/** TEMPORARY stub until the SIMD Gram lands: points as given. */
public final class PackedPoints {
    final double[][] points;
    final int dimension;

    PackedPoints(double[][] points, int dimension) {
        this.points = points;
        this.dimension = dimension;
    }

    public int count() {
        return points.length;
    }

    public int dimension() {
        return dimension;
    }
}
