package org.ntkc.nystrom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The steps of a ridge choice, each against a problem whose answer is known without the code under test: the
 * held-out split partitions the rows, selection picks the ridge that a closed form says is best, and the refit's
 * solve equals a direct solve on an accumulation over all rows.
 */
class RidgeChoiceTest {
    @Test
    void holdOutPartitionsTheRowsAndCarriesTheirTargets() {
        int n = 101;
        double[][] x = new double[n][];
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {i};
            y[2 * i] = 10 * i;
            y[2 * i + 1] = -i;
        }
        HoldOut split = HoldOut.of(n, 0.2, 7);
        assertEquals(20, split.held()); // round(0.2 * 101)
        assertEquals(81, split.fitted());
        double[][] held = split.heldRows(x);
        double[][] fit = split.fitRows(x);
        assertEquals(20, held.length);
        assertEquals(81, fit.length);
        boolean[] seen = new boolean[n];
        for (double[] row : held) {
            assertFalse(seen[(int) row[0]], "row " + row[0] + " twice");
            seen[(int) row[0]] = true;
        }
        for (double[] row : fit) {
            assertFalse(seen[(int) row[0]], "row " + row[0] + " both held out and fitted");
            seen[(int) row[0]] = true;
        }
        for (int i = 0; i < n; i++) {
            assertTrue(seen[i], "row " + i + " missing");
        }
        double[][] heldY = split.heldTargets(y, 2);
        double[][] fitY = split.fitTargets(y, 2);
        for (int i = 0; i < held.length; i++) {
            assertEquals(10 * held[i][0], heldY[0][i]);
            assertEquals(-held[i][0], heldY[1][i], 0.0);
        }
        for (int i = 0; i < fit.length; i++) {
            assertEquals(10 * fit[i][0], fitY[0][i]);
            assertEquals(-fit[i][0], fitY[1][i], 0.0);
        }
        // a random draw, seeded: the same seed gives the same rows, another seed other rows, and not just the first
        double[] ids = Arrays.stream(held).mapToDouble(r -> r[0]).toArray();
        assertArrayEquals(ids, Arrays.stream(HoldOut.of(n, 0.2, 7).heldRows(x)).mapToDouble(r -> r[0]).toArray());
        assertFalse(Arrays.equals(ids, Arrays.stream(HoldOut.of(n, 0.2, 8).heldRows(x)).mapToDouble(r -> r[0])
                .toArray()));
        assertTrue(Arrays.stream(ids).anyMatch(v -> v >= 20));
    }

    @Test
    void holdOutOfNothingAndBadSharesAndSizes() {
        double[][] x = {{1}, {2}, {3}};
        HoldOut none = HoldOut.of(3, 0, 1);
        assertEquals(0, none.held());
        assertEquals(3, none.fitRows(x).length);
        assertEquals(0, none.heldTargets(new double[] {1, 2, 3}, 1)[0].length);
        assertThrows(IllegalArgumentException.class, () -> HoldOut.of(3, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> HoldOut.of(3, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> HoldOut.of(3, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> none.fitRows(new double[4][1]));
        assertThrows(IllegalArgumentException.class, () -> none.fitTargets(new double[5], 2));
    }

    /**
     * One-feature ridge regression through the origin, w(λ) = Σxy / (Σx² + λ), fitted on targets y = 2x and scored
     * on held-out rows whose targets are y = x: the held-out error is smallest where w(λ) = 1, at λ = Σx². Of the
     * candidates S/10, S/2, S, 2S, 10S (S = Σx²) the third is the answer.
     */
    @Test
    void selectionPicksTheRidgeWithTheBestHeldOutScore() {
        Random random = new Random(3);
        double[] xFit = random.doubles(40, -2, 2).toArray();
        double[] xHeld = random.doubles(15, -2, 2).toArray();
        double s = Arrays.stream(xFit).map(v -> v * v).sum();
        double sxy = Arrays.stream(xFit).map(v -> 2 * v * v).sum();
        double[][] yHeld = {xHeld.clone()};
        RidgeSelection<Double> selection = new RidgeSelection<>(yHeld, false);
        double[] candidates = {s / 10, s / 2, s, 2 * s, 10 * s};
        double[] mses = new double[candidates.length];
        for (int c = 0; c < candidates.length; c++) {
            double w = sxy / (s + candidates[c]);
            double[][] p = {Arrays.stream(xHeld).map(v -> w * v).toArray()};
            RidgeSelection.Score score = selection.offer(candidates[c], p, w);
            mses[c] = score.mse();
            // the score is minus the mean squared error: (w - 1)² mean(x²)
            double expected = (w - 1) * (w - 1) * Arrays.stream(xHeld).map(v -> v * v).average().orElseThrow();
            assertEquals(expected, score.mse(), 1e-12 * Math.max(1, expected));
            assertEquals(-score.mse(), score.score());
        }
        assertTrue(selection.chosen());
        assertEquals(s, selection.ridge());
        assertEquals(1.0, selection.best(), 1e-12);
        // the same candidates in another order choose the same
        RidgeSelection<Double> reversed = new RidgeSelection<>(yHeld, false);
        for (int c = candidates.length - 1; c >= 0; c--) {
            double w = sxy / (s + candidates[c]);
            reversed.offer(candidates[c], new double[][] {Arrays.stream(xHeld).map(v -> w * v).toArray()}, w);
        }
        assertEquals(s, reversed.ridge());
    }

    @Test
    void classificationScoresAccuracyAndTiesGoToTheSmallerError() {
        // two classes, four held-out rows, one-hot targets: classes 0, 1, 1, 0
        double[][] y = {{1, 0, 0, 1}, {0, 1, 1, 0}};
        RidgeSelection<String> selection = new RidgeSelection<>(y, true);
        // three right of four, far from the one-hot values
        RidgeSelection.Score a = selection.offer(1e-3, new double[][] {{0.6, 0.4, 0.6, 0.6}, {0.4, 0.6, 0.4, 0.4}},
                "a");
        assertEquals(0.75, a.score());
        // three right of four again, closer to the targets: the tie goes to it
        RidgeSelection.Score b = selection.offer(1e-2, new double[][] {{0.9, 0.1, 0.6, 0.9}, {0.1, 0.9, 0.4, 0.1}},
                "b");
        assertEquals(0.75, b.score());
        assertTrue(b.mse() < a.mse());
        assertSame("b", selection.best());
        assertEquals(1e-2, selection.ridge());
        // two right of four, whatever its squared error: accuracy comes first
        selection.offer(1e-1, new double[][] {{1, 1, 0, 0}, {0, 0, 1, 1}}, "c");
        assertSame("b", selection.best());
        // all right wins
        selection.offer(1, new double[][] {{0.7, 0.2, 0.3, 0.8}, {0.3, 0.8, 0.7, 0.2}}, "d");
        assertSame("d", selection.best());
        assertEquals(1, selection.ridge());
    }

    @Test
    void aCandidateWithoutAFiniteScoreNeverWins() {
        double[][] y = {{1, 2}};
        RidgeSelection<String> selection = new RidgeSelection<>(y, false);
        selection.offer(1, new double[][] {{Double.NaN, 2}}, "nan");
        assertFalse(selection.chosen());
        assertNull(selection.best());
        assertTrue(Double.isNaN(selection.ridge()));
        selection.offer(2, new double[][] {{1e3, 2}}, "finite");
        assertSame("finite", selection.best());
    }

    /**
     * The refit adds the held-out rows to the accumulation over the fitted ones and solves with the chosen ridge:
     * its solution equals the direct solve on an accumulation over all rows at once, and differs from the solve on
     * the fitted rows alone.
     */
    @Test
    void refitSolvesOnAllRows() {
        int m = 6;
        int n = 50;
        int held = 12;
        int k = 2;
        Random random = new Random(11);
        double[] kb = random.doubles((long) n * m, -1, 1).toArray(); // K(X, C), rows of any kernel will do
        double[][] y = new double[k][n];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                y[c][i] = random.nextGaussian();
            }
        }
        double[] kmm = new double[m * m]; // a positive definite K(C, C): B Bᵀ + I
        double[] b = random.doubles((long) m * m, -1, 1).toArray();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double v = i == j ? 1 : 0;
                for (int l = 0; l < m; l++) {
                    v += b[i * m + l] * b[j * m + l];
                }
                kmm[i * m + j] = v;
            }
        }
        Falkon falkon = Falkon.prepare(kmm, m, 1);
        double ridge = 0.3;

        GramAccumulator all = new GramAccumulator(m, k);
        all.add(kb, n, y, 1);
        GramAccumulator fitted = new GramAccumulator(m, k);
        fitted.add(Arrays.copyOfRange(kb, held * m, n * m), n - held, slice(y, held, n), 1);
        double[][] fittedOnly = falkon.solveDirect(fitted, ridge);

        Falkon.Solution refit = Refit.onAllRows(fitted, Arrays.copyOfRange(kb, 0, held * m), held,
                slice(y, 0, held), 1, op -> {
                    assertEquals(n, op.points());
                    return falkon.solve(op, ridge, 500, 1e-14);
                });
        assertEquals(n, fitted.points());
        double[][] direct = falkon.solveDirect(all, ridge);
        double scale = 0;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < m; j++) {
                scale = Math.max(scale, Math.abs(direct[c][j]));
            }
        }
        double differs = 0;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < m; j++) {
                assertEquals(direct[c][j], refit.alpha()[c][j], 1e-8 * scale, "output " + c + ", centre " + j);
                differs = Math.max(differs, Math.abs(direct[c][j] - fittedOnly[c][j]));
            }
        }
        assertTrue(differs > 1e-3 * scale, "the held-out rows change the solution: " + differs);
        assertNotEquals(0, scale);
    }

    @Test
    void refitRefusesHeldOutRowsThatDoNotMatch() {
        GramAccumulator acc = new GramAccumulator(3, 1);
        assertThrows(IllegalArgumentException.class, () -> Refit.onAllRows(acc, new double[6], 3,
                new double[][] {new double[3]}, 1, op -> null));
        assertThrows(IllegalArgumentException.class, () -> Refit.onAllRows(acc, new double[6], 2,
                new double[][] {new double[2], new double[2]}, 1, op -> null));
        assertEquals(0, acc.points());
    }

    private static double[][] slice(double[][] y, int from, int to) {
        double[][] r = new double[y.length][];
        for (int c = 0; c < y.length; c++) {
            r[c] = Arrays.copyOfRange(y[c], from, to);
        }
        return r;
    }
}
