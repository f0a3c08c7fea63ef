package org.ntkc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.ntkc.runtime.quad.GaussianExpectation;
import org.ntkc.runtime.quad.QuadratureOptions;

/**
 * The scalar closed forms that generated code calls ({@link Duals}, and {@link ArcCosine} for the rectified
 * monomials) against an independent route: adaptive 2-D Gauss–Hermite/Legendre quadrature ({@link
 * GaussianExpectation}) of φ(u)·φ(v) and φ′(u)·φ′(v), with φ and φ′ written out here by hand (no symbolic
 * differentiation, no compiler). Every family, with several parameters, T and Ṫ, at random states, pairs within
 * 1e-4 … 1e-12 of ρ = ±1, exactly (anti)parallel pairs, tiny and large variances, and zero inputs. The error is
 * relative to the Cauchy–Schwarz scale √(E[f(u)²]·E[f(v)²]) of each expectation (T itself may be 0 where the pair
 * is uncorrelated); the tolerance is 1e-9.
 */
class DualsQuadratureTest {
    private static final double TOLERANCE = 1e-9;
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double[] KINK = {0.0};
    private static final double[] SMOOTH = {};
    /** erf(b·x) at b²q ≫ 1 is nearly a step: splitting the line at 0 lets quadrature resolve it. */
    private static final double[] STEEP = {0.0};

    /** T and Ṫ into out, as {@link Duals} writes them. */
    private interface ClosedForm {
        void evaluate(double q1, double q2, double q12, double[] out);
    }

    /**
     * One family with its parameters: φ, φ′, where they are not smooth, the closed form, and the largest variance
     * at which it is tested (the expectation exists, and an oscillating φ stays within what quadrature resolves).
     */
    private record Family(String name, DoubleUnaryOperator phi, DoubleUnaryOperator derivative, double[] breakpoints,
                          ClosedForm closed, double maxVariance) {
    }

    private static double normalCdf(double x) {
        return 0.5 * (1 + Functions.erf(x / Math.sqrt(2)));
    }

