package org.ntkc.runtime.quad;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/**
 * expect2 against closed forms, over random covariances and the edge cases of {@link Cases}. The error is
 * measured relative to the natural scale sqrt(E[f(u)²]·E[g(v)²]) (also in closed form) and must stay below
 * 1e-10; the worst case is printed for the record. For q1 = 0 the reference is f(0)·E[g(v)] (and
 * symmetrically), which for a jump at 0 differs from the q1 → 0 limit of the closed form.
 */
class ClosedFormTest {

    private static final double LIMIT = 1e-10;

    /** A family of pairs (f[k], f[k]) with closed forms for its 2-D and 1-D expectations. */
    private interface Family {
        DoubleUnaryOperator[] functions();

        double[] breakpoints();

        /** E[f[k](u)·f[k](v)] for q1, q2 > 0. */
        double[] values(double q1, double q2, double q12);

        /** E[f[k](√q·z)] for q > 0. */
        double mean(int k, double q);

        /** E[f[k](√q·z)²] for q > 0. */
        double meanSquare(int k, double q);
    }

    static final DoubleUnaryOperator RELU = x -> Math.max(x, 0);
    static final DoubleUnaryOperator STEP = x -> x > 0 ? 1 : 0;
    private static final DoubleUnaryOperator ERF = Erf::erf;
    private static final DoubleUnaryOperator ERF_DERIVATIVE = x -> 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);

    private static double check(String name, Family family, List<Cases.Cov> cases) {
        DoubleUnaryOperator[] f = family.functions();
        double worst = 0;
        String where = "";
        double[] out = new double[f.length];
        for (Cases.Cov cov : cases) {
            double q1 = cov.q1();
            double q2 = cov.q2();
            GaussianExpectation.expect2(f, f, family.breakpoints(), q1, q2, cov.q12(), QuadratureOptions.DEFAULT, out);
            double[] expected = q1 > 0 && q2 > 0 ? family.values(q1, q2, cov.q12()) : null;
            for (int k = 0; k < f.length; k++) {
                double e = expected != null ? expected[k] : mean(family, k, q1) * mean(family, k, q2);
                double scale = Math.sqrt(meanSquare(family, k, q1) * meanSquare(family, k, q2));
                double error = Math.abs(out[k] - e) / Math.max(scale, Double.MIN_NORMAL);
                if (!(error <= worst)) {
                    worst = error;
                    where = "component " + k + " at " + cov + ": got " + out[k] + ", expected " + e;
                }
            }
        }
        System.out.printf("%-10s worst error relative to scale %.2e (%s)%n", name, worst, where);
        assertTrue(worst <= LIMIT, name + ": " + worst + " at " + where);
        return worst;
    }

    private static double mean(Family family, int k, double q) {
        return q == 0 ? family.functions()[k].applyAsDouble(0) : family.mean(k, q);
    }

    private static double meanSquare(Family family, int k, double q) {
        double atZero = family.functions()[k].applyAsDouble(0);
        return q == 0 ? atZero * atZero : family.meanSquare(k, q);
    }

    /**
     * φ = a·min(x, 0) + b·max(x, 0) and φ′ (relu: a = 0, b = 1; abs: a = −1, b = 1; leaky otherwise):
     * T = (a−b)²/(2π)·√(P − q12²) + [(a²+b²)/2 − (a−b)²θ/(2π)]·q12 and Ṫ = (a²+b²)/2 − (a−b)²θ/(2π)
     * = ab + (a−b)²ε/(2π) with ε = π − θ (the form used for ρ &lt; 0, where it does not cancel). For
     * relu-like a = 0 and ρ → −1 the two terms of T cancel; there T = b²√P/(2π)·(sin ε − ε·cos ε), summed
     * as a series.
     */
    private static Family piecewiseLinear(double a, double b, DoubleUnaryOperator phi, DoubleUnaryOperator phiDot) {
        return new Family() {
            @Override
            public DoubleUnaryOperator[] functions() {
                return new DoubleUnaryOperator[] {phi, phiDot};
            }

            @Override
            public double[] breakpoints() {
                return new double[] {0};
            }

            @Override
            public double[] values(double q1, double q2, double q12) {
                double sqrtDet = Math.sqrt(Cases.det(q1, q2, q12));
                double theta = Cases.theta(q1, q2, q12);
                double d2 = (a - b) * (a - b);
                double eps = Cases.piMinusTheta(q1, q2, q12);
                // The same Ṫ written with ε = π − θ, which does not cancel when θ is near π.
                double tDot = q12 < 0
                        ? a * b + d2 * eps / (2 * Math.PI)
                        : (a * a + b * b) / 2 - d2 * theta / (2 * Math.PI);
                double t = d2 / (2 * Math.PI) * sqrtDet + tDot * q12;
                if (a == 0 && q12 < 0 && eps < 0.1) {
                    double series = 0;
                    double term = eps;
                    for (int n = 1; n < 12; n++) {
                        term *= eps * eps / ((2 * n) * (2 * n + 1));
                        series += (n % 2 == 1 ? 1 : -1) * 2 * n * term;
                    }
                    t = b * b * Math.sqrt(q1 * q2) / (2 * Math.PI) * series;
                }
                return new double[] {t, tDot};
            }

            @Override
            public double mean(int k, double q) {
                return k == 0 ? (b - a) * Math.sqrt(q / (2 * Math.PI)) : (a + b) / 2;
            }

            @Override
            public double meanSquare(int k, double q) {
                return k == 0 ? (a * a + b * b) / 2 * q : (a * a + b * b) / 2;
            }
        };
    }

    @Test
    void relu() {
        check("relu", piecewiseLinear(0, 1, RELU, STEP), Cases.standard(11, 120));
    }

    /**
     * As ρ → −1, E[relu(u)relu(v)] ~ √P·ε³/(6π) and E[step(u)step(v)] = ε/(2π) (ε = π − θ) become tiny but
     * remain E[|f·g|] itself, so they must come out with full relative accuracy.
     */
    @Test
    void reluNearAntiCorrelationRelativeToValue() {
        Family relu = piecewiseLinear(0, 1, RELU, STEP);
        DoubleUnaryOperator[] f = relu.functions();
        double[] out = new double[2];
        double worst = 0;
        for (double gap : new double[] {1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12, 1e-14}) {
            double q1 = 1.3;
            double q2 = 0.07;
            double q12 = -(1 - gap) * Math.sqrt(q1 * q2);
            GaussianExpectation.expect2(f, f, new double[] {0}, q1, q2, q12, QuadratureOptions.DEFAULT, out);
            double[] expected = relu.values(q1, q2, q12);
            for (int k = 0; k < 2; k++) {
                double error = Math.abs(out[k] / expected[k] - 1);
                worst = Math.max(worst, error);
                assertTrue(error < 1e-12, "gap " + gap + ", component " + k + ": " + out[k] + " vs " + expected[k]);
            }
        }
        System.out.printf("%-10s worst error relative to the value near rho = -1: %.2e%n", "relu", worst);
    }

    @Test
    void absoluteValue() {
        DoubleUnaryOperator sign = Math::signum;
        check("abs", piecewiseLinear(-1, 1, Math::abs, sign), Cases.standard(12, 60));
    }

    @Test
    void leakyRelu() {
        double a = 0.1;
        double b = 1.3;
        check("leaky", piecewiseLinear(a, b, x -> x < 0 ? a * x : b * x, x -> x < 0 ? a : b),
                Cases.standard(13, 60));
    }

    /**
     * erf and erf′: E[erf(u)erf(v)] = (2/π)·asin(2q12/√((1+2q1)(1+2q2))) and
     * E[erf′(u)erf′(v)] = (4/π)/√((1+2q1)(1+2q2) − 4q12²).
     */
    private static Family erfFamily(double[] breakpoints) {
        return new Family() {
            @Override
            public DoubleUnaryOperator[] functions() {
                return new DoubleUnaryOperator[] {ERF, ERF_DERIVATIVE};
            }

            @Override
            public double[] breakpoints() {
                return breakpoints;
            }

            @Override
            public double[] values(double q1, double q2, double q12) {
                double t = 2 / Math.PI * Math.asin(2 * q12 / Math.sqrt((1 + 2 * q1) * (1 + 2 * q2)));
                // (1 + 2q1)(1 + 2q2) − 4q12² without the cancellation of its last two terms.
                double det = 1 + 2 * q1 + 2 * q2 + 4 * Cases.det(q1, q2, q12);
                return new double[] {t, 4 / Math.PI / Math.sqrt(det)};
            }

            @Override
            public double mean(int k, double q) {
                return k == 0 ? 0 : 2 / Math.sqrt(Math.PI) / Math.sqrt(1 + 2 * q);
            }

            @Override
            public double meanSquare(int k, double q) {
                return k == 0 ? 2 / Math.PI * Math.asin(2 * q / (1 + 2 * q)) : 4 / Math.PI / Math.sqrt(1 + 4 * q);
            }
        };
    }

    @Test
    void erf() {
        check("erf", erfFamily(new double[0]), Cases.standard(14, 80));
    }

    /** The split method on smooth functions, forced by a breakpoint where nothing happens. */
    @Test
    void erfThroughSplitMethod() {
        check("erf/split", erfFamily(new double[] {0.3}), Cases.standard(17, 30));
    }

    /** E[sin u · sin v] = e^{−(q1+q2)/2}·sinh(q12). */
    @Test
    void sine() {
        check("sin", new Family() {
            @Override
            public DoubleUnaryOperator[] functions() {
                return new DoubleUnaryOperator[] {Math::sin};
            }

            @Override
            public double[] breakpoints() {
                return new double[0];
            }

            @Override
            public double[] values(double q1, double q2, double q12) {
                return new double[] {Math.exp(-(q1 + q2) / 2) * Math.sinh(q12)};
            }

            @Override
            public double mean(int k, double q) {
                return 0;
            }

            @Override
            public double meanSquare(int k, double q) {
                return (1 - Math.exp(-2 * q)) / 2;
            }
        }, Cases.standard(15, 80));
    }

    /**
     * E[e^u e^v] = e^{(q1+q2)/2 + q12}, checked relative to the value itself, which is also E[|f·g|]: the
     * strictest scale.
     */
    @Test
    void exponential() {
        double worst = 0;
        String where = "";
        double[] out = new double[1];
        DoubleUnaryOperator[] exp = {Math::exp};
        for (Cases.Cov cov : Cases.standard(16, 80)) {
            GaussianExpectation.expect2(exp, exp, new double[0], cov.q1(), cov.q2(), cov.q12(),
                    QuadratureOptions.DEFAULT, out);
            double expected = Math.exp((cov.q1() + cov.q2()) / 2 + cov.q12());
            double error = Math.abs(out[0] / expected - 1);
            if (!(error <= worst)) {
                worst = error;
                where = cov + ": got " + out[0] + ", expected " + expected;
            }
        }
        System.out.printf("%-10s worst error relative to the value %.2e (%s)%n", "exp", worst, where);
        assertTrue(worst <= LIMIT, "exp: " + worst + " at " + where);
    }
}
