package org.ntkc.nystrom;

/**
 * Chooses a ridge value by the held-out rows: every candidate's predictions of them are scored (accuracy for
 * classification, minus the mean squared error for regression), the best score wins, and ties in accuracy go to the
 * smaller squared error, then to the earlier candidate. A candidate whose score is not a number never wins.
 *
 * @param <S> what a candidate's fit produced (a solution, a model), kept for the winner
 */
public final class RidgeSelection<S> {
    /** A candidate's held-out score (accuracy, or minus the MSE) and its mean squared error. */
    public record Score(double score, double mse) {
    }

    private final double[][] heldTargets;
    private final boolean classification;
    private double bestScore = Double.NEGATIVE_INFINITY;
    private double bestMse = Double.POSITIVE_INFINITY;
    private double bestRidge = Double.NaN;
    private S best;

    /**
     * @param heldTargets    the held-out targets, k columns (one-hot for classification)
     * @param classification whether a row is scored right/wrong by argmax rather than by squared error
     */
    public RidgeSelection(double[][] heldTargets, boolean classification) {
        this.heldTargets = heldTargets;
        this.classification = classification;
    }

    /** Scores one candidate's predictions of the held-out rows (k columns) and keeps it if it is the best so far. */
    public Score offer(double ridge, double[][] predictions, S fit) {
        double mse = -score(predictions, heldTargets, false);
        double score = classification ? score(predictions, heldTargets, true) : -mse;
        if (score > bestScore || score == bestScore && mse < bestMse) {
            bestScore = score;
            bestMse = mse;
            bestRidge = ridge;
            best = fit;
        }
        return new Score(score, mse);
    }

    /** Whether any candidate had a score that is a number. */
    public boolean chosen() {
        return best != null;
    }

    /** The chosen ridge value (NaN before one is chosen). */
    public double ridge() {
        return bestRidge;
    }

    /** The chosen candidate's fit (null before one is chosen). */
    public S best() {
        return best;
    }

    /** Accuracy (argmax of outputs against argmax of the one-hot targets), or minus the mean squared error. */
    public static double score(double[][] p, double[][] y, boolean classification) {
        int rows = y[0].length;
        int k = y.length;
        if (classification) {
            int right = 0;
            for (int i = 0; i < rows; i++) {
                if (argmax(p, i) == argmax(y, i)) {
                    right++;
                }
            }
            return (double) right / rows;
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < rows; i++) {
                double e = p[c][i] - y[c][i];
                sum += e * e;
            }
        }
        return -sum / ((double) rows * k);
    }

    private static int argmax(double[][] v, int i) {
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c][i] > v[best][i]) {
                best = c;
            }
        }
        return best;
    }
}
