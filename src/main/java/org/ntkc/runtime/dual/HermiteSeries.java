package org.ntkc.runtime.dual;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import org.ntkc.runtime.quad.GaussianExpectation;
import org.ntkc.runtime.quad.HermiteRule;
import org.ntkc.runtime.quad.LegendreRule;
import org.ntkc.runtime.quad.NonFiniteIntegrandException;
import org.ntkc.runtime.quad.QuadratureException;
import org.ntkc.runtime.quad.QuadratureOptions;

/**
 * T = E[φ(u)φ(v)] and Ṫ = E[φ′(u)φ′(v)] by the Hermite (Mehler) series, for kernel code that needs O(K) work per
 * entry. With h_k = He_k/√k! (probabilists' Hermite polynomials, normalised) and ρ = q12/√(q1·q2),
 *
 * <pre>    E[f(u)·g(v)] = Σ_k ρ^k · c_k(q1) · c′_k(q2),   c_k(q) = E[f(√q·z)·h_k(z)],  z ~ N(0, 1),</pre>
 *
 * so the coefficients of a point depend on its variance only: they are computed once per variance (and memoised),
 * and each entry is a Horner sum in ρ.
 *
 * <p><b>Error control.</b> By Cauchy–Schwarz the series cut after K terms is off by at most
 * |ρ|^K·√(tail_a·tail_b), tail = Σ_{k≥K} c_k². A point keeps the fewest terms K with tail ≤ relTol²·E[f²] for both
 * φ and φ′, so that any two points, with the terms both keep, are within relTol·√(E[f_a²]·E[f_b²]) even at
 * |ρ| = 1 (the other tail is at most its norm); {@link #termsFor} finds the far fewer terms a given pair and ρ need.
 * Points that do not converge within maxTerms (kinked φ, whose coefficients decay like k^(−5/4) or slower) keep
 * them all, and {@link #accurate} tells per entry whether the bound still holds; where it does not (|ρ| near 1) the
 * caller falls back to quadrature.
 *
 * <p>Tails are Σ_{K≤k<n} c_k² over the n computed coefficients, summed directly so that they keep their digits
 * however small, plus the mass beyond them, norm − Σ_{k<n} c_k². The square norms come from the reference quadrature
 * ({@link GaussianExpectation#expect1}, asked for relTol/1000), not from the coefficients, so that mass is seen down
 * to the norm's error, 2e-13 of it at the default relTol, and below that it cannot be told from rounding. An
 * unconverged point adds that error to its tails, which keeps them upper bounds; a point counts as converged only
 * when a run of at least a quarter of its computed coefficients past K is negligible too, the evidence that the
 * unseen mass beyond them is. The bound is thus rigorous up to the accuracy of the coefficients (about 1e-15 of
 * √norm) and of the norms, and, for converged points, up to that evidence.
 *
 * <p><b>Coefficients.</b> φ and φ′ are evaluated once per node and all h_k at that node come from the normalised
 * three-term recurrence, started at the node weight, so nothing overflows. Smooth φ: Gauss–Hermite rules of
 * 32, 64, … 512 nodes, keeping only k &lt; M/2 (the aliasing from degree 2M − k on is then negligible), accepted
 * once the rule integrates φ² and φ′² as accurately as the norms are known and the point has converged (or reached
 * maxTerms). Kinked φ, and smooth φ that defeat these rules (tanh at variance ≥ 5, most at ≥ 20): composite
 * Gauss–Legendre on panels split at the breakpoints, two zero spacings of h_{maxTerms−1} wide, halved while they do
 * not integrate φ² and φ′² as accurately as the norms are known (φ(√q·z) changes on a scale of 1/√q).
 *
 * <p>Thread-safe when φ and φ′ are (CompiledSym is); coefficients are deterministic, so concurrent callers get
 * identical results. The memo is not bounded: it holds about 32·K bytes per distinct variance.
 */
