package org.ntkc.math.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.ntkc.math.dual.Dual;
import org.ntkc.runtime.quad.GaussianExpectation;
import org.ntkc.runtime.quad.QuadratureOptions;
import org.ntkc.math.sym.CompiledSym;

/**
 * Every closed-form dual against numerical integration of the activation's own symbolic φ and φ′: two independent
 * routes to T and Ṫ, compared at random states, nearly parallel and antiparallel pairs, and zero inputs.
 */
class ClosedFormVsQuadratureTest {
    private static final double TOLERANCE = 1e-10;

    /** Each closed-form built-in with non-default arguments too, so that parameters are exercised. */
    private static List<Activation> closedForms() {
        List<Activation> out = new ArrayList<>();
        for (BuiltinActivation b : BuiltinActivation.values()) {
            if (b.parameters().stream().allMatch(p -> p.defaultValue().isPresent())) {
                Activation a = b.withDefaults();
                if (!a.isNumerical()) {
                    out.add(a);
                }
            }
        }
        out.add(BuiltinActivation.LEAKY_RELU.create(new double[] {0.2}));
        out.add(BuiltinActivation.ABRELU.create(new double[] {-0.5, 2}));
        out.add(BuiltinActivation.ERF.create(new double[] {1.5, 0.7, 0.3}));
        out.add(BuiltinActivation.SIN.create(new double[] {1.2, 0.8, 0.4}));
        out.add(BuiltinActivation.COS.create(new double[] {0.9, 1.3, -0.2}));
        out.add(BuiltinActivation.EXP.create(new double[] {0.5, 0.4}));
        out.add(BuiltinActivation.GAUSSIAN.create(new double[] {2, -0.3}));
        out.add(BuiltinActivation.RBF.create(new double[] {0.3}));
        for (int d = 0; d <= 5; d++) {
            out.add(BuiltinActivation.MONOMIAL.create(new double[] {d}));
        }
        for (int n = 0; n <= 6; n++) {
            out.add(BuiltinActivation.RECTIFIED_MONOMIAL.create(new double[] {n}));
        }
        return out;
    }

    private static List<double[]> states() {
        SplittableRandom random = new SplittableRandom(11);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double q1 = Math.exp(random.nextDouble(-4, 1.2));
            double q2 = Math.exp(random.nextDouble(-4, 1.2));
            out.add(new double[] {q1, q2, random.nextDouble(-1, 1) * Math.sqrt(q1 * q2)});
        }
        for (double gap : new double[] {1e-4, 1e-8, 1e-12}) {
            out.add(new double[] {0.7, 1.9, (1 - gap) * Math.sqrt(0.7 * 1.9)});
            out.add(new double[] {0.7, 1.9, -(1 - gap) * Math.sqrt(0.7 * 1.9)});
        }
        out.add(new double[] {1.3, 1.3, 1.3});
        out.add(new double[] {0.4, 2.5, 0});
        out.add(new double[] {0, 0, 0});
        out.add(new double[] {0, 1.1, 0});
        return out;
    }

    @Test
    void everyClosedFormMatchesQuadratureOfItsFormula() {
        double worst = 0;
        String worstCase = "";
        for (Activation a : closedForms()) {
            Dual closed = a.closedFormDual().orElseThrow();
            DoubleUnaryOperator[] fs = {CompiledSym.of(a.phi()), CompiledSym.of(a.derivative())};
            DoubleUnaryOperator[] squares = {x -> Math.pow(fs[0].applyAsDouble(x), 2),
                    x -> Math.pow(fs[1].applyAsDouble(x), 2)};
            for (double[] s : states()) {
                if ((s[0] == 0 || s[1] == 0) && a.breakpoints().length > 0) {
                    // At a zero variance a kink at 0 is sampled exactly at the kink, where the closed forms use
                    // the limit (theta = pi/2) and the a.e. derivative gives the value at the point: see
                    // zeroVarianceConventionIsHarmless below.
                    continue;
                }
                double[] exact = new double[2];
                closed.evaluate(s[0], s[1], s[2], exact);
                double[] numeric = new double[2];
                GaussianExpectation.expect2(fs, fs, a.breakpoints(), s[0], s[1], s[2], QuadratureOptions.DEFAULT,
                        numeric);
                double[] d1 = new double[2];
                double[] d2 = new double[2];
                GaussianExpectation.expect1(squares, a.breakpoints(), s[0], QuadratureOptions.DEFAULT, d1);
                GaussianExpectation.expect1(squares, a.breakpoints(), s[1], QuadratureOptions.DEFAULT, d2);
                for (int k = 0; k < 2; k++) {
                    // Cauchy–Schwarz: |E[f(u) f(v)]| <= sqrt(E[f(u)^2] E[f(v)^2]), the natural scale.
                    double scale = Math.max(Math.sqrt(d1[k] * d2[k]), 1e-300);
                    double err = Math.abs(exact[k] - numeric[k]) / scale;
                    if (err > worst) {
                        worst = err;
                        worstCase = a.label() + (k == 0 ? " T" : " Tdot") + " at " + Arrays.toString(s);
                    }
                    String what = a.label() + (k == 0 ? " T" : " Tdot") + " at " + Arrays.toString(s);
                    assertEquals(numeric[k], exact[k], TOLERANCE * scale, what);
                }
            }
        }
        System.out.printf("closed forms vs quadrature: worst %.2e (%s)%n", worst, worstCase);
        assertTrue(worst < TOLERANCE);
    }

    @Test
    void zeroVarianceConventionIsHarmless() {
        // With q1 = 0 the closed forms take theta = pi/2, so relu gives Tdot = 1/4 where the point value is 0.
        // Θ is multiplied by Tdot, and Θ(x, .) is 0 exactly when q1 = 0 (no bias, zero input): no effect.
        Dual relu = BuiltinActivation.RELU.withDefaults().closedFormDual().orElseThrow();
        assertEquals(0.0, relu.t(0, 2, 0));
        assertEquals(0.25, relu.tDot(0, 2, 0));
    }
}