    private static List<Family> families() {
        List<Family> out = new ArrayList<>();
        out.add(new Family("identity", x -> x, x -> 1, SMOOTH, Duals::identity, 1e3));
        for (double[] ab : new double[][] {{0, 1}, {0.1, 1}, {-1, 1}, {-0.5, 2}}) {
            double a = ab[0];
            double b = ab[1];
            out.add(new Family("abrelu(" + a + ", " + b + ")", x -> x < 0 ? a * x : b * x, x -> x < 0 ? a : b, KINK,
                    (q1, q2, q12, o) -> Duals.abRelu(a, b, q1, q2, q12, o), 1e3));
        }
        for (double[] abc : new double[][] {{1, 1, 0}, {1.5, 0.7, 0.3}, {1, 2, 0}, {0.8, 0.05, -0.4}}) {
            double a = abc[0];
            double b = abc[1];
            double c = abc[2];
            out.add(new Family("erf(" + a + ", " + b + ", " + c + ")", x -> a * Functions.erf(b * x) + c,
                    x -> a * b * 2 / Math.sqrt(Math.PI) * Math.exp(-b * b * x * x), STEEP,
                    (q1, q2, q12, o) -> Duals.erf(a, b, c, q1, q2, q12, o), 1e3));
        }
        out.add(new Family("gelu", x -> x * normalCdf(x), x -> normalCdf(x) + x * Math.exp(-x * x / 2) / SQRT_2PI,
                SMOOTH, Duals::gelu, 1e3));
        for (double[] abc : new double[][] {{1, 1, 0}, {1.2, 0.8, 0.4}, {0.9, 1.3, -0.2}}) {
            double a = abc[0];
            double b = abc[1];
            double c = abc[2];
            out.add(new Family("sin(" + a + ", " + b + ", " + c + ")", x -> a * Math.sin(b * x + c),
                    x -> a * b * Math.cos(b * x + c), SMOOTH,
                    (q1, q2, q12, o) -> Duals.sinusoid(a, b, c, false, q1, q2, q12, o), 30));
            out.add(new Family("cos(" + a + ", " + b + ", " + c + ")", x -> a * Math.cos(b * x + c),
                    x -> -a * b * Math.sin(b * x + c), SMOOTH,
                    (q1, q2, q12, o) -> Duals.sinusoid(a, b, c, true, q1, q2, q12, o), 30));
        }
        for (double[] ab : new double[][] {{1, 1}, {0.5, 0.4}, {2, -0.3}}) {
            double a = ab[0];
            double b = ab[1];
            out.add(new Family("exp(" + a + ", " + b + ")", x -> a * Math.exp(b * x), x -> a * b * Math.exp(b * x),
                    SMOOTH, (q1, q2, q12, o) -> Duals.exp(a, b, q1, q2, q12, o), 30 / (b * b)));
        }
        for (double[] ab : new double[][] {{1, -0.5}, {2, -0.3}, {0.7, 0.1}}) {
            double a = ab[0];
            double b = ab[1];
            // For b > 0 the expectation exists while 2b·q < 1 (and E[φ(u)²] while 4b·q < 1): q ≤ 2 for b = 0.1.
            out.add(new Family("gaussian(" + a + ", " + b + ")", x -> a * Math.exp(b * x * x),
                    x -> 2 * a * b * x * Math.exp(b * x * x), SMOOTH,
                    (q1, q2, q12, o) -> Duals.gaussian(a, b, q1, q2, q12, o), b > 0 ? 2 : 1e3));
        }
        for (double gamma : new double[] {0.5, 0.3, 2}) {
            double w = Math.sqrt(2 * gamma);
            out.add(new Family("rbf(" + gamma + ")", x -> Math.sqrt(2) * Math.sin(w * x + Math.PI / 4),
                    x -> Math.sqrt(2) * w * Math.cos(w * x + Math.PI / 4), SMOOTH,
                    (q1, q2, q12, o) -> Duals.rbf(gamma, q1, q2, q12, o), 30));
        }
        for (int d = 0; d <= 5; d++) {
            int degree = d;
            out.add(new Family("monomial(" + d + ")", x -> Math.pow(x, degree),
                    x -> degree == 0 ? 0 : degree * Math.pow(x, degree - 1), SMOOTH,
                    (q1, q2, q12, o) -> Duals.monomial(degree, q1, q2, q12, o), 1e3));
        }
        // Ṫ = 0 by convention: φ′ = 0 away from the jump, and so is the quadrature of φ′·φ′.
        out.add(new Family("sign", Math::signum, x -> 0, KINK, Duals::sign, 1e3));
        for (int n = 0; n <= 6; n++) {
            int degree = n;
            ArcCosine kernel = ArcCosine.of(n);
            out.add(new Family("rectified_monomial(" + n + ")  (step for 0)",
                    x -> x > 0 ? Math.pow(x, degree) : 0,
                    x -> degree == 0 || x <= 0 ? 0 : degree * Math.pow(x, degree - 1), KINK,
                    kernel::evaluate, 1e3));
        }
        return out;
    }

