package org.ntkc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StandardizationTest {
    private static double[][] train() {
        return new double[][] {{1, 10, 5}, {3, 20, 5}, {5, 60, 5}};
    }

    @Test
    void featuresGetMeanZeroAndVarianceOneFromTheTrainingSet() {
        double[][] x = train();
        Standardization.Fitted f = Standardization.FEATURES.fit(x);
        f.apply(x);
        for (int k = 0; k < 2; k++) {
            double mean = (x[0][k] + x[1][k] + x[2][k]) / 3;
            double var = (x[0][k] * x[0][k] + x[1][k] * x[1][k] + x[2][k] * x[2][k]) / 3 - mean * mean;
            assertEquals(0, mean, 1e-15);
            assertEquals(1, var, 1e-14);
        }
        assertArrayEquals(new double[] {0, 0, 0}, new double[] {x[0][2], x[1][2], x[2][2]}, "constant feature -> 0");
        // Test points use the training statistics: mean 3 and sd sqrt(8/3) for the first feature.
        double[][] test = {{3 + Math.sqrt(8.0 / 3), 30, 6}};
        f.apply(test);
        assertEquals(1, test[0][0], 1e-14);
        assertEquals(0, test[0][1], 1e-14);
        assertEquals(0, test[0][2], 0.0);
    }

    @Test
    void globalUsesOneMeanAndOneDeviation() {
        double[][] x = train();
        Standardization.GLOBAL.fit(x).apply(x);
        double sum = 0;
        double squares = 0;
        for (double[] row : x) {
            for (double v : row) {
                sum += v;
                squares += v * v;
            }
        }
        assertEquals(0, sum / 9, 1e-15);
        assertEquals(1, squares / 9, 1e-14);
        assertEquals(x[0][2], x[1][2], 0.0, "equal raw values stay equal");
        double[][] none = train();
        Standardization.NONE.fit(none).apply(none);
        assertArrayEquals(train()[2], none[2]);
    }

    @Test
    void examplesAreStandardisedEachOnItsOwn() {
        double[][] x = {{1, 2, 3, 6}, {10, 10, 10, 10}, {-4, 0, 4, 8}};
        Standardization.Fitted f = Standardization.EXAMPLES.fit(x);
        f.apply(x);
        for (int i : new int[] {0, 2}) {
            double sum = 0;
            double squares = 0;
            for (double v : x[i]) {
                sum += v;
                squares += v * v;
            }
            assertEquals(0, sum / 4, 1e-15, "row " + i);
            assertEquals(1, squares / 4, 1e-14, "row " + i);
        }
        assertArrayEquals(new double[] {0, 0, 0, 0}, x[1], "a constant example -> 0");
        // affine in each example: a brighter, higher-contrast copy of an example maps to the same point
        double[][] copy = {{1, 2, 3, 6}, {7, 9, 11, 17}};
        f.apply(copy);
        assertArrayEquals(copy[0], copy[1], 1e-14);
        assertArrayEquals(x[0], copy[0], 0.0, "no statistics from the training set");
    }

    /**
     * Issue 15 item 6: data scaled by 1e160 or 1e-170 (normal doubles) standardise to the same values as the unscaled
     * data, in every mode; before, squares overflowed to infinity or underflowed to 0 and every feature became 0.
     */
    @Test
    void extremeScalesStandardiseLikeUnitScale() {
        double[][] base = {{1, 10, 5, -2}, {3, 20, 5, 7}, {5, 60, 5, 0.5}, {-2, 1, 5, 3}};
        for (Standardization mode : new Standardization[] {Standardization.FEATURES, Standardization.GLOBAL,
                Standardization.EXAMPLES}) {
            double[][] expected = copy(base, 1);
            mode.fit(expected).apply(expected);
            for (double factor : new double[] {1e160, 1e-170, 1e300, 1e-300}) {
                double[][] x = copy(base, factor);
                double[][] test = copy(base, factor);
                Standardization.Fitted f = mode.fit(x);
                f.apply(x);
                f.apply(test);
                for (int i = 0; i < x.length; i++) {
                    assertArrayEquals(expected[i], x[i], 1e-12, mode + " x " + factor + ", row " + i);
                    assertArrayEquals(expected[i], test[i], 1e-12, mode + " x " + factor + ", test row " + i);
                }
            }
        }
    }

    private static double[][] copy(double[][] x, double factor) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] *= factor;
            }
        }
        return out;
    }

    /**
     * Issue 15 item 7: forty copies of a row whose values do not survive sum/n exactly (0.3 * 40 / 40 != 0.3) are
     * constant features: scale 0, so that every point maps to 0, not the one-ulp deviation to 1 and a test point
     * elsewhere to 1e16.
     */
    @Test
    void identicalRowsAreConstantFeaturesExactly() {
        double[] row = {0.3, -1.2, 0.7, 0.1};
        for (Standardization mode : new Standardization[] {Standardization.FEATURES, Standardization.GLOBAL}) {
            double[][] x = new double[40][];
            for (int i = 0; i < x.length; i++) {
                x[i] = mode == Standardization.GLOBAL ? new double[] {0.1, 0.1, 0.1} : row.clone();
            }
            Standardization.Fitted f = mode.fit(x);
            double[][] test = {mode == Standardization.GLOBAL ? new double[] {1, 1, 1} : new double[] {1, 1, 1, 1}};
            f.apply(x);
            f.apply(test);
            for (double[] r : x) {
                for (double v : r) {
                    assertEquals(0, v, 0.0, mode.toString());
                }
            }
            for (double v : test[0]) {
                assertTrue(Math.abs(v) < 1e3, mode + ": a test point stays finite and moderate, got " + v);
            }
        }
        double[][] one = {{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}};
        Standardization.EXAMPLES.fit(one).apply(one);
        for (double v : one[0]) {
            assertEquals(0, v, 0.0, "a constant example becomes 0");
        }
    }
}
