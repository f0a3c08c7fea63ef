package org.ntkc.runtime.quad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

/**
 * The rules the runtime builds without commons-math3, against commons-math3 (the library they replace) and against
 * exact moments: Gauss–Legendre nodes and weights, and the Sturm-bisection eigenvalues that start HermiteRule's Newton.
 */
class JdkOnlyRulesTest {
    @Test
    void legendreAgreesWithCommonsMath() {
        for (int n : new int[] {1, 2, 3, 7, 16, 40, 100}) {
            LegendreRule rule = LegendreRule.of(n);
            GaussIntegrator reference = new GaussIntegratorFactory().legendre(n);
            double[] nodes = rule.nodes();
            double[] weights = rule.weights();
            for (int i = 0; i < n; i++) {
                assertEquals(reference.getPoint(i), nodes[i], 2e-16, "n = " + n + ", node " + i);
                assertEquals(reference.getWeight(i), weights[i], 1e-15, "n = " + n + ", weight " + i);
                assertEquals(-nodes[n - 1 - i], nodes[i], 0.0);
                assertEquals(weights[n - 1 - i], weights[i], 0.0);
                assertTrue(i == 0 || nodes[i] > nodes[i - 1]);
            }
            assertSame(rule, LegendreRule.of(n));
        }
    }

    @Test
    void legendreIntegratesPolynomialsExactly() {
        for (int n : new int[] {1, 4, 16, 33}) {
            double[] x = LegendreRule.of(n).nodes();
            double[] w = LegendreRule.of(n).weights();
            for (int k = 0; k <= 2 * n - 1; k++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += w[i] * Math.pow(x[i], k);
                }
                double exact = k % 2 == 1 ? 0 : 2.0 / (k + 1);
                assertEquals(exact, sum, 1e-14, "n = " + n + ", x^" + k);
            }
        }
    }

    @Test
    void sturmBisectionAgreesWithEigenDecomposition() {
        for (int n : new int[] {2, 3, 10, 64, 200, HermiteRule.MAX_ORDER}) {
            double[] offDiagonal = new double[n - 1];
            for (int j = 1; j < n; j++) {
                offDiagonal[j - 1] = Math.sqrt(j / 2.0);
            }
            double[] mine = HermiteRule.tridiagonalEigenvalues(offDiagonal);
            double[] theirs = new EigenDecomposition(new double[n], offDiagonal).getRealEigenvalues();
            java.util.Arrays.sort(theirs);
            double scale = Math.sqrt(2.0 * n + 1);
            for (int i = 0; i < n; i++) {
                assertEquals(theirs[i], mine[i], 1e-13 * scale, "n = " + n + ", eigenvalue " + i);
            }
        }
        // a matrix that is not the Hermite one: off-diagonals of mixed size
        double[] b = {3.0, 0.001, 2.5, 1e-8, 7.0};
        double[] mine = HermiteRule.tridiagonalEigenvalues(b);
        double[] theirs = new EigenDecomposition(new double[b.length + 1], b).getRealEigenvalues();
        java.util.Arrays.sort(theirs);
        for (int i = 0; i < mine.length; i++) {
            assertEquals(theirs[i], mine[i], 1e-13 * 10, "eigenvalue " + i);
        }
    }
}
