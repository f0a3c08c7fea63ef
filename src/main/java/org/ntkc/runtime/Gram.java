package org.ntkc.runtime;

import java.util.Objects;

/**
 * The Gram phase of kernel evaluation: blocks of dot products between two sets of points, the input of every
 * kernel recursion. {@link #best()} is a Vector API implementation when {@code jdk.incubator.vector} is usable and
 * a scalar one otherwise; {@link #scalar()} is always the scalar one.
 *
 * <p><b>Bit-exactness.</b> Every entry of every implementation is exactly {@link #dot}: a fused multiply-add over
 * the coordinates in order, starting from +0.0. Implementations vectorise across entries, never across
 * coordinates, so scalar and vector results, a diagonal entry and {@code dot(x, x)}, and the entries of identical
 * points are all bit-identical. Instances are stateless and safe to share between threads.
 */
public abstract class Gram {
    static final int PANEL = PackedPoints.PANEL;

    /**
     * Points per panel of the packed layout that {@link #panelProduct} reads: coordinate {@code k} of the
     * {@code r}-th point of a panel lives {@code k * PANEL_WIDTH + r} after the panel's start.
     */
    public static final int PANEL_WIDTH = PANEL;

    Gram() {
    }

    /** The vector implementation when {@code jdk.incubator.vector} is present and useful, else the scalar one. */
    public static Gram best() {
        Gram vector = VectorSupport.vectorGram();
        return vector != null ? vector : scalar();
    }

    /** The scalar implementation, on every JVM. */
    public static Gram scalar() {
        return ScalarGram.INSTANCE;
    }

    /** A short name, e.g. {@code "vector (512-bit)"} or {@code "scalar"}. */
    public abstract String name();

    /**
     * Packs points for {@link #tile}. The layout is shared by all implementations.
     *
     * @throws IllegalArgumentException if a point is null or the points differ in length
     */
    public final PackedPoints pack(double[][] points) {
        return PackedPoints.of(points);
    }

    /**
     * Writes {@code out[outOffset + r * ldOut + c] = dot(a[i0 + r], b[j0 + c])} for {@code 0 <= r < rows} and
     * {@code 0 <= c < cols}; nothing else in {@code out} is touched.
     *
     * @throws IllegalArgumentException if the dimensions differ or {@code ldOut < cols}
     * @throws IndexOutOfBoundsException if the row or column range or the output region is out of bounds
     */
    public final void tile(PackedPoints a, int i0, int rows, PackedPoints b, int j0, int cols,
            double[] out, int outOffset, int ldOut) {
        if (a.dimension() != b.dimension() && a.count() > 0 && b.count() > 0) {
            throw new IllegalArgumentException(
                    "points of dimension " + a.dimension() + " and " + b.dimension() + " have no dot product");
        }
        Objects.checkFromIndexSize(i0, rows, a.count());
        Objects.checkFromIndexSize(j0, cols, b.count());
        Objects.requireNonNull(out, "out");
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ldOut < cols) {
            throw new IllegalArgumentException("ldOut " + ldOut + " is less than the " + cols + " columns");
        }
        long last = (long) outOffset + (long) (rows - 1) * ldOut + cols;
        if (outOffset < 0 || last > out.length) {
            throw new IndexOutOfBoundsException(
                    "a " + rows + " x " + cols + " tile at offset " + outOffset + " with row stride " + ldOut
                            + " does not fit in an array of length " + out.length);
        }
        double[] aData = a.data();
        double[] bData = b.data();
        int d = a.dimension();
        int iEnd = i0 + rows;
        int jEnd = j0 + cols;
        // Blocks never cross a panel boundary, so inside one the next coordinate is always PANEL further on. A
        // block runs over all coordinates at once: chunking them to keep the column panel in L1 measured slower
        // at d = 784, where the panel (32 x 784 doubles) still fits in L2.
        for (int j = j0, jNext; j < jEnd; j = jNext) {
            jNext = Math.min(jEnd, (j / PANEL + 1) * PANEL);
            for (int i = i0, iNext; i < iEnd; i = iNext) {
                iNext = Math.min(iEnd, (i / PANEL + 1) * PANEL);
                block(aData, a.offset(i, 0), iNext - i, bData, b.offset(j, 0), jNext - j, d,
                        out, outOffset + (i - i0) * ldOut + (j - j0), ldOut);
            }
        }
    }

    /**
     * The register-tiled product under {@link #tile}, for dense linear algebra that keeps its own packed operands
     * ({@code org.ntkc.linalg}): writes {@code out[o + r * ld + c] = sum over k < steps of
     * a[ai + k * PANEL_WIDTH + r] * b[bi + k * PANEL_WIDTH + c]} for {@code r < rows}, {@code c < cols}, each
     * entry one sequential chain of fused multiply-adds from +0.0, as in {@link #dot}.
     *
     * @throws IllegalArgumentException if {@code rows} or {@code cols} is outside [0, PANEL_WIDTH], {@code steps}
     *     is negative or {@code ld < cols}
     * @throws IndexOutOfBoundsException if an operand or the output region is out of bounds
     */
    public final void panelProduct(double[] a, int ai, int rows, double[] b, int bi, int cols, int steps,
            double[] out, int o, int ld) {
        if (rows < 0 || rows > PANEL || cols < 0 || cols > PANEL || steps < 0 || ld < cols) {
            throw new IllegalArgumentException("bad panel product shape: " + rows + " x " + cols + ", " + steps
                    + " steps, row stride " + ld);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        if (steps > 0) {
            long lastStep = (long) (steps - 1) * PANEL;
            Objects.checkFromIndexSize(ai, (int) Math.min(Integer.MAX_VALUE, lastStep + rows), a.length);
            Objects.checkFromIndexSize(bi, (int) Math.min(Integer.MAX_VALUE, lastStep + cols), b.length);
        }
        Objects.checkFromIndexSize(o, (int) Math.min(Integer.MAX_VALUE, (long) (rows - 1) * ld + cols), out.length);
        block(a, ai, rows, b, bi, cols, steps, out, o, ld);
    }

    /**
     * Writes the dot products of {@code rows} consecutive points of one panel of {@code a} (coordinate 0 of the
     * first at {@code a[ai]}) with {@code cols} consecutive points of one panel of {@code b}, each over
     * {@code steps} coordinates, to {@code out[o + r * ld + c]}.
     */
    abstract void block(double[] a, int ai, int rows, double[] b, int bi, int cols, int steps,
            double[] out, int o, int ld);

    /** {@link #block} one entry at a time: the reference and the tail of every implementation. */
    static void scalarBlock(double[] a, int ai, int rows, double[] b, int bi, int cols, int steps,
            double[] out, int o, int ld) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int at = o + r * ld + c;
                double acc = 0.0;
                for (int k = 0, x = ai + r, y = bi + c; k < steps; k++, x += PANEL, y += PANEL) {
                    acc = Math.fma(a[x], b[y], acc);
                }
                out[at] = acc;
            }
        }
    }

    /**
     * The dot product that defines every Gram entry: {@code acc = Math.fma(x[k], y[k], acc)} for
     * {@code k = 0, 1, ...}, from {@code acc = 0}.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double dot(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "vectors of length " + x.length + " and " + y.length + " have no dot product");
        }
        double acc = 0.0;
        for (int k = 0; k < x.length; k++) {
            acc = Math.fma(x[k], y[k], acc);
        }
        return acc;
    }

    @Override
    public String toString() {
        return "Gram[" + name() + "]";
    }
}
