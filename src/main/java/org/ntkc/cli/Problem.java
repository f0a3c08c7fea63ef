package org.ntkc.cli;

import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ntkc.predict.Targets;

/**
 * What is being learned from the labels: classes (one-hot targets, accuracy) or numbers (centred targets, RMSE), and
 * how to score predictions on the test set.
 */
final class Problem {
    /** The kind of problem; {@code auto} decides from the labels. */
    enum Task { auto, classification, regression }

    /** A score on the test set; {@code metric} is "accuracy" or "rmse". */
    record Score(String metric, double value, String line) {
        String machine() {
            return metric + "=" + Machine.number("%.6g", value);
        }
    }

    private final Task task;
    private final Targets.Classes classes;
    private final int[] trainClass;
    private final int[] testClass;
    private final double[] trainValue;
    private final double[] testValue;
    private final double mean;
    private final double unit;
    private final String reason;

    private Problem(Task task, Targets.Classes classes, int[] trainClass, int[] testClass, double[] trainValue,
                    double[] testValue, double mean, double unit, String reason) {
        this.task = task;
        this.classes = classes;
        this.trainClass = trainClass;
        this.testClass = testClass;
        this.trainValue = trainValue;
        this.testValue = testValue;
        this.mean = mean;
        this.unit = unit;
        this.reason = reason;
    }

    /**
     * Decides the task: {@code auto} looks at the training labels as a column. When at least half of them are numbers
     * the column is numeric, and a label that is not a number is an error at its place (one stray {@code NaN} or
     * {@code cat} must not turn regression into classification): classification when every label is a whole number
     * with at most {@value #MAX_AUTO_CLASSES} distinct values, regression otherwise. When fewer than half are
     * numbers, the labels are class names. {@code classification} and {@code regression} say it outright.
     */
    static Problem of(DataSets.Pair data, Task requested) {
        String[] train = data.train().labels();
        String[] test = data.test().labels();
        Task task = requested;
        String reason = "";
        if (task == Task.auto) {
            int numbers = 0;
            for (String label : train) {
                if (Targets.allNumbers(new String[] {label})) {
                    numbers++;
                }
            }
            if (2 * numbers < train.length) {
                task = Task.classification;
                reason = "labels are text";
            } else {
                // A numeric column: a label that is not a number is a mistake in the data, in either set.
                checkNumbers(data.train(), numbers);
                checkNumbers(data.test(), numbers);
                if (Targets.allWhole(train) && Targets.Classes.of(train).count() <= MAX_AUTO_CLASSES) {
                    task = Task.classification;
                    reason = "labels are whole numbers with few values; --task regression to treat them as numbers";
                } else {
                    task = Task.regression;
                    reason = "labels are numbers";
                }
            }
        }
        if (task == Task.classification) {
            Targets.Classes classes = Targets.Classes.of(train);
            if (classes.count() < 2) {
                throw new CliException(CliException.BAD_INPUT, data.train().source() + ": every training label is '"
                        + classes.names().get(0) + "'; classification needs at least two classes");
            }
            return new Problem(task, classes, classes.indices(train), classes.indices(test), null, null, 0, 1, reason);
        }
        double[] a = numbers(data.train());
        double[] b = numbers(data.test());
        // Targets are centred at their mean and divided by a power of two near their spread: the solve is linear
        // in the targets, so this changes nothing but the range, and labels of 1e200 neither overflow in the
        // solve nor in the RMSE. Both are undone exactly in values().
        double mean = mean(a);
        double spread = 0;
        for (double v : a) {
            spread = Math.max(spread, Math.abs(v - mean));
        }
        double unit = spread > 0 && Double.isFinite(spread) ? Math.scalb(1.0, Math.getExponent(spread)) : 1;
        return new Problem(task, null, null, null, a, b, mean, unit, reason);
    }

    static final int MAX_AUTO_CLASSES = 20;

    /** Fails at the first label of {@code set} that is not a number, in a column that is numeric. */
    private static void checkNumbers(DataSets.Labeled set, int numbers) {
        Integer bad = Targets.firstNonNumber(set.labels());
        if (bad != null) {
            throw new CliException(CliException.BAD_INPUT, set.place(bad) + ": the label '" + set.labels()[bad]
                    + "' is not a number, but the label column is numeric (" + numbers + " of "
                    + set.labels().length + " training labels are numbers); correct the value, or pass --task "
                    + "classification to treat every label as a class name");
        }
    }

