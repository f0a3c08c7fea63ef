package org.ntkc.runtime;

/** TEMPORARY stub until the SIMD Gram lands: the scalar contract only. */
public abstract class Gram {
    public static Gram best() {
        return scalar();
    }

    public static Gram scalar() {
        return new Gram() {
            @Override
            public String name() {
                return "scalar";
            }

            @Override
            public PackedPoints pack(double[][] points) {
                int d = points.length == 0 ? 0 : points[0].length;
                return new PackedPoints(points, d);
            }

            @Override
            public void tile(PackedPoints a, int i0, int rows, PackedPoints b, int j0, int cols, double[] out,
                             int outOffset, int ldOut) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        out[outOffset + r * ldOut + c] = dot(a.points[i0 + r], b.points[j0 + c]);
                    }
                }
            }
        };
    }

    public abstract String name();

    public abstract PackedPoints pack(double[][] points);

    public abstract void tile(PackedPoints a, int i0, int rows, PackedPoints b, int j0, int cols, double[] out,
                              int outOffset, int ldOut);

    public static double dot(double[] x, double[] y) {
        double acc = 0;
        for (int k = 0; k < x.length; k++) {
            acc = Math.fma(x[k], y[k], acc);
        }
        return acc;
    }
}
