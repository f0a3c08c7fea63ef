package org.ntkc.runtime.quad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.junit.jupiter.api.Test;

class HermiteRuleTest {

    /** E[z^{2k}] = (2k − 1)!! to high relative accuracy for every degree the rule must integrate exactly. */
    @Test
    void integratesEvenMomentsExactly() {
        for (int n : new int[] {1, 2, 3, 8, 24, 48, 96, 192, 512}) {
            HermiteRule rule = HermiteRule.of(n);
            double worst = 0;
            for (int k = 0; 2 * k <= 2 * n - 1; k++) {
                double logDoubleFactorial = 0;
                for (int j = 1; j < 2 * k; j += 2) {
                    logDoubleFactorial += Math.log(j);
                }
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    double x = rule.nodes[i];
                    if (rule.weights[i] > 0 && x != 0) {
                        sum += rule.weights[i] * Math.exp(2 * k * Math.log(Math.abs(x)) - logDoubleFactorial);
                    } else if (k == 0) {
                        sum += rule.weights[i];
                    }
                }
                worst = Math.max(worst, Math.abs(sum - 1));
            }
            assertTrue(worst < 1e-11, "n = " + n + ": " + worst);
        }
    }

    @Test
    void symmetricSortedAndCached() {
        for (int n : new int[] {1, 7, 24, 192}) {
            HermiteRule rule = HermiteRule.of(n);
            for (int i = 0; i < n; i++) {
                assertEquals(-rule.nodes[n - 1 - i], rule.nodes[i], 0.0);
                assertEquals(rule.weights[n - 1 - i], rule.weights[i], 0.0);
                assertTrue(i == 0 || rule.nodes[i] > rule.nodes[i - 1]);
            }
            assertSame(rule, HermiteRule.of(n));
        }
    }

    @Test
    void agreesWithCommonsMath() {
        for (int n : new int[] {5, 8, 24, 40}) {
            GaussIntegrator reference = new GaussIntegratorFactory().hermite(n);
            HermiteRule rule = HermiteRule.of(n);
            for (int i = 0; i < n; i++) {
                double node = rule.nodes[i];
                assertEquals(Math.sqrt(2) * reference.getPoint(i), node, 1e-14 * Math.max(1, Math.abs(node)));
                assertEquals(reference.getWeight(i) / Math.sqrt(Math.PI), rule.weights[i], 1e-13 * rule.weights[i]);
            }
        }
    }
}