    /** States (q1, q2, q12), with the largest variance among them in index 3. */
    private static List<double[]> states() {
        SplittableRandom random = new SplittableRandom(23);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double q1 = Math.exp(random.nextDouble(-4, 1.2));
            double q2 = Math.exp(random.nextDouble(-4, 1.2));
            out.add(state(q1, q2, random.nextDouble(-1, 1)));
        }
        for (double gap : new double[] {1e-4, 1e-8, 1e-12}) {
            out.add(state(0.7, 1.9, 1 - gap));
            out.add(state(0.7, 1.9, -(1 - gap)));
        }
        out.add(new double[] {1.3, 1.3, 1.3});
        out.add(new double[] {1.3, 1.3, -1.3});
        out.add(state(0.4, 2.5, 0));
        // tiny variances, alone and against a larger one
        out.add(state(1e-6, 2e-6, 0.5));
        out.add(state(1e-6, 1e-6, 1 - 1e-8));
        out.add(state(1e-4, 3, -0.3));
        // large variances, within each family's maxVariance
        for (double q : new double[] {2, 30, 100, 1e3}) {
            out.add(state(q, 0.8 * q, 0.6));
            out.add(state(q, q, -(1 - 1e-10)));
        }
        out.add(new double[] {0, 0, 0});
        out.add(new double[] {0, 1.1, 0});
        return out;
    }

    private static double[] state(double q1, double q2, double rho) {
        return new double[] {q1, q2, rho * Math.sqrt(q1) * Math.sqrt(q2)};
    }

    @Test
    void everyClosedFormAgreesWithQuadrature() {
        double worst = 0;
        String worstCase = "";
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (Family f : families()) {
            DoubleUnaryOperator[] fs = {f.phi(), f.derivative()};
            DoubleUnaryOperator[] squares = {x -> Math.pow(f.phi().applyAsDouble(x), 2),
                    x -> Math.pow(f.derivative().applyAsDouble(x), 2)};
            for (double[] s : states()) {
                if (Math.max(s[0], s[1]) > f.maxVariance()) {
                    continue;
                }
                if ((s[0] == 0 || s[1] == 0) && f.breakpoints().length > 0) {
                    // A zero variance samples a kink at 0 exactly there; the closed forms take the limit
                    // (θ = π/2), the a.e. derivative the point value: the math.act test covers this convention.
                    continue;
                }
                double[] exact = new double[2];
                f.closed().evaluate(s[0], s[1], s[2], exact);
                double[] numeric = new double[2];
                double[] d1 = new double[2];
                double[] d2 = new double[2];
                try {
                    GaussianExpectation.expect2(fs, fs, f.breakpoints(), s[0], s[1], s[2],
                            QuadratureOptions.DEFAULT, numeric);
                    GaussianExpectation.expect1(squares, f.breakpoints(), s[0], QuadratureOptions.DEFAULT, d1);
                    GaussianExpectation.expect1(squares, f.breakpoints(), s[1], QuadratureOptions.DEFAULT, d2);
                } catch (RuntimeException e) {
                    failures.add(f.name() + " at " + Arrays.toString(s) + ": " + e.getMessage());
                    continue;
                }
                for (int k = 0; k < 2; k++) {
                    double scale = Math.max(Math.sqrt(d1[k]) * Math.sqrt(d2[k]), Double.MIN_NORMAL);
                    double err = Math.abs(exact[k] - numeric[k]) / scale;
                    String what = f.name() + (k == 0 ? " T" : " Tdot") + " at " + Arrays.toString(s);
                    if (err > worst) {
                        worst = err;
                        worstCase = what;
                    }
                    if (!(err <= TOLERANCE)) {
                        failures.add(what + ": closed form " + exact[k] + ", quadrature " + numeric[k] + ", error "
                                + err + " of scale");
                    }
                    checked++;
                }
            }
        }
        System.out.printf("Duals vs quadrature: %d values, worst %.2e of scale (%s)%n", checked, worst, worstCase);
        assertEquals(List.of(), failures);
        assertTrue(checked > 1000, "checked " + checked);
    }

    @Test
    void theComparisonSeesAWrongFormula() {
        // The check can fail: relu's T with θ off by one part in 1e6 is far outside the tolerance.
        double[] s = state(0.7, 1.9, 0.3);
        double[] exact = new double[2];
        Duals.abRelu(0, 1, s[0], s[1], s[2], exact);
        double[] numeric = new double[2];
        DoubleUnaryOperator[] fs = {x -> Math.max(x, 0), x -> x > 0 ? 1 : 0};
        GaussianExpectation.expect2(fs, fs, KINK, s[0], s[1], s[2], QuadratureOptions.DEFAULT, numeric);
        double scale = Math.sqrt(s[0] * s[1]) / 2;
        assertTrue(Math.abs(exact[0] - numeric[0]) < TOLERANCE * scale);
        double theta = Math.acos(0.3) * (1 + 1e-6);
        double wrong = Math.sqrt(s[0] * s[1]) * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta))
                / (2 * Math.PI);
        assertTrue(Math.abs(wrong - numeric[0]) > 100 * TOLERANCE * scale);
    }
}
