package org.ntkc.runtime.dual;

import org.ntkc.math.dual.Dual;
import org.ntkc.math.dual.QuadratureDual;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.ntkc.math.act.Activation;
import org.ntkc.math.act.BuiltinActivation;
import org.ntkc.runtime.quad.QuadratureOptions;
import org.ntkc.math.sym.CompiledSym;
import org.ntkc.math.sym.Fn;
import org.ntkc.math.sym.Sym;

/**
 * The Hermite series against the reference quadrature ({@link QuadratureDual}, i.e. GaussianExpectation.expect2),
 * its coefficients against the closed form for relu, its norms and tails against their definitions, and its memo
 * under concurrent use.
 */
class HermiteSeriesTest {
    private static final double REL_TOL = HermiteSeries.DEFAULT_REL_TOL;

    /** The reference is accurate to 1e-12 of E[|f·g|] ≤ √(E[f²]·E[g²]); its error adds to the series' own. */
    private static final double REFERENCE_TOL = 2e-12;

    /** An activation with its series and its reference dual, built from the same symbolic φ and φ′. */
    private record Case(String name, HermiteSeries series, Dual reference) {
        static Case of(Activation a) {
            return of(a, HermiteSeries.DEFAULT_MAX_TERMS);
        }

        static Case of(Activation a, int maxTerms) {
            return new Case(a.label(), new HermiteSeries(CompiledSym.of(a.phi()), CompiledSym.of(a.derivative()),
                    a.breakpoints(), REL_TOL, maxTerms),
                    new QuadratureDual(a.phi(), a.derivative(), a.breakpoints(), QuadratureOptions.DEFAULT));
        }
    }

    private static Activation builtin(BuiltinActivation b) {
        return b.withDefaults();
    }

    /** max(x, 0) + 0.5·min(x, 0)²: a kink in φ′ only (φ is C¹). */
    private static Activation softSquare() {
        Sym x = Sym.x();
        return Activation.numerical("softsquare", Sym.add(Sym.call(Fn.MAX, x, Sym.c(0)),
                Sym.mul(Sym.c(0.5), Sym.pow(Sym.call(Fn.MIN, x, Sym.c(0)), Sym.c(2)))));
    }

    /** tanh, erf(x), x·sigmoid(x), gelu, sin and exp(−x²). */
    private static List<Activation> smooth() {
        return List.of(builtin(BuiltinActivation.TANH), builtin(BuiltinActivation.ERF),
                builtin(BuiltinActivation.SILU), builtin(BuiltinActivation.GELU), builtin(BuiltinActivation.SIN),
                builtin(BuiltinActivation.GAUSSIAN));
    }

    private static List<Activation> kinked() {
        return List.of(builtin(BuiltinActivation.SELU), builtin(BuiltinActivation.ELU),
                builtin(BuiltinActivation.RELU), softSquare());
    }