public final class HermiteSeries {

    public static final double DEFAULT_REL_TOL = 1e-10;
    public static final int DEFAULT_MAX_TERMS = 256;
    /** Beyond this the recurrence and the panels grow costly and kinked φ gain little (their tails decay slowly). */
    public static final int MAX_TERMS = 1024;
    /** The norms are asked for relTol/1000, and the reference quadrature accepts no tolerance below 1e-15. */
    public static final double MIN_REL_TOL = 1e-12;

    private static final int[] HERMITE_ORDERS = {32, 64, 128, 256, HermiteRule.MAX_ORDER};

    private static final double[] SMOOTH_SPLIT = {0.0};

    /** The reference square norms are asked for this fraction of relTol, within [1e-15, 1e-12]. */
    private static final double NORM_TOLERANCE = 1e-3;

    /**
     * What a norm may be off, in units of the tolerance it was asked for (the reference usually does better):
     * differences between the norm and a sum of squares below this are treated as rounding, not as a tail.
     */
    private static final double NORM_NOISE = 2;

    /** A point has converged at K only if at least this many, and a quarter of, the computed terms lie past K. */
    private static final int MIN_MARGIN = 4;

    /**
     * Gauss–Legendre points per panel, on panels of at most {@link #SPACINGS_PER_PANEL} zero spacings π/√K of
     * h_K (K = maxTerms). Measured: the relu coefficients match their closed form to 1e-15·√q for K = 256 and 1024
     * and q from 0.01 to 200, and tanh, erf, exp(−x²), elu, selu and max(x, 0) + min(x, 0)²/2 at q from 0.05 to 1000
     * match a rule with 40 points on quarter-width panels to 2e-14 of the norm (12 points: 7e-14).
     */
    private static final int LEGENDRE_POINTS = 16;

    private static final double SPACINGS_PER_PANEL = 2.0;

    /**
     * Panels are halved until the rule integrates φ² and φ′² as accurately as the norms are known (φ(√q·z) changes on
     * a scale of 1/√q, far narrower than h_K's oscillation at large variance), or two successive rules agree that
     * well, or the next rule would have more than this many panels (about 1e6 nodes).
     */
    private static final int MAX_PANELS = 1 << 16;

    /** Nodes are buffered and projected in blocks of this many (even, so that they pair up). */
    private static final int BLOCK = 64;

    /**
     * Panels cover |z| ≤ 13 + 2√q: the normalised Hermite functions h_k·√pdf are bounded by 1, so the integrand is
     * at most |φ(√q·z)|·e^{−z²/4}, below 1e-18 of the norm there even for |φ| growing like e^{|x|}.
     */
    private static final double BASE_REACH = 13;

    /** Beyond |z| = 38 the standard normal density underflows. */
    private static final double MAX_REACH = 38;

    private static final double[] SQRT = new double[MAX_TERMS + 2];
    private static final double[] INV_SQRT = new double[MAX_TERMS + 2];
    private static final double[] LEGENDRE_NODES;
    private static final double[] LEGENDRE_WEIGHTS;

    static {
        for (int k = 1; k <= MAX_TERMS + 1; k++) {
            SQRT[k] = Math.sqrt(k);
            INV_SQRT[k] = 1 / SQRT[k];
        }
        LegendreRule rule = LegendreRule.of(LEGENDRE_POINTS);
        LEGENDRE_NODES = rule.nodes();
        LEGENDRE_WEIGHTS = rule.weights();
    }

    private final DoubleUnaryOperator phi;
    private final DoubleUnaryOperator dphi;
    private final double[] breakpoints;
    private final double relTol;
    private final int maxTerms;
    private final QuadratureOptions normOptions;
    private final double normNoise;
    private final ConcurrentHashMap<Double, Coefficients> memo = new ConcurrentHashMap<>();

