package org.ntkc.math.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ntkc.math.act.BuiltinActivation;

/** Algebraic identities between closed forms, exact diagonal values, and behaviour at degenerate states. */
class ClosedFormIdentitiesTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(7);

    /** Random valid states (q1, q2, q12), including nearly parallel and antiparallel pairs. */
    static double[][] states(int n) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double q1 = Math.exp(RANDOM.nextDouble(-6, 3));
            double q2 = Math.exp(RANDOM.nextDouble(-6, 3));
            double rho = switch (i % 5) {
                case 0 -> 1 - Math.pow(10, -RANDOM.nextDouble(4, 15));
                case 1 -> -1 + Math.pow(10, -RANDOM.nextDouble(4, 15));
                default -> RANDOM.nextDouble(-1, 1);
            };
            out[i] = new double[] {q1, q2, rho * Math.sqrt(q1 * q2)};
        }
        return out;
    }

    private static void assertSame(Dual expected, Dual actual, double tol) {
        for (double[] s : states(500)) {
            double[] e = new double[2];
            double[] a = new double[2];
            expected.evaluate(s[0], s[1], s[2], e);
            actual.evaluate(s[0], s[1], s[2], a);
            for (int k = 0; k < 2; k++) {
                double scale = Math.max(Math.abs(e[k]), Math.sqrt(s[0] * s[1]) + 1e-300);
                assertEquals(e[k], a[k], tol * scale, "component " + k + " at " + java.util.Arrays.toString(s));
            }
        }
    }

    private static Dual builtin(String name, double... args) {
        return BuiltinActivation.bySpelling(name).orElseThrow().create(args).closedFormDual().orElseThrow();
    }

    @Test
    void abreluSpecialCasesAreReluLeakyAndAbs() {
        assertSame(builtin("relu"), builtin("abrelu", 0, 1), 0);
        assertSame(builtin("leaky_relu", 0.1), builtin("abrelu", 0.1, 1), 0);
        assertSame(builtin("abs"), builtin("abrelu", -1, 1), 0);
        assertSame(builtin("relu"), new ClosedForms.RectifiedMonomial(1), 1e-14);
    }

    @Test
    void abreluWithEqualSlopesIsAScaledIdentity() {
        double a = 1.7;
        Dual d = builtin("abrelu", a, a);
        for (double[] s : states(200)) {
            double[] out = new double[2];
            d.evaluate(s[0], s[1], s[2], out);
            assertEquals(a * a * s[2], out[0], 1e-15 * a * a * Math.sqrt(s[0] * s[1]));
            assertEquals(a * a, out[1], 1e-15);
        }
    }

    @Test
    void cosineIsSineShiftedByAQuarterTurn() {
        assertSame(builtin("cos", 1.3, 0.7, 0.2), builtin("sin", 1.3, 0.7, 0.2 + Math.PI / 2), 1e-13);
    }

    @Test
    void rbfIsTheSineKernelItIsBuiltFrom() {
        double gamma = 0.8;
        assertSame(builtin("rbf", gamma), builtin("sin", Math.sqrt(2), Math.sqrt(2 * gamma), Math.PI / 4), 1e-13);
    }

    @Test
    void exactDiagonals() {
        for (double q : new double[] {1e-8, 0.3, 1, 7.5, 1e4}) {
            assertEquals(q / 2, builtin("relu").t(q, q, q), 1e-16 * q);
            assertEquals((0.01 + 1) * q / 2, builtin("leaky_relu", 0.1).t(q, q, q), 1e-15 * q);
            assertEquals((2 * 2 + 3 * 3) * q / 2, builtin("abrelu", 2, 3).t(q, q, q), 1e-14 * q);
            double erfDiag = 4 * (2 / Math.PI) * Math.asin(2 * 9 * q / (1 + 2 * 9 * q)) + 0.25;
            assertEquals(erfDiag, builtin("erf", 2, 3, 0.5).t(q, q, q), 1e-14 * erfDiag);
            assertEquals(3 * q * q, builtin("monomial", 2).t(q, q, q), 1e-15 * q * q);
            assertEquals(1.0, builtin("sign").t(q, q, q), 0);
        }
    }

    @Test
    void zeroInputsGiveNoNaN() {
        List<String> names = BuiltinActivation.spellings();
        for (String name : names) {
            BuiltinActivation b = BuiltinActivation.bySpelling(name).orElseThrow();
            double[] args = b.parameters().stream().mapToDouble(p -> p.defaultValue().orElse(2)).toArray();
            b.create(args).closedFormDual().ifPresent(d -> {
                for (double[] s : new double[][] {{0, 0, 0}, {0, 1.5, 0}, {2, 0, 0}, {1, 1, 1 + 1e-16},
                        {1, 1, -1 - 1e-16}, {1e-300, 1e-300, 1e-300}}) {
                    double[] out = new double[2];
                    d.evaluate(s[0], s[1], s[2], out);
                    assertFalse(Double.isNaN(out[0]) || Double.isNaN(out[1]), name + " at " + java.util.Arrays.toString(s));
                }
            });
        }
    }

    @Test
    void atan2FormStaysAccurateNearlyParallel() {
        // For rho = 1 - 1e-12, arccos(rho) ~ 1.4e-6 loses about half its digits if computed from a rounded ratio;
        // the relu kernel must still match its second-order expansion T = q/2 - (q/(2 pi)) * (theta - sin theta)...
        double q = 2.0;
        double eps = 1e-12;
        double q12 = q * (1 - eps);
        double theta = Math.sqrt(2 * eps);
        double expected = q * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta)) / (2 * Math.PI);
        assertEquals(expected, builtin("relu").t(q, q, q12), 1e-15 * q);
        double expectedDot = (Math.PI - theta) / (2 * Math.PI);
        assertEquals(expectedDot, builtin("relu").tDot(q, q, q12), 1e-9);
        assertTrue(builtin("relu").tDot(q, q, q12) < 0.5);
    }
}