    /** Random states with q log-uniform in [0.05, 5] and |ρ| ≤ 0.9, then ρ = 0, ±0.5 and zero variances. */
    private static List<double[]> states(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double q1 = Math.exp(random.nextDouble(Math.log(0.05), Math.log(5)));
            double q2 = Math.exp(random.nextDouble(Math.log(0.05), Math.log(5)));
            out.add(withRho(q1, q2, random.nextDouble(-0.9, 0.9)));
        }
        out.add(withRho(0.7, 2.3, 0));
        out.add(withRho(1.0, 1.0, 0.5));
        out.add(withRho(0.05, 5, -0.5));
        out.add(new double[] {0, 1.3, 0});
        out.add(new double[] {2.1, 0, 0});
        out.add(new double[] {0, 0, 0});
        return out;
    }

    /** Parallel and antiparallel pairs at variances where every smooth activation here converges in 256 terms. */
    private static List<double[]> parallelStates() {
        List<double[]> out = new ArrayList<>();
        for (double[] q : new double[][] {{1, 1}, {0.3, 1.7}, {2, 2}, {0.05, 2}}) {
            double root = Math.sqrt(q[0] * q[1]);
            out.add(new double[] {q[0], q[1], root});
            out.add(new double[] {q[0], q[1], -root});
        }
        return out;
    }

    private static double[] withRho(double q1, double q2, double rho) {
        return new double[] {q1, q2, rho * Math.sqrt(q1 * q2)};
    }

    /**
     * Compares the series with the reference at one state, with all kept terms and with the fewest terms that
     * {@link HermiteSeries#termsFor} says suffice, whenever the series claims accuracy. Returns that claim.
     */
    private static boolean checkAgainstReference(Case c, double[] s) {
        HermiteSeries.Coefficients a = c.series.coefficients(s[0]);
        HermiteSeries.Coefficients b = c.series.coefficients(s[1]);
        int terms = Math.min(a.terms(), b.terms());
        double rho = HermiteSeries.rho(s[0], s[1], s[2]);
        boolean claimed = c.series.accurate(a, b, rho, terms);
        if (!claimed) {
            return false;
        }
        double[] expected = new double[2];
        c.reference.evaluate(s[0], s[1], s[2], expected);
        double[] scale = {Math.sqrt(a.phiNorm() * b.phiNorm()), Math.sqrt(a.dphiNorm() * b.dphiNorm())};
        int fewest = c.series.termsFor(a, b, rho);
        assertTrue(fewest >= 0 && fewest <= terms, c.name + ": termsFor " + fewest + " of " + terms);
        for (int used : new int[] {terms, fewest}) {
            double[] actual = new double[2];
            HermiteSeries.evaluate(a, b, s[2], used, actual);
            for (int k = 0; k < 2; k++) {
                assertEquals(expected[k], actual[k], (REL_TOL + REFERENCE_TOL) * scale[k],
                        c.name + (k == 0 ? " T" : " Tdot") + " with " + used + " terms at q1=" + s[0] + ", q2="
                                + s[1] + ", q12=" + s[2]);
            }
        }
        return true;
    }

    @Test
    void smoothActivationsMatchQuadratureAndClaimAccuracy() {
        List<double[]> states = states(3, 12);
        states.addAll(parallelStates());
        for (Activation act : smooth()) {
            Case c = Case.of(act);
            for (double[] s : states) {
                assertTrue(checkAgainstReference(c, s), c.name + " not accurate at q1=" + s[0] + ", q2=" + s[1]
                        + ", q12=" + s[2]);
            }
        }
    }

    @Test
    void kinkedActivationsMatchQuadratureWhereClaimedAndRefuseNearParallel() {
        List<double[]> states = states(5, 8);
        for (Activation act : kinked()) {
            Case c = Case.of(act);
            // 0.9^256 ≈ 2e-12 times tails of at most 2e-2 of the norm: every state up to |ρ| = 0.9 is accurate.
            for (double[] s : states) {
                assertTrue(checkAgainstReference(c, s), c.name + " not accurate at q1=" + s[0] + ", q2=" + s[1]
                        + ", q12=" + s[2]);
            }
            // Tails decaying like K^{-1/2} (a jump in φ′) or K^{-3/2} cannot be beaten by 0.99^256 ≈ 0.08.
            for (double rho : new double[] {0.99, -0.99, 0.999, 1, -1}) {
                for (double[] q : new double[][] {{1, 1}, {0.2, 3}}) {
                    assertFalse(checkAgainstReference(c, withRho(q[0], q[1], rho)),
                            c.name + " claims accuracy at rho=" + rho);
                }
            }
        }
    }

    @Test
    void moreTermsReachCloserToParallelForKinks() {
        Case c = Case.of(builtin(BuiltinActivation.RELU), HermiteSeries.MAX_TERMS);
        for (double rho : new double[] {0.97, -0.97}) {
            assertTrue(checkAgainstReference(c, withRho(0.6, 1.4, rho)), "relu, 1024 terms, rho=" + rho);
        }
        assertFalse(checkAgainstReference(c, withRho(0.6, 1.4, 0.995)));
    }

    /**
     * With z ~ N(0, 1), He_k·pdf = (−1)^k·pdf^{(k)} and two integrations by parts,
     * E[z⁺·He_k(z)] = He_{k−2}(0)·pdf(0) for k ≥ 2 and E[1{z > 0}·He_k(z)] = He_{k−1}(0)·pdf(0) for k ≥ 1, with
     * He_m(0) = (−1)^{m/2}(m − 1)!! for even m and 0 for odd m. So for relu (φ′ = step) at variance q:
     * c_0 = √q/√(2π), c_1 = √q/2, c_k = √q·(−1)^{k/2−1}(k − 3)!!/√(2π·k!) for even k ≥ 2, 0 for odd k ≥ 3;
     * c′_0 = 1/2, c′_k = (−1)^{(k−1)/2}(k − 2)!!/√(2π·k!) for odd k, 0 for even k ≥ 2. The squares are the
     * coefficients of the arc-cosine kernels (1/(2π) + ρ/4 + ρ²/(4π) + …). Checked: every coefficient to 1e-14
     * (relative to √q and to 1), the norms q/2 and 1/2, and every tail against q/2 − Σ_{k<K} c_k² (and 1/2 − …)
     * from the exact coefficients: never below it, and above it by at most the norm's error allowance.
     */
    @Test
    void reluCoefficientsMatchTheirClosedForm() {
        Activation relu = builtin(BuiltinActivation.RELU);
        for (int maxTerms : new int[] {256, HermiteSeries.MAX_TERMS}) {
            HermiteSeries series = new HermiteSeries(CompiledSym.of(relu.phi()), CompiledSym.of(relu.derivative()),
                    relu.breakpoints(), REL_TOL, maxTerms);
            for (double q : new double[] {0.01, 0.3, 1, 4.5, 200}) {
                HermiteSeries.Coefficients c = series.coefficients(q);
                assertEquals(maxTerms, c.terms(), "a kink cannot converge to 1e-10 in " + maxTerms + " terms");
                double[] phi = c.phi();
                double[] dphi = c.dphi();
                double[] phiTails = c.phiTails();
                double[] dphiTails = c.dphiTails();
                double root = Math.sqrt(q);
                double inv = 1 / Math.sqrt(2 * Math.PI);
                double[] exact = new double[maxTerms];
                double[] exactD = new double[maxTerms];
                exact[0] = root * inv;
                exact[1] = root / 2;
                exactD[0] = 0.5;
                // ratios (k − 3)!!/√k! and (k − 2)!!/√k! by recurrence, without factorials
                double even = 1 / Math.sqrt(2);
                double odd = 1;
                for (int k = 1; k < maxTerms; k++) {
                    if (k % 2 == 0) {
                        exact[k] = root * inv * ((k / 2) % 2 == 1 ? 1 : -1) * even;
                        even *= (k - 1) / Math.sqrt((k + 1.0) * (k + 2));
                    } else {
                        exactD[k] = inv * (((k - 1) / 2) % 2 == 0 ? 1 : -1) * odd;
                        odd *= k / Math.sqrt((k + 1.0) * (k + 2));
                    }
                }
                assertEquals(q / 2, c.phiNorm(), 1e-14 * q);
                assertEquals(0.5, c.dphiNorm(), 1e-14);
                double phiTail = q / 2;
                double dphiTail = 0.5;
                for (int k = 0; k < maxTerms; k++) {
                    assertEquals(exact[k], phi[k], 1e-14 * root, "c_" + k + " at q=" + q);
                    assertEquals(exactD[k], dphi[k], 1e-14, "c'_" + k + " at q=" + q);
                    assertTail(phiTail, phiTails[k], q / 2, "tail_" + k + " at q=" + q);
                    assertTail(dphiTail, dphiTails[k], 0.5, "dtail_" + k + " at q=" + q);
                    phiTail -= exact[k] * exact[k];
                    dphiTail -= exactD[k] * exactD[k];
                }
                assertTail(phiTail, c.phiTail(), q / 2, "tail at q=" + q);
                assertTail(dphiTail, c.dphiTail(), 0.5, "dtail at q=" + q);
            }
        }
    }

    /** A tail of an unconverged point: the exact one plus the norm's error allowance (2e-13 of it), to rounding. */
    private static void assertTail(double exact, double actual, double norm, String what) {
        assertTrue(actual >= exact - 1e-14 * norm && actual <= exact + 3e-13 * norm,
                what + ": " + actual + " for exact " + exact);
    }

    @Test
    void reluSeriesMatchesTheArcCosineClosedForm() {
        Activation relu = builtin(BuiltinActivation.RELU);
        HermiteSeries series = new HermiteSeries(CompiledSym.of(relu.phi()), CompiledSym.of(relu.derivative()),
                relu.breakpoints());
        Dual closed = relu.closedFormDual().orElseThrow();
        for (double[] s : states(17, 20)) {
            if (s[0] == 0 || s[1] == 0) {
                continue; // the closed form takes θ = π/2 there, so Ṫ = 1/4; the series has step(0) = 0
            }
            HermiteSeries.Coefficients a = series.coefficients(s[0]);
            HermiteSeries.Coefficients b = series.coefficients(s[1]);
            double[] actual = new double[2];
            double[] expected = new double[2];
            HermiteSeries.evaluate(a, b, s[2], actual);
            closed.evaluate(s[0], s[1], s[2], expected);
            assertEquals(expected[0], actual[0], 1e-10 * Math.sqrt(s[0] * s[1] / 4));
            assertEquals(expected[1], actual[1], 1e-10 * 0.5);
        }
    }

    /**
     * erf at large variance, against its closed-form dual: E[erf′(u)²] = (4/π)/√(1 + 4q) has a peak of width
     * 1/√q at z = 0 that plain Gauss–Hermite misses (it returns 0 at q = 1e4), so this checks the norms, the
     * refinement of the panels and the claims of accuracy where the reference quadrature cannot be used.
     */
    @Test
    void largeVarianceMatchesTheErfClosedForm() {
        Activation erf = builtin(BuiltinActivation.ERF);
        Case c = Case.of(erf);
        Dual closed = erf.closedFormDual().orElseThrow();
        for (double q : new double[] {100, 1e4}) {
            HermiteSeries.Coefficients a = c.series.coefficients(q);
            HermiteSeries.Coefficients b = c.series.coefficients(1.5 * q);
            double[] exact = new double[2];
            closed.evaluate(q, q, q, exact);
            assertEquals(exact[0], a.phiNorm(), 1e-12 * exact[0]);
            assertEquals(4 / Math.PI / Math.sqrt(1 + 4 * q), a.dphiNorm(), 1e-12 * a.dphiNorm());
            double[] scale = {Math.sqrt(a.phiNorm() * b.phiNorm()), Math.sqrt(a.dphiNorm() * b.dphiNorm())};
            for (double rho : new double[] {0, 0.3, -0.6, 0.9, 0.99, 1}) {
                double q12 = rho * Math.sqrt(1.5) * q;
                int terms = Math.min(a.terms(), b.terms());
                boolean claimed = c.series.accurate(a, b, rho, terms);
                assertTrue(claimed || Math.abs(rho) > 0.6, "erf at q=" + q + " not accurate at rho=" + rho);
                if (claimed) {
                    double[] actual = new double[2];
                    HermiteSeries.evaluate(a, b, q12, terms, actual);
                    closed.evaluate(q, 1.5 * q, q12, exact);
                    for (int k = 0; k < 2; k++) {
                        assertEquals(exact[k], actual[k], (REL_TOL + 1e-13) * scale[k], "q=" + q + ", rho=" + rho);
                    }
                }
            }
        }
    }

    /**
     * Smooth activations at variances where φ′ is a step on the scale of the Gauss–Hermite nodes (silu and gelu at
     * 1e26: 3 silu layers on inputs of 1e13). The rules integrate φ² and φ′² exactly there by symmetry, so the norm
     * check passed, and the series claimed 1e-10 with coefficients off by 1e-3 (entries off by 3e-4 of scale). Every
     * claimed entry must match the reference quadrature.
     */
    @Test
    void largeVarianceSmoothActivationsHoldTheirCertificate() {
        for (Activation act : List.of(builtin(BuiltinActivation.SILU), builtin(BuiltinActivation.GELU))) {
            Case c = Case.of(act);
            for (double q : new double[] {1e4, 1e10, 1e26}) {
                int compared = 0;
                for (double rho : new double[] {0, 0.3, -0.6, 0.9, -0.97}) {
                    compared += checkAgainstReference(c, withRho(q, 1.7 * q, rho)) ? 1 : 0;
                }
                assertTrue(compared >= 4, c.name + " at q=" + q + " claims accuracy at " + compared + " of 5 states");
            }
        }
    }

    /** Norms against closed forms of E[φ(u)²] (relu, erf, sin, exp(−x²)) or the reference quadrature. */
    @Test
    void squareNormsAreTheExpectationsOfTheSquares() {
        List<Activation> all = new ArrayList<>(smooth());
        all.addAll(kinked());
        for (Activation act : all) {
            Case c = Case.of(act);
            Dual exact = act.closedFormDual().orElse(c.reference);
            for (double q : new double[] {0.05, 0.4, 1, 3.3, 5}) {
                HermiteSeries.Coefficients co = c.series.coefficients(q);
                double[] expected = new double[2];
                exact.evaluate(q, q, q, expected);
                assertEquals(expected[0], co.phiNorm(), 2e-12 * expected[0], c.name + " E[phi^2] at q=" + q);
                assertEquals(expected[1], co.dphiNorm(), 2e-12 * expected[1], c.name + " E[phi'^2] at q=" + q);
            }
        }
    }

    /**
     * Tails: non-negative, non-increasing, at least the squares they leave out, within relTol² of the norm where
     * fewer than maxTerms are kept (so that any two points meet the pair bound), with one term less not enough, and
     * true bounds: the mass that 1024 terms find beyond K stays below tail_K.
     */
    @Test
    void tailsAreNonIncreasingBoundsOnTheOmittedSquares() {
        List<Activation> all = new ArrayList<>(smooth());
        all.addAll(kinked());
        for (Activation act : all) {
            HermiteSeries series = Case.of(act).series;
            HermiteSeries wide = Case.of(act, HermiteSeries.MAX_TERMS).series;
            for (double q : new double[] {0.05, 1, 5}) {
                HermiteSeries.Coefficients c = series.coefficients(q);
                HermiteSeries.Coefficients more = wide.coefficients(q);
                checkTails(act.label() + " phi q=" + q, c.phi(), c.phiTails(), c.phiNorm(), more.phi(), c.terms());
                checkTails(act.label() + " phi' q=" + q, c.dphi(), c.dphiTails(), c.dphiNorm(), more.dphi(),
                        c.terms());
                if (c.terms() < series.maxTerms()) {
                    double limit = REL_TOL * REL_TOL;
                    assertTrue(c.phiTail() <= limit * c.phiNorm() && c.dphiTail() <= limit * c.dphiNorm(),
                            act.label() + " stopped at " + c.terms() + " terms without converging, q=" + q);
                    // The fewest: one term less would not do.
                    double[] pt = c.phiTails();
                    double[] dt = c.dphiTails();
                    int k = c.terms() - 1;
                    assertTrue(k == 0 || pt[k] > limit * c.phiNorm() || dt[k] > limit * c.dphiNorm());
                }
            }
        }
    }

    private static void checkTails(String what, double[] c, double[] tails, double norm, double[] more, int terms) {
        assertEquals(terms + 1, tails.length, what);
        // Short of the norm by at most its error (2e-13 of it), where the mass beyond the computed terms is masked.
        assertTrue(tails[0] >= norm * (1 - 2e-13), what + ": tail_0 " + tails[0] + " < norm " + norm);
        double omitted = 0;
        for (int k = terms; k >= 0; k--) {
            assertTrue(tails[k] >= 0, what + ": negative tail at " + k);
            if (k < terms) {
                assertTrue(tails[k] >= tails[k + 1], what + ": tail increases at " + k);
                omitted += c[k] * c[k];
                assertTrue(tails[k] >= omitted * (1 - 1e-15), what + ": tail below the squares at " + k);
            }
        }
        double beyond = 0;
        for (int k = more.length - 1; k >= terms; k--) {
            beyond += more[k] * more[k];
        }
        // 1e-14 of the norm: the coefficients themselves are accurate to about that.
        assertTrue(beyond <= tails[terms] + 1e-14 * norm, what + ": " + beyond + " beyond " + terms
                + " terms, tail says " + tails[terms]);
    }

    @Test
    void zeroVarianceKeepsOnlyTheConstant() {
        Activation softplus = builtin(BuiltinActivation.SOFTPLUS);
        HermiteSeries series = Case.of(softplus).series;
        HermiteSeries.Coefficients zero = series.coefficients(0);
        assertEquals(1, zero.terms());
        assertEquals(Math.log(2), zero.phi()[0], 1e-16);
        assertEquals(0.5, zero.dphi()[0], 0);
        assertEquals(0, zero.phiTail(), 0);
        assertEquals(0, zero.dphiTail(), 0);
        assertSame(zero, series.coefficients(-0.0));
        HermiteSeries.Coefficients other = series.coefficients(1.2);
        double[] out = new double[2];
        HermiteSeries.evaluate(zero, other, 0, out);
        assertEquals(Math.log(2) * other.phi()[0], out[0], 0);
        assertEquals(0.5 * other.dphi()[0], out[1], 0);
        assertTrue(series.accurate(zero, other, 0, 1));
    }

    @Test
    void evaluationIsExactlySymmetricAndRhoIsClamped() {
        HermiteSeries series = Case.of(builtin(BuiltinActivation.TANH)).series;
        HermiteSeries.Coefficients a = series.coefficients(0.8);
        HermiteSeries.Coefficients b = series.coefficients(1.9);
        double[] ab = new double[2];
        double[] ba = new double[2];
        double q12 = 0.77;
        HermiteSeries.evaluate(a, b, q12, ab);
        HermiteSeries.evaluate(b, a, q12, ba);
        assertArrayEquals(ab, ba, 0);
        assertEquals(1.0, HermiteSeries.rho(2, 2, Math.nextUp(2.0)), 0);
        assertEquals(-1.0, HermiteSeries.rho(2, 2, -Math.nextUp(2.0)), 0);
        assertEquals(0.0, HermiteSeries.rho(0, 2, 0), 0);
    }

    @Test
    void rejectsInvalidArguments() {
        Activation tanh = builtin(BuiltinActivation.TANH);
        CompiledSym f = CompiledSym.of(tanh.phi());
        CompiledSym g = CompiledSym.of(tanh.derivative());
        assertThrows(IllegalArgumentException.class, () -> new HermiteSeries(f, g, new double[0], 1e-16, 10));
        assertThrows(IllegalArgumentException.class, () -> new HermiteSeries(f, g, new double[0], 1e-10, 0));
        assertThrows(IllegalArgumentException.class, () -> new HermiteSeries(f, g, new double[0], 1e-10, 1025));
        assertThrows(IllegalArgumentException.class, () -> new HermiteSeries(f, g, new double[] {1, 0}, 1e-10, 8));
        HermiteSeries series = new HermiteSeries(f, g, new double[0]);
        assertThrows(IllegalArgumentException.class, () -> series.coefficients(-1));
        assertThrows(IllegalArgumentException.class, () -> series.coefficients(Double.NaN));
        HermiteSeries.Coefficients a = series.coefficients(1);
        assertThrows(IllegalArgumentException.class,
                () -> HermiteSeries.evaluate(a, a, 1, a.terms() + 1, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> series.accurate(a, a, 1, -1));
    }

    /** Many threads asking for overlapping variances get one shared result per variance, equal to a fresh one. */
    @Test
    void memoIsThreadSafe() throws Exception {
        Activation selu = builtin(BuiltinActivation.SELU);
        HermiteSeries shared = Case.of(selu).series;
        double[] variances = new double[24];
        for (int i = 0; i < variances.length; i++) {
            variances[i] = 0.1 + 0.2 * (i % 12); // each variance twice
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HermiteSeries.Coefficients>> tasks = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (double q : variances) {
                    tasks.add(() -> shared.coefficients(q));
                }
            }
            List<Future<HermiteSeries.Coefficients>> results = pool.invokeAll(tasks);
            HermiteSeries fresh = Case.of(selu).series;
            for (int i = 0; i < results.size(); i++) {
                double q = variances[i % variances.length];
                HermiteSeries.Coefficients got = results.get(i).get();
                HermiteSeries.Coefficients expected = fresh.coefficients(q);
                assertSame(shared.coefficients(q), got, "one shared instance per variance");
                assertArrayEquals(expected.phi(), got.phi(), 0);
                assertArrayEquals(expected.dphi(), got.dphi(), 0);
                assertArrayEquals(expected.phiTails(), got.phiTails(), 0);
                assertArrayEquals(expected.dphiTails(), got.dphiTails(), 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