    /**
     * @param phi         φ, a bit-exact evaluator such as {@link org.ntkc.math.sym.CompiledSym}
     * @param dphi        its almost-everywhere derivative φ′
     * @param breakpoints sorted, finite points where φ or φ′ is not smooth ({@link org.ntkc.math.sym.Breakpoints});
     *                    empty for smooth φ
     * @param relTol      target accuracy relative to √(E[f_a²]·E[f_b²]), in [{@value #MIN_REL_TOL}, 1e-2]
     * @param maxTerms    the most terms a point may keep, in [1, {@value #MAX_TERMS}]
     */
    public HermiteSeries(DoubleUnaryOperator phi, DoubleUnaryOperator dphi, double[] breakpoints, double relTol,
            int maxTerms) {
        if (!(relTol >= MIN_REL_TOL && relTol <= 1e-2)) {
            throw new IllegalArgumentException("relTol must be in [" + MIN_REL_TOL + ", 1e-2], got " + relTol);
        }
        if (maxTerms < 1 || maxTerms > MAX_TERMS) {
            throw new IllegalArgumentException("maxTerms must be in [1, " + MAX_TERMS + "], got " + maxTerms);
        }
        for (int i = 0; i < breakpoints.length; i++) {
            if (!Double.isFinite(breakpoints[i]) || (i > 0 && !(breakpoints[i - 1] < breakpoints[i]))) {
                throw new IllegalArgumentException("breakpoints must be finite and strictly increasing: "
                        + Arrays.toString(breakpoints));
            }
        }
        this.phi = phi;
        this.dphi = dphi;
        this.breakpoints = breakpoints.clone();
        this.relTol = relTol;
        this.maxTerms = maxTerms;
        double normTol = Math.max(1e-15, Math.min(1e-12, relTol * NORM_TOLERANCE));
        this.normOptions = new QuadratureOptions(0, normTol);
        this.normNoise = NORM_NOISE * normTol;
    }

    /** With relTol {@value #DEFAULT_REL_TOL} and at most {@value #DEFAULT_MAX_TERMS} terms. */
    public HermiteSeries(DoubleUnaryOperator phi, DoubleUnaryOperator dphi, double[] breakpoints) {
        this(phi, dphi, breakpoints, DEFAULT_REL_TOL, DEFAULT_MAX_TERMS);
    }

    public double relTol() {
        return relTol;
    }

    public int maxTerms() {
        return maxTerms;
    }

