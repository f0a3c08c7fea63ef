package org.ntkc.runtime;

/**
 * The plain-Java Gram product, for JVMs without a usable Vector API: 4 × 4 register tiles of scalar fused
 * multiply-adds, which reuse each loaded coordinate four times, and {@link Gram#scalarBlock} for the edges.
 */
final class ScalarGram extends Gram {
    static final ScalarGram INSTANCE = new ScalarGram();

    private ScalarGram() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    void block(double[] a, int ai, int rows, double[] b, int bi, int cols, int steps, double[] out, int o, int ld) {
        int rows4 = rows & ~3;
        int cols4 = cols & ~3;
        for (int r = 0; r < rows4; r += 4) {
            for (int c = 0; c < cols4; c += 4) {
                tile4x4(a, ai + r, b, bi + c, steps, out, o + r * ld + c, ld);
            }
            scalarBlock(a, ai + r, 4, b, bi + cols4, cols - cols4, steps, out, o + r * ld + cols4, ld);
        }
        scalarBlock(a, ai + rows4, rows - rows4, b, bi, cols, steps, out, o + rows4 * ld, ld);
    }

    private static void tile4x4(double[] a, int x, double[] b, int y, int steps, double[] out, int o, int ld) {
        int o1 = o + ld;
        int o2 = o1 + ld;
        int o3 = o2 + ld;
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int k = 0; k < steps; k++, x += PANEL, y += PANEL) {
            double b0 = b[y], b1 = b[y + 1], b2 = b[y + 2], b3 = b[y + 3];
            double a0 = a[x];
            c00 = Math.fma(a0, b0, c00);
            c01 = Math.fma(a0, b1, c01);
            c02 = Math.fma(a0, b2, c02);
            c03 = Math.fma(a0, b3, c03);
            double a1 = a[x + 1];
            c10 = Math.fma(a1, b0, c10);
            c11 = Math.fma(a1, b1, c11);
            c12 = Math.fma(a1, b2, c12);
            c13 = Math.fma(a1, b3, c13);
            double a2 = a[x + 2];
            c20 = Math.fma(a2, b0, c20);
            c21 = Math.fma(a2, b1, c21);
            c22 = Math.fma(a2, b2, c22);
            c23 = Math.fma(a2, b3, c23);
            double a3 = a[x + 3];
            c30 = Math.fma(a3, b0, c30);
            c31 = Math.fma(a3, b1, c31);
            c32 = Math.fma(a3, b2, c32);
            c33 = Math.fma(a3, b3, c33);
        }
        out[o] = c00;
        out[o + 1] = c01;
        out[o + 2] = c02;
        out[o + 3] = c03;
        out[o1] = c10;
        out[o1 + 1] = c11;
        out[o1 + 2] = c12;
        out[o1 + 3] = c13;
        out[o2] = c20;
        out[o2 + 1] = c21;
        out[o2 + 2] = c22;
        out[o2 + 3] = c23;
        out[o3] = c30;
        out[o3 + 1] = c31;
        out[o3 + 2] = c32;
        out[o3 + 3] = c33;
    }
}
