package org.ntkc.data;

/**
 * Input standardisation: statistics taken from the training set only and applied to every set, so that test points
 * are transformed exactly as the training points were.
 */
public enum Standardization {
    /**
     * Each feature (pixel) to mean 0 and standard deviation 1 over the training set; constant features (all training
     * values equal) to 0.
     */
    FEATURES,
    /** One mean and one standard deviation over all training values (keeps the relative scale of features). */
    GLOBAL,
    /**
     * Each example on its own to mean 0 and standard deviation 1 over its features (no training statistics; a
     * constant example becomes 0). For images, it removes brightness and contrast, which a kernel of inner products
     * otherwise weighs heavily.
     */
    EXAMPLES,
    /** The inputs as given. */
    NONE;

    /** A transformation fitted to a training set. */
    public record Fitted(Standardization mode, double[] mean, double[] scale) {
        /** Transforms {@code x} in place and returns it. */
        public double[][] apply(double[][] x) {
            if (mode == NONE) {
                return x;
            }
            if (mode == EXAMPLES) {
                for (double[] row : x) {
                    standardizeRow(row);
                }
                return x;
            }
            for (double[] row : x) {
                if (row.length != mean.length) {
                    throw new IllegalArgumentException("a point has " + row.length + " values, the training points "
                            + mean.length);
                }
                for (int k = 0; k < row.length; k++) {
                    row[k] = (row[k] - mean[k]) * scale[k];
                }
            }
            return x;
        }
    }

    /** The statistics of {@code train} under this mode (not applied yet). */
    public Fitted fit(double[][] train) {
        int d = train.length == 0 ? 0 : train[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        java.util.Arrays.fill(scale, 1.0);
        if (this == NONE || this == EXAMPLES || train.length == 0) {
            return new Fitted(this, mean, scale);
        }
        int n = train.length;
        if (this == FEATURES) {
            double[] column = new double[n];
            for (int k = 0; k < d; k++) {
                for (int i = 0; i < n; i++) {
                    column[i] = train[i][k];
                }
                double[] ms = meanAndDeviation(column);
                mean[k] = ms[0];
                scale[k] = ms[1] > 0 ? 1 / ms[1] : 0; // a constant feature carries no information: 0 everywhere
            }
        } else {
            // One mean and deviation over all values, scaled like meanAndDeviation (no copy of the data).
            double largest = 0;
            for (double[] row : train) {
                for (double v : row) {
                    largest = Math.max(largest, Math.abs(v));
                }
            }
            boolean constant = true;
            for (double[] row : train) {
                for (double v : row) {
                    constant &= v == train[0][0];
                }
            }
            int e = largest == 0 ? 0 : Math.getExponent(largest);
            double total = 0;
            for (double[] row : train) {
                for (double v : row) {
                    total += Math.scalb(v, -e);
                }
            }
            double gm = total / ((double) n * d);
            double squares = 0;
            for (double[] row : train) {
                for (double v : row) {
                    double dev = Math.scalb(v, -e) - gm;
                    squares += dev * dev;
                }
            }
            double[] ms = constant ? new double[] {train[0][0], 0}
                    : new double[] {Math.scalb(gm, e), Math.scalb(Math.sqrt(squares / ((double) n * d)), e)};
            java.util.Arrays.fill(mean, ms[0]);
            java.util.Arrays.fill(scale, ms[1] > 0 ? 1 / ms[1] : 1);
        }
        return new Fitted(this, mean, scale);
    }

    /** One example to mean 0 and standard deviation 1 (two passes, scale-safe; a constant row to 0). */
    static void standardizeRow(double[] row) {
        double[] ms = meanAndDeviation(row);
        double m = ms[0];
        double scale = ms[1] > 0 ? 1 / ms[1] : 0;
        for (int k = 0; k < row.length; k++) {
            row[k] = (row[k] - m) * scale;
        }
    }

    /**
     * The mean and the (population) standard deviation of {@code v}, in two passes (exact for constant values,
     * unlike E[x²] − E[x]²) and at any scale of normal doubles: the values are first scaled by a power of two (an
     * exact operation) so that the largest magnitude lies in [1, 2), which keeps sums and squares from overflowing
     * near 1e308 or underflowing to 0 near 1e-170; the statistics are then scaled back exactly.
     */
    static double[] meanAndDeviation(double[] v) {
        double largest = 0;
        boolean constant = true;
        for (double x : v) {
            largest = Math.max(largest, Math.abs(x));
            constant &= x == v[0];
        }
        if (v.length == 0 || largest == 0) {
            return new double[] {0, 0};
        }
        if (constant) {
            // Exactly: n copies of 0.3 sum to a value whose n-th part is not 0.3, and the deviation of one ulp would
            // become a scale of 1e16 that blows every other point up (40 identical rows, a test row elsewhere).
            return new double[] {v[0], 0};
        }
        int e = Math.getExponent(largest);
        double sum = 0;
        for (double x : v) {
            sum += Math.scalb(x, -e);
        }
        double m = sum / v.length;
        double squares = 0;
        for (double x : v) {
            double dev = Math.scalb(x, -e) - m;
            squares += dev * dev;
        }
        return new double[] {Math.scalb(m, e), Math.scalb(Math.sqrt(squares / v.length), e)};
    }
}
