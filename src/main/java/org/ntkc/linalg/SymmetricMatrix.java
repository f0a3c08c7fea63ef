package org.ntkc.linalg;

/**
 * A dense symmetric matrix packed once for repeated products with a few vectors (the M × M matrix of a Nyström
 * solve, multiplied once per conjugate-gradient iteration). Holds n² doubles.
 */
public final class SymmetricMatrix {
    private final int n;
    private final Panels rows;

    private SymmetricMatrix(int n, Panels rows) {
        this.n = n;
        this.rows = rows;
    }

    /** Packs the row-major symmetric {@code n × n} matrix {@code a}, reading its lower triangle only. */
    public static SymmetricMatrix ofLower(double[] a, int n) {
        Panels p = new Panels(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = a[i * n + j];
                p.set(i, j, v);
                p.set(j, i, v);
            }
        }
        return new SymmetricMatrix(n, p);
    }

    public int size() {
        return n;
    }

    /** {@code out[c] = A v[c]} for each vector. */
    public double[][] times(double[][] v, int threads) {
        Dense.checkVectors(v, n);
        return Dense.multiply(Panels.ofVectors(v), rows, threads);
    }
}