    /**
     * The series coefficients of one point of variance q ≥ 0: memoised, so points that share a variance share the
     * work (measured for q in [0.05, 10]: 0.02–1 ms for smooth φ, 0.4–0.7 ms for kinked φ at 256 terms, about 4 ms
     * at 1024; at very large variance the panels refine, up to about a second).
     *
     * @throws IllegalArgumentException    if q is negative or not finite
     * @throws NonFiniteIntegrandException if φ or φ′ is NaN or infinite at a node
     */
    public Coefficients coefficients(double q) {
        if (!(q >= 0 && q < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("variance must be finite and >= 0, got " + q);
        }
        Double key = q + 0.0; // one entry for 0.0 and −0.0
        Coefficients known = memo.get(key);
        if (known != null) {
            return known;
        }
        // Computed outside the map: computeIfAbsent would block other variances in the same bin for milliseconds.
        // Two threads may both compute one variance; the results are identical, and the first stored wins.
        Coefficients computed = compute(q + 0.0);
        known = memo.putIfAbsent(key, computed);
        return known != null ? known : computed;
    }

    /**
     * The coefficients of one variance, all arrays of length {@link #terms()} (tails: terms() + 1).
     *
     * @param phi       c_k = E[φ(√q·z)·h_k(z)], k &lt; terms()
     * @param dphi      the same for φ′
     * @param phiNorm   E[φ(√q·z)²] by reference quadrature
     * @param dphiNorm  E[φ′(√q·z)²]
     * @param phiTails  phiTails[K] bounds Σ_{k≥K} c_k² for K = 0 … terms()
     * @param dphiTails the same for φ′
     */
    public record Coefficients(double q, double[] phi, double[] dphi, double phiNorm, double dphiNorm,
            double[] phiTails, double[] dphiTails) {

        public int terms() {
            return phi.length;
        }

        /** Σ_{k≥terms()} c_k² for φ: what the kept terms leave out. */
        public double phiTail() {
            return phiTails[phi.length];
        }

        /** The same for φ′. */
        public double dphiTail() {
            return dphiTails[phi.length];
        }

        /** A copy: instances are shared through the memo. */
        @Override
        public double[] phi() {
            return phi.clone();
        }

        @Override
        public double[] dphi() {
            return dphi.clone();
        }

        @Override
        public double[] phiTails() {
            return phiTails.clone();
        }

        @Override
        public double[] dphiTails() {
            return dphiTails.clone();
        }
    }

    /** ρ = q12/√(q1·q2) clamped to [−1, 1]; 0 when q1·q2 = 0 (one side is then constant). */
    public static double rho(double q1, double q2, double q12) {
        double root = Math.sqrt(q1) * Math.sqrt(q2);
        if (root == 0) {
            return 0;
        }
        return Math.max(-1, Math.min(1, q12 / root));
    }

    /**
     * out = {T, Ṫ} from the first {@code terms} terms of the series (Horner in ρ²), ρ = {@link #rho}(a.q, b.q, q12).
     *
     * @throws IllegalArgumentException if terms is not in [0, min(a.terms(), b.terms())]
     */
    public static void evaluate(Coefficients a, Coefficients b, double q12, int terms, double[] out) {
        checkTerms(a, b, terms);
        double r = rho(a.q, b.q, q12);
        double r2 = r * r;
        // Even and odd k as two Horner chains in ρ², T = even + ρ·odd: one chain waits on the latency of each
        // fused multiply-add, two overlap.
        double tEven = 0;
        double tOdd = 0;
        double dEven = 0;
        double dOdd = 0;
        for (int k = (terms - 1) & ~1; k >= 0; k -= 2) {
            tEven = Math.fma(tEven, r2, a.phi[k] * b.phi[k]);
            dEven = Math.fma(dEven, r2, a.dphi[k] * b.dphi[k]);
            if (k + 1 < terms) {
                tOdd = Math.fma(tOdd, r2, a.phi[k + 1] * b.phi[k + 1]);
                dOdd = Math.fma(dOdd, r2, a.dphi[k + 1] * b.dphi[k + 1]);
            }
        }
        out[0] = Math.fma(tOdd, r, tEven);
        out[1] = Math.fma(dOdd, r, dEven);
    }

    /** {@link #evaluate} with every term both points keep. */
    public static void evaluate(Coefficients a, Coefficients b, double q12, double[] out) {
        evaluate(a, b, q12, Math.min(a.terms(), b.terms()), out);
    }

    /**
     * Whether the truncation bound |ρ|^terms·√(tail_a·tail_b) ≤ relTol·√(norm_a·norm_b) holds for both T and Ṫ.
     * When false the caller should compute that entry by quadrature.
     *
     * @throws IllegalArgumentException if terms is not in [0, min(a.terms(), b.terms())]
     */
    public boolean accurate(Coefficients a, Coefficients b, double rho, int terms) {
        checkTerms(a, b, terms);
        double power = Math.pow(Math.abs(rho), terms);
        return power * Math.sqrt(a.phiTails[terms] * b.phiTails[terms])
                        <= relTol * Math.sqrt(a.phiNorm * b.phiNorm)
                && power * Math.sqrt(a.dphiTails[terms] * b.dphiTails[terms])
                        <= relTol * Math.sqrt(a.dphiNorm * b.dphiNorm);
    }

    /**
     * The fewest terms for which {@link #accurate} holds at this ρ, or −1 if even all kept terms do not suffice:
     * for |ρ| well below 1 far fewer terms than kept are needed.
     */
    public int termsFor(Coefficients a, Coefficients b, double rho) {
        int most = Math.min(a.terms(), b.terms());
        if (!accurate(a, b, rho, most)) {
            return -1;
        }
        // The bound does not increase with the number of terms (|ρ| ≤ 1, tails non-increasing): bisect.
        int lo = -1;
        int hi = most;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (accurate(a, b, rho, mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static void checkTerms(Coefficients a, Coefficients b, int terms) {
        if (terms < 0 || terms > a.terms() || terms > b.terms()) {
            throw new IllegalArgumentException("terms must be in [0, " + Math.min(a.terms(), b.terms()) + "], got "
                    + terms);
        }
    }

    private Coefficients compute(double q) {
        if (q == 0) {
            // φ(√q·z) is the constant φ(0): only c_0, and no tail.
            double f = value(phi, 0);
            double g = value(dphi, 0);
            return new Coefficients(0, new double[] {f}, new double[] {g}, f * f, g * g, new double[] {f * f, 0},
                    new double[] {g * g, 0});
        }
        double sigma = Math.sqrt(q);
        double[] norms = norms(q);
        if (breakpoints.length == 0) {
            Coefficients previous = null;
            for (int order : HERMITE_ORDERS) {
                int count = Math.min(maxTerms, order / 2);
                Projection p = new Projection(count);
                p.addHermite(order, sigma);
                Coefficients c = p.finish(q, norms);
                // Not converged with count < maxTerms: a larger rule gives more coefficients. Accepted only when
                // the rule of half the order gives the same coefficients: a φ that is a step or a kink on the
                // scale of the nodes (silu at variance 1e26) integrates φ² exactly by symmetry and would pass the
                // norm check with coefficients wrong by 1e-3 and a tail that certifies them.
                if (p.agrees(norms) && (count == maxTerms || c.terms() < count) && previous != null
                        && sameCoefficients(previous, c)) {
                    return c;
                }
                previous = c;
            }
        }
        double width = SPACINGS_PER_PANEL * Math.PI / Math.sqrt(maxTerms);
        double[] splits = splits(sigma, width);
        Projection previous = null;
        while (true) {
            Projection p = new Projection(maxTerms);
            int panels = p.addPanels(sigma, width, splits);
            if (p.agrees(norms) || (previous != null && p.agrees(previous.squares(), norms))
                    || 2 * panels > MAX_PANELS) {
                return p.finish(q, norms);
            }
            previous = p;
            width /= 2;
        }
    }

    /**
     * Where the panels are split, in x: the breakpoints and, when a panel of the given width in z spans more than a
     * couple of units of x (σ·width &gt; 2), 0 and ±2^j for 2^j &lt; σ·width, a mesh graded towards 0. φ(√q·z) changes
     * on a scale of 1/√q in z; uniform panels that cannot resolve it (silu′ at q = 1e10 is a step of width 1e-5 in
     * z) integrate φ² by symmetry as if it were a step, and two successive halvings miss it alike, which left the
     * coefficients off by 1e-10 of the norm at 1e10 and 1e-3 at 1e26 with nothing in the tails to show it.
     */
    private double[] splits(double sigma, double width) {
        double span = sigma * width;
        if (!(span > 2)) {
            return breakpoints;
        }
        java.util.TreeSet<Double> all = new java.util.TreeSet<>();
        for (double b : breakpoints) {
            all.add(b + 0.0);
        }
        all.add(0.0);
        for (double x = 1; x < span; x *= 2) {
            all.add(x);
            all.add(-x);
        }
        double[] out = new double[all.size()];
        int i = 0;
        for (double b : all) {
            out[i++] = b;
        }
        return out;
    }

    /**
     * Whether two rules' coefficients (zeros past a point's kept terms) differ by at most a tenth of relTol·√norm in
     * the 2-norm, for φ and for φ′: by Cauchy–Schwarz that changes no entry by more than a tenth of the tolerance.
     */
    private boolean sameCoefficients(Coefficients a, Coefficients b) {
        return close(a.phi, b.phi, b.phiNorm) && close(a.dphi, b.dphi, b.dphiNorm);
    }

    private boolean close(double[] a, double[] b, double norm) {
        double sum = 0;
        for (int k = 0; k < Math.max(a.length, b.length); k++) {
            double d = (k < a.length ? a[k] : 0) - (k < b.length ? b[k] : 0);
            sum += d * d;
        }
        double allow = 0.1 * relTol;
        return sum <= allow * allow * norm;
    }

    /**
     * {E[φ(√q·z)²], E[φ′(√q·z)²]} by the reference quadrature. Smooth φ are split at 0 too: plain Gauss–Hermite
     * misses a feature narrower than its node spacing and, when two orders miss it alike, accepts the wrong value
     * (E[tanh′(u)²] = 0 for q ≥ 1e4); split double-exponential rules cluster their nodes at 0, where smooth
     * activations change fastest. Oscillating φ (sin at large variance) defeat those rules, and then Gauss–Hermite,
     * which suits them, is used alone.
     */
    private double[] norms(double q) {
        DoubleUnaryOperator[] squares = {x -> square(phi, x), x -> square(dphi, x)};
        double[] norms = new double[2];
        if (breakpoints.length > 0) {
            GaussianExpectation.expect1(squares, breakpoints, q, normOptions, norms);
            return norms;
        }
        try {
            GaussianExpectation.expect1(squares, SMOOTH_SPLIT, q, normOptions, norms);
        } catch (QuadratureException e) {
            GaussianExpectation.expect1(squares, breakpoints, q, normOptions, norms);
        }
        return norms;
    }

    /**
     * tail ≤ relTol²·norm for φ and φ′: then every pair of points, with the terms both keep, meets the bound
     * |ρ|^K·√(tail_a·tail_b) ≤ relTol·√(norm_a·norm_b), since the other tail is at most its norm.
     */
    private boolean converged(double phiTail, double phiNorm, double dphiTail, double dphiNorm) {
        double limit = relTol * relTol;
        return phiTail <= limit * phiNorm && dphiTail <= limit * dphiNorm;
    }

    /**
     * The projections c_k = Σ_i w_i·f(x_i)·h_k(z_i) of φ and φ′ onto the first {@code count} h_k over the nodes of
     * one rule, and the rule's own Σ_i w_i·f(x_i)². Nodes are buffered and projected a block at a time; a node
     * carries separate values for even and odd k so that a mirrored pair ±z can share one recurrence.
     */
    private final class Projection {
        private final int count;
        private final double[] c;
        private final double[] d;
        private final double[] z = new double[BLOCK];
        private final double[] w = new double[BLOCK];
        private final double[] fEven = new double[BLOCK];
        private final double[] fOdd = new double[BLOCK];
        private final double[] gEven = new double[BLOCK];
        private final double[] gOdd = new double[BLOCK];
        private int size;
        private double phiSquare;
        private double dphiSquare;

        Projection(int count) {
            this.count = count;
            this.c = new double[count];
            this.d = new double[count];
        }

        /**
         * The Gauss–Hermite rule of the given order. Its nodes are symmetric and h_k(−z) = (−1)^k·h_k(z), so each
         * mirrored pair needs one recurrence: even k take f(z) + f(−z), odd k take f(z) − f(−z).
         */
        void addHermite(int order, double sigma) {
            HermiteRule rule = HermiteRule.of(order);
            double[] nodes = rule.nodes();
            double[] weights = rule.weights();
            // Every order used is even: the upper half holds the positive nodes, z[n − 1 − i] = −z[i].
            for (int i = nodes.length / 2; i < nodes.length; i++) {
                double x = sigma * nodes[i];
                double f = value(phi, x);
                double g = value(dphi, x);
                double fm = value(phi, -x);
                double gm = value(dphi, -x);
                node(nodes[i], weights[i], f + fm, f - fm, g + gm, g - gm);
                phiSquare += weights[i] * (f * f + fm * fm);
                dphiSquare += weights[i] * (g * g + gm * gm);
            }
        }

        /**
         * Composite Gauss–Legendre on |z| ≤ reach, split at every breakpoint b/√q inside, each piece cut into equal
         * panels no wider than {@code width}. Returns the number of panels.
         */
        int addPanels(double sigma, double width, double[] splits) {
            double reach = Math.min(MAX_REACH, BASE_REACH + 2 * sigma);
            int total = 0;
            double[] ends = new double[splits.length + 2];
            int m = 0;
            ends[m++] = -reach;
            for (double b : splits) {
                double zb = b / sigma;
                if (zb > -reach && zb < reach) {
                    ends[m++] = zb;
                }
            }
            ends[m++] = reach;
            for (int piece = 0; piece + 1 < m; piece++) {
                double lo = ends[piece];
                double length = ends[piece + 1] - lo;
                int panels = (int) Math.ceil(length / width);
                total += panels;
                double half = 0.5 * length / panels;
                for (int j = 0; j < panels; j++) {
                    double mid = lo + (2 * j + 1) * half;
                    for (int i = 0; i < LEGENDRE_POINTS; i++) {
                        double zi = mid + half * LEGENDRE_NODES[i];
                        double weight = half * LEGENDRE_WEIGHTS[i] * density(zi);
                        if (weight == 0) {
                            continue;
                        }
                        double f = value(phi, sigma * zi);
                        double g = value(dphi, sigma * zi);
                        node(zi, weight, f, f, g, g);
                        phiSquare += weight * f * f;
                        dphiSquare += weight * g * g;
                    }
                }
            }
            return total;
        }

        private void node(double zi, double weight, double fe, double fo, double ge, double go) {
            z[size] = zi;
            w[size] = weight;
            fEven[size] = fe;
            fOdd[size] = fo;
            gEven[size] = ge;
            gOdd[size] = go;
            if (++size == BLOCK) {
                flush();
            }
        }

        /**
         * Projects the buffered nodes in twos, by two independent recurrences: each step of one waits on its own
         * latency. An odd last node gets a zero-weight partner.
         */
        private void flush() {
            if (size % 2 == 1) {
                // BLOCK is even, so an odd size leaves room.
                z[size] = 0;
                w[size] = 0;
                fEven[size] = 0;
                fOdd[size] = 0;
                gEven[size] = 0;
                gOdd[size] = 0;
                size++;
            }
            for (int i = 0; i < size; i += 2) {
                project(i);
            }
            size = 0;
        }

        double[] squares() {
            return new double[] {phiSquare, dphiSquare};
        }

        /** Whether this rule integrates φ² and φ′² as well as the reference norms are known. */
        boolean agrees(double[] norms) {
            return agrees(norms, norms);
        }

        /** Whether this rule's Σ w·f² are within the norms' error of {@code squares}. */
        boolean agrees(double[] squares, double[] norms) {
            return Math.abs(phiSquare - squares[0]) <= normNoise * norms[0]
                    && Math.abs(dphiSquare - squares[1]) <= normNoise * norms[1];
        }

        /** The projections, their tails, the number of terms to keep, and the record. */
        Coefficients finish(double q, double[] norms) {
            flush();
            double[] phiTails = directTails(c);
            double[] dphiTails = directTails(d);
            // The mass past the last computed term, norm − Σ c_k², is known only to the norm's error: below that
            // it cannot be told from 0.
            double phiBeyond = norms[0] - phiTails[0];
            double dphiBeyond = norms[1] - dphiTails[0];
            int keep = count;
            if (Math.abs(phiBeyond) <= normNoise * norms[0] && Math.abs(dphiBeyond) <= normNoise * norms[1]) {
                // Converged only with a margin of computed terms past K, all tiny: that run is the evidence that
                // the invisible mass beyond them is negligible too, and it is then taken as 0.
                for (int k = 1; k <= count - Math.max(MIN_MARGIN, count / 4); k++) {
                    if (converged(phiTails[k], norms[0], dphiTails[k], norms[1])) {
                        keep = k;
                        break;
                    }
                }
            }
            if (keep == count) {
                // Not converged: every computed term is kept, and the tails get an upper bound for the mass past
                // them, the norm's error included. A sum of squares above the norm means inaccurate coefficients,
                // by about as much; that counts too.
                addTo(phiTails, Math.abs(phiBeyond) + normNoise * norms[0]);
                addTo(dphiTails, Math.abs(dphiBeyond) + normNoise * norms[1]);
            }
            return new Coefficients(q, Arrays.copyOf(c, keep), Arrays.copyOf(d, keep), norms[0], norms[1],
                    Arrays.copyOf(phiTails, keep + 1), Arrays.copyOf(dphiTails, keep + 1));
        }

        /**
         * Nodes i and i + 1: r_k = w·h_k(z) by r_{k+1} = (z·r_k − √k·r_{k−1})/√(k+1), started at r_0 = w, which keeps
         * r_k bounded (the Hermite functions are) where h_k alone would overflow far out.
         */
        private void project(int i) {
            int j = i + 1;
            double za = z[i];
            double zb = z[j];
            double fea = fEven[i];
            double feb = fEven[j];
            double foa = fOdd[i];
            double fob = fOdd[j];
            double gea = gEven[i];
            double geb = gEven[j];
            double goa = gOdd[i];
            double gob = gOdd[j];
            // Two k per pass, even then odd, so that no parity test sits in the loop.
            double evenA = w[i];
            double evenB = w[j];
            double oddA = 0;
            double oddB = 0;
            for (int k = 0; k < count; k += 2) {
                c[k] += fea * evenA + feb * evenB;
                d[k] += gea * evenA + geb * evenB;
                oddA = (za * evenA - SQRT[k] * oddA) * INV_SQRT[k + 1];
                oddB = (zb * evenB - SQRT[k] * oddB) * INV_SQRT[k + 1];
                if (k + 1 == count) {
                    break;
                }
                c[k + 1] += foa * oddA + fob * oddB;
                d[k + 1] += goa * oddA + gob * oddB;
                evenA = (za * oddA - SQRT[k + 1] * evenA) * INV_SQRT[k + 2];
                evenB = (zb * oddB - SQRT[k + 1] * evenB) * INV_SQRT[k + 2];
            }
        }
    }

    /**
     * tails[K] = Σ_{K≤k<n} c_k² for K = 0 … n, summed from the end so that small tails keep their digits
     * (norm − Σ_{k<K} c_k² would leave only rounding once the tail is below 1e-16 of the norm).
     */
    private static double[] directTails(double[] c) {
        int n = c.length;
        double[] tails = new double[n + 1];
        for (int k = n - 1; k >= 0; k--) {
            tails[k] = tails[k + 1] + c[k] * c[k];
        }
        return tails;
    }

    private static void addTo(double[] values, double amount) {
        for (int k = 0; k < values.length; k++) {
            values[k] += amount;
        }
    }

    private static double density(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    private static double square(DoubleUnaryOperator f, double x) {
        double v = f.applyAsDouble(x);
        return v * v;
    }

    private static double value(DoubleUnaryOperator f, double x) {
        double v = f.applyAsDouble(x);
        if (!Double.isFinite(v)) {
            throw new NonFiniteIntegrandException(x, v);
        }
        return v;
    }
}
