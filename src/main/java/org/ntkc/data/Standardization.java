package org.ntkc.data;

/**
 * Input standardisation: statistics taken from the training set only and applied to every set, so that test points
 * are transformed exactly as the training points were.
 */
public enum Standardization {
    /** Each feature (pixel) to mean 0 and standard deviation 1 over the training set; constant features to 0. */
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
        double[] sum = new double[d];
        for (double[] row : train) {
            for (int k = 0; k < d; k++) {
                sum[k] += row[k];
            }
        }
        double[] m = new double[d];
        for (int k = 0; k < d; k++) {
            m[k] = sum[k] / n;
        }
        // Two passes (mean, then squared deviations): exact for constant columns, unlike E[x²] − E[x]².
        double[] dev = new double[d];
        for (double[] row : train) {
            for (int k = 0; k < d; k++) {
                double e = row[k] - m[k];
                dev[k] += e * e;
            }
        }
        if (this == FEATURES) {
            for (int k = 0; k < d; k++) {
                double sd = Math.sqrt(dev[k] / n);
                mean[k] = m[k];
                scale[k] = sd > 0 ? 1 / sd : 0; // a constant feature carries no information: 0 everywhere
            }
        } else {
            double total = 0;
            double squares = 0;
            for (int k = 0; k < d; k++) {
                total += sum[k];
            }
            double gm = total / ((double) n * d);
            for (double[] row : train) {
                for (double v : row) {
                    squares += (v - gm) * (v - gm);
                }
            }
            double sd = Math.sqrt(squares / ((double) n * d));
            java.util.Arrays.fill(mean, gm);
            java.util.Arrays.fill(scale, sd > 0 ? 1 / sd : 1);
        }
        return new Fitted(this, mean, scale);
    }

    /** One example to mean 0 and standard deviation 1 (two passes; a constant row to 0). */
    static void standardizeRow(double[] row) {
        double sum = 0;
        for (double v : row) {
            sum += v;
        }
        double m = sum / row.length;
        double squares = 0;
        for (double v : row) {
            squares += (v - m) * (v - m);
        }
        double sd = Math.sqrt(squares / row.length);
        double scale = sd > 0 ? 1 / sd : 0;
        for (int k = 0; k < row.length; k++) {
            row[k] = (row[k] - m) * scale;
        }
    }
}
