package org.ntkc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/**
 * The runtime's JDK-only erf against an independent computation: the Maclaurin series summed in 90-digit decimal
 * arithmetic (exact to far below an ulp), and against commons-math3's erf, which it replaces.
 */
class ErfTest {
    private static final MathContext MC = new MathContext(90);
    private static final BigDecimal TWO_OVER_SQRT_PI = new BigDecimal(
            "1.12837916709551257389615890312154517168810125865799771368817144342128493688298682897348732040421473");

    @Test
    void withinFiveUlpsOfAHighPrecisionSeries() {
        Random random = new Random(7);
        double worst = 0;
        for (int i = 0; i < 3000; i++) {
            double x = i % 3 == 0 ? Math.pow(10, -12 + 12 * random.nextDouble()) : 6.5 * random.nextDouble();
            double exact = reference(x);
            double ulps = Math.abs(Functions.erf(x) - exact) / Math.ulp(exact);
            worst = Math.max(worst, ulps);
            assertEquals(-Functions.erf(x), Functions.erf(-x), 0.0, "odd at " + x);
        }
        assertTrue(worst <= 5, "worst error " + worst + " ulps");
    }

    @Test
    void agreesWithCommonsMath() {
        for (double x = -7; x <= 7; x += 0.001) {
            assertEquals(Erf.erf(x), Functions.erf(x), 2e-15, "x = " + x);
        }
    }

    @Test
    void specialValues() {
        assertEquals(0.0, Functions.erf(0.0), 0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Functions.erf(-0.0)));
        assertEquals(1.0, Functions.erf(6.0), 0.0);
        assertEquals(-1.0, Functions.erf(Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(1.0, Functions.erf(Double.MAX_VALUE), 0.0);
        assertTrue(Double.isNaN(Functions.erf(Double.NaN)));
        assertEquals(Double.MIN_VALUE, Functions.erf(Double.MIN_VALUE), 0.0);
        for (double x = 0; x < 8; x += 0.01) {
            assertTrue(Functions.erf(x) <= 1.0 && Functions.erf(x + 0.01) >= Functions.erf(x), "monotone at " + x);
        }
    }

    /** 2/√π · Σ (−1)^n x^{2n+1} / (n! (2n+1)), in 90 digits. */
    private static double reference(double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal x2 = bx.multiply(bx, MC);
        BigDecimal power = bx;
        BigDecimal sum = bx;
        BigDecimal cutoff = bx.abs().multiply(new BigDecimal("1e-40"), MC);
        for (int n = 1; n < 5000; n++) {
            power = power.multiply(x2, MC).negate().divide(BigDecimal.valueOf(n), MC);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), MC);
            sum = sum.add(term, MC);
            if (n > 2 * x * x && term.abs().compareTo(cutoff) < 0) {
                break;
            }
        }
        return sum.multiply(TWO_OVER_SQRT_PI, MC).doubleValue();
    }
}
