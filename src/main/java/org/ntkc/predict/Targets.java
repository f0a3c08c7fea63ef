package org.ntkc.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;

/**
 * Targets for kernel regression: class labels as centred one-hot rows (multi-output regression, one column per
 * class, predicted class = the largest output), or numbers centred at their training mean.
 */
public final class Targets {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");

    private Targets() {
    }

    /**
     * The classes of a classification problem, in a stable order (numerically when every label is a whole number,
     * else alphabetically).
     */
    public record Classes(List<String> names) {
        public Classes {
            names = List.copyOf(names);
        }

        /** The classes that occur in {@code labels}. */
        public static Classes of(String[] labels) {
            List<String> names = new ArrayList<>(new LinkedHashSet<>(List.of(labels)));
            boolean whole = names.stream().allMatch(s -> WHOLE.matcher(s).matches() && s.length() < 18);
            names.sort(whole ? Comparator.comparingLong(Long::parseLong) : Comparator.naturalOrder());
            return new Classes(names);
        }

        public int count() {
            return names.size();
        }

        /** The class index of each label; -1 for a label that is not one of the classes. */
        public int[] indices(String[] labels) {
            Map<String, Integer> at = new HashMap<>();
            for (int c = 0; c < names.size(); c++) {
                at.put(names.get(c), c);
            }
            int[] out = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                out[i] = at.getOrDefault(labels[i], -1);
            }
            return out;
        }

        /**
         * One row per example, one column per class: 1 − 1/k for its class, −1/k elsewhere (rows sum to 0; for ten
         * classes the −0.1/0.9 of neural-tangents' examples). The predicted class is the same for any offset of
         * the one-hot code, because K*·K⁻¹ is linear and the offset adds the same value to every class column of a
         * row; centring only makes the outputs zero-mean like the network's prior.
         */
        public DMatrixRMaj oneHot(int[] classIndex) {
            int k = names.size();
            DMatrixRMaj y = new DMatrixRMaj(classIndex.length, k);
            for (int i = 0; i < classIndex.length; i++) {
                for (int c = 0; c < k; c++) {
                    y.data[i * k + c] = (c == classIndex[i] ? 1.0 : 0.0) - 1.0 / k;
                }
            }
            return y;
        }
    }

    /** Whether every label is a number (a regression target). */
    public static boolean allNumbers(String[] labels) {
        for (String s : labels) {
            if (!NUMBER.matcher(s).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Whether every label is a whole number. */
    public static boolean allWhole(String[] labels) {
        for (String s : labels) {
            if (!WHOLE.matcher(s).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The first label that is not a number, or null. */
    public static Integer firstNonNumber(String[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (!NUMBER.matcher(labels[i]).matches()) {
                return i;
            }
        }
        return null;
    }

    /** The index of the largest entry of every row. */
    public static int[] argmax(DMatrixRMaj scores) {
        int k = scores.numCols;
        int[] out = new int[scores.numRows];
        for (int i = 0; i < scores.numRows; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (scores.data[i * k + c] > scores.data[i * k + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** The fraction of {@code predicted} equal to {@code truth} (a truth of -1, an unknown class, counts as wrong). */
    public static double accuracy(int[] predicted, int[] truth) {
        if (predicted.length != truth.length || predicted.length == 0) {
            throw new IllegalArgumentException("accuracy of " + predicted.length + " predictions against "
                    + truth.length + " labels");
        }
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == truth[i]) {
                right++;
            }
        }
        return (double) right / predicted.length;
    }

    /** √(mean of (predicted − truth)²). */
    public static double rmse(double[] predicted, double[] truth) {
        if (predicted.length != truth.length || predicted.length == 0) {
            throw new IllegalArgumentException("RMSE of " + predicted.length + " predictions against " + truth.length
                    + " values");
        }
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double e = predicted[i] - truth[i];
            sum += e * e;
        }
        return Math.sqrt(sum / predicted.length);
    }
}
