package org.ntkc.linalg;

import org.ntkc.runtime.Gram;

/**
 * Blocks of dot products between packed points, written to, added to or subtracted from a row-major output: the one
 * kernel under every dense operation of this package.
 */
final class Products {
    /** What a product does with the output. */
    enum Mode { SET, ADD, SUBTRACT }

    private static final int W = Panels.W;

    private Products() {
    }

    /** Scratch a thread passes to {@link #product} for the ADD and SUBTRACT modes. */
    static double[] scratch() {
        return new double[W * W];
    }

    /**
     * {@code out[o + r * ld + c] (op)= sum over k0 <= k < k1 of a(i0 + r, k) * b(j0 + c, k)} for {@code r < rows} and
     * {@code c < cols}.
     */
    static void product(Gram gram, Panels a, int i0, int rows, Panels b, int j0, int cols, int k0, int k1,
            double[] out, int o, int ld, Mode mode, double[] scratch) {
        product(gram, a, i0, rows, b, j0, cols, k0, k1, k0, out, o, ld, mode, scratch);
    }

    /**
     * As {@link #product(Gram, Panels, int, int, Panels, int, int, int, int, double[], int, int, Mode, double[])},
     * but coordinate {@code k} of {@code a} meets coordinate {@code k - k0 + bk0} of {@code b}: b may hold only the
     * coordinates from {@code k0} on (a block of columns of a triangular factor, say).
     */
    static void product(Gram gram, Panels a, int i0, int rows, Panels b, int j0, int cols, int k0, int k1, int bk0,
            double[] out, int o, int ld, Mode mode, double[] scratch) {
        int steps = k1 - k0;
        if (steps <= 0 && mode != Mode.SET) {
            return;
        }
        int iEnd = i0 + rows;
        int jEnd = j0 + cols;
        for (int j = j0, jNext; j < jEnd; j = jNext) {
            jNext = Math.min(jEnd, (j / W + 1) * W);
            int cw = jNext - j;
            for (int i = i0, iNext; i < iEnd; i = iNext) {
                iNext = Math.min(iEnd, (i / W + 1) * W);
                int rw = iNext - i;
                int at = o + (i - i0) * ld + (j - j0);
                if (mode == Mode.SET) {
                    gram.panelProduct(a.data, a.offset(i, k0), rw, b.data, b.offset(j, bk0), cw, Math.max(steps, 0),
                            out, at, ld);
                    continue;
                }
                gram.panelProduct(a.data, a.offset(i, k0), rw, b.data, b.offset(j, bk0), cw, steps, scratch, 0, W);
                for (int r = 0; r < rw; r++) {
                    int row = at + r * ld;
                    int s = r * W;
                    if (mode == Mode.ADD) {
                        for (int c = 0; c < cw; c++) {
                            out[row + c] += scratch[s + c];
                        }
                    } else {
                        for (int c = 0; c < cw; c++) {
                            out[row + c] -= scratch[s + c];
                        }
                    }
                }
            }
        }
    }
}
