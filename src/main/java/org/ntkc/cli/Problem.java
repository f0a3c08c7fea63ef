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
            return metric + "=" + String.format(Locale.ROOT, "%.6g", value);
        }
    }

    private final Task task;
    private final Targets.Classes classes;
    private final int[] trainClass;
    private final int[] testClass;
    private final double[] trainValue;
    private final double[] testValue;
    private final double mean;
    private final String reason;

    private Problem(Task task, Targets.Classes classes, int[] trainClass, int[] testClass, double[] trainValue,
                    double[] testValue, double mean, String reason) {
        this.task = task;
        this.classes = classes;
        this.trainClass = trainClass;
        this.testClass = testClass;
        this.trainValue = trainValue;
        this.testValue = testValue;
        this.mean = mean;
        this.reason = reason;
    }

    /**
     * Decides the task: {@code auto} means classification when some training label is not a number, or when all are
     * whole numbers with at most {@value #MAX_AUTO_CLASSES} distinct values; regression otherwise.
     */
    static Problem of(DataSets.Pair data, Task requested) {
        String[] train = data.train().labels();
        String[] test = data.test().labels();
        Task task = requested;
        String reason = "";
        if (task == Task.auto) {
            if (!Targets.allNumbers(train)) {
                task = Task.classification;
                reason = "labels are text";
            } else if (Targets.allWhole(train) && Targets.Classes.of(train).count() <= MAX_AUTO_CLASSES) {
                task = Task.classification;
                reason = "labels are whole numbers with few values; --task regression to treat them as numbers";
            } else {
                task = Task.regression;
                reason = "labels are numbers";
            }
        }
        if (task == Task.classification) {
            Targets.Classes classes = Targets.Classes.of(train);
            if (classes.count() < 2) {
                throw new CliException(CliException.BAD_INPUT, data.train().source() + ": every training label is '"
                        + classes.names().get(0) + "'; classification needs at least two classes");
            }
            return new Problem(task, classes, classes.indices(train), classes.indices(test), null, null, 0, reason);
        }
        double[] a = numbers(train, data.train().source());
        double[] b = numbers(test, data.test().source());
        double sum = 0;
        for (double v : a) {
            sum += v;
        }
        return new Problem(task, null, null, null, a, b, sum / a.length, reason);
    }

    static final int MAX_AUTO_CLASSES = 20;

    private static double[] numbers(String[] labels, String source) {
        Integer bad = Targets.firstNonNumber(labels);
        if (bad != null) {
            throw new CliException(CliException.BAD_INPUT, source + ": example " + (bad + 1) + " has the label '"
                    + labels[bad] + "', not a number (regression needs numeric labels)");
        }
        double[] v = new double[labels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(labels[i]);
            if (!Double.isFinite(v[i])) {
                throw new CliException(CliException.BAD_INPUT, source + ": example " + (i + 1) + " has the label '"
                        + labels[i] + "', too large for a double");
            }
        }
        return v;
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

    /** The training targets: centred one-hot rows, or the centred values as one column. */
    DMatrixRMaj targets() {
        if (classification()) {
            return classes.oneHot(trainClass);
        }
        DMatrixRMaj y = new DMatrixRMaj(trainValue.length, 1);
        for (int i = 0; i < trainValue.length; i++) {
            y.data[i] = trainValue[i] - mean;
        }
        return y;
    }

    /** The predicted values (regression) from the model's outputs. */
    double[] values(DMatrixRMaj outputs) {
        double[] v = new double[outputs.numRows];
        for (int i = 0; i < v.length; i++) {
            v[i] = outputs.data[i] + mean;
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
        double rmse = Targets.rmse(values(outputs), testValue);
        double sd = 0;
        for (double v : testValue) {
            sd += (v - mean) * (v - mean);
        }
        sd = Math.sqrt(sd / testValue.length);
        return new Score("rmse", rmse, String.format(Locale.ROOT, "%.4g (predicting the training mean: %.4g)", rmse,
                sd));
    }
}