    private static double[] numbers(DataSets.Labeled set) {
        String[] labels = set.labels();
        Integer bad = Targets.firstNonNumber(labels);
        if (bad != null) {
            throw new CliException(CliException.BAD_INPUT, set.place(bad) + ": example " + (bad + 1) + " has the label '"
                    + labels[bad] + "', not a number (regression needs numeric labels)");
        }
        double[] v = new double[labels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(labels[i]);
            if (!Double.isFinite(v[i])) {
                throw new CliException(CliException.BAD_INPUT, set.place(i) + ": example " + (i + 1) + " has the label '"
                        + labels[i] + "', too large for a double");
            }
        }
        return v;
    }

    /** The mean of finite values at any scale (a power-of-two scaling keeps the sum from overflowing). */
    static double mean(double[] v) {
        double largest = 0;
        for (double x : v) {
            largest = Math.max(largest, Math.abs(x));
        }
        if (largest == 0) {
            return 0;
        }
        int e = Math.getExponent(largest);
        double sum = 0;
        for (double x : v) {
            sum += Math.scalb(x, -e);
        }
        return Math.scalb(sum / v.length, e);
    }

    /** √(mean of (a − b)²) at any scale. */
    static double rms(double[] a, double[] b) {
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
        if (largest == 0 || !Double.isFinite(largest)) {
            return largest;
        }
        int e = Math.getExponent(largest);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.scalb(a[i] - b[i], -e);
            sum += d * d;
        }
        return Math.scalb(Math.sqrt(sum / a.length), e);
    }

    /** The power of two that regression targets are divided by (1 for classes). */
    double unit() {
        return unit;
    }

    boolean classification() {
        return task == Task.classification;
    }

    Targets.Classes classes() {
        return classes;
    }

    int[] testClass() {
        return testClass;
    }

    double[] testValue() {
        return testValue;
    }

    /** The number of target columns. */
    int outputs() {
        return classification() ? classes.count() : 1;
    }

    /** "classification, 10 classes" or "regression (targets centred at 14.3)", with the reason when guessed. */
    String describe() {
        String what = classification() ? "classification, " + classes.count() + " classes"
                : String.format(Locale.ROOT, "regression, targets centred at their training mean %.4g", mean);
        return reason.isEmpty() ? what : what + " (" + reason + ")";
    }

    /** How many test examples carry a class the training set does not have. */
    int unknownTestClasses() {
        int n = 0;
        if (classification()) {
            for (int c : testClass) {
                if (c < 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The training targets: centred one-hot rows, or the centred values (in units of a power of two) as a column. */
    DMatrixRMaj targets() {
        if (classification()) {
            return classes.oneHot(trainClass);
        }
        DMatrixRMaj y = new DMatrixRMaj(trainValue.length, 1);
        for (int i = 0; i < trainValue.length; i++) {
            y.data[i] = (trainValue[i] - mean) / unit;
        }
        return y;
    }

    /** The predicted values (regression) from the model's outputs. */
    double[] values(DMatrixRMaj outputs) {
        double[] v = new double[outputs.numRows];
        for (int i = 0; i < v.length; i++) {
            v[i] = outputs.data[i] * unit + mean;
        }
        return v;
    }

    Score score(DMatrixRMaj outputs) {
        if (classification()) {
            int[] predicted = Targets.argmax(outputs);
            double accuracy = Targets.accuracy(predicted, testClass);
            int right = (int) Math.round(accuracy * predicted.length);
            return new Score("accuracy", accuracy, String.format(Locale.ROOT, "%.2f%% (%d of %d)", 100 * accuracy,
                    right, predicted.length));
        }
        double rmse = rms(values(outputs), testValue);
        double[] training = new double[testValue.length];
        java.util.Arrays.fill(training, mean);
        double sd = rms(training, testValue);
        return new Score("rmse", rmse, String.format(Locale.ROOT, "%.4g (predicting the training mean: %.4g)", rmse,
                sd));
    }
}
