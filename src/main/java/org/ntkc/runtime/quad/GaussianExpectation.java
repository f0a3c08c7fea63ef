package org.ntkc.runtime.quad;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Reference Gaussian expectations for the kernel recursion: for (u, v) ~ N(0, [[q1, q12], [q12, q2]]) and
 * elementwise functions f, g (an activation and its derivative, typically), E[f(u)·g(v)] and E[h(√q·z)].
 * Accuracy comes first (error at most 1e-12 of E[|f(u)·g(v)|] by default). Cost, counting every function
 * evaluation: a few thousand for smooth functions of small variance, 4·10^4 to 3·10^5 with kinks or where
 * Gauss–Hermite fails (tanh with variance ≥ 1), up to about 10^6 in the hardest cases seen.
 *
 * <p>Method. Smooth functions (no breakpoints): tensor Gauss–Hermite with orders 24, 48, 96, 192 until two
 * successive orders agree; if they do not (poles near the real axis, e.g. tanh with large variance), the
 * split method below, with a split at 0, where such functions change fastest. Functions with breakpoints
 * (kinks, jumps, integrable singularities): with u = √q1·z1 and v = c·z1 + τ·w (c = q12/√q1,
 * τ² = q2 − q12²/q1; z1, w independent standard normal), a nested 1-D integral E[f(u)·G(z1)],
 * G(z1) = E[g(v) | z1]. Both levels are split at every point where their integrand is not smooth; the outer
 * one also where G has a sharp feature of width τ/|c| (around z1 = b/c for each breakpoint b of g), which
 * matters as |ρ| → 1. Each piece is integrated by double-exponential rules (see {@link DoubleExponential}),
 * which tolerate end-point singularities, with step halving until two levels agree. Degenerate covariances
 * (q1 = 0, q2 = 0, |ρ| = 1 to within 1e-13 in s = √(1 − ρ²)) reduce to 1-D integrals; q1 = q2 = q12 = q
 * gives bit-for-bit the value of {@link #expect1} for the product f·g. Independence (q12 = 0) factors into
 * two 1-D integrals.
 *
 * <p>Functions are evaluated only strictly between breakpoints (except for q = 0, where the argument is 0
 * itself), only at nodes with a non-negligible Gaussian weight (|z| ≤ 37), and g only where f is not zero
 * for every component. Stateless and thread-safe; the Gauss–Hermite rules are immutable shared caches.
 */
public final class GaussianExpectation {

    private static final int[] ADAPTIVE_ORDERS = {24, 48, 96, 192};

    private static final double[] SMOOTH_SPLIT = {0.0};

    /**
     * Above this standard deviation a smooth activation's features (tanh′ has width ~1) are narrower in z than the
     * spacing of even the 192-node Gauss–Hermite rule, and every order can agree on a wrong value (E[tanh′(u)²] came
     * out 0 at q = 1e4). Such variances go straight to the split double-exponential method, which resolves them.
     */
    private static final double WIDE_SIGMA = 4;

    /**
     * Inner integrals of the smooth fallback try the first two orders only: where 48 nodes do not suffice,
     * the double-exponential inner rule with its split at g's centre is cheaper than 96 + 192 more.
     */
    private static final int INNER_ORDERS = 2;

    /**
     * The last rung of the 2-D ladder (192² = 36864 points) costs about as much as the split method, so it
     * is tried only when the error so far, extrapolated as exp(−a·√n) (the Gauss–Hermite rate for functions
     * with poles; entire functions converge faster), predicts success within this factor of relTol.
     */
    private static final double LAST_ORDER_SLACK = 10;

    /**
     * s² = 1 − ρ² at or below this (1 − |ρ| ≤ 8 ulps, as the closed forms' Duals.SNAP) is treated as s = 0:
     * such a pair is (anti)parallel within the rounding of the state that carries it, and snapping it keeps exactly
     * parallel inputs exactly parallel through steps that are not Lipschitz at ρ = ±1 (a jump would otherwise turn
     * the state's last-bit error into τ ≈ 1e-8 of σ and T off by as much).
     */
    private static final double DEGENERATE_S2 = 16 * Math.ulp(1.0);

    /** How far q12² may exceed q1·q2, relatively, before the input is rejected rather than clamped. */
    private static final double CORRELATION_SLACK = 1e-8;

    /**
     * G(z1) has a feature of width τ/|c| around z1 = b/c for each breakpoint b. Below this width the outer
     * line is split there, so that the feature sits at piece ends where double-exponential nodes cluster;
     * inside a piece it would need a step of about a third of the width.
     */
    private static final double FEATURE_WIDTH = 0.5;

    /**
     * Below this width the feature also gets pieces of its own, ±{@link #FEATURE_REACH} widths around it;
     * measured on relu/step integrands this halves the outer nodes at width 1e-4 and costs nodes above 1e-2.
     */
    private static final double NARROW_FEATURE_WIDTH = 0.01;

    /** The inner integrals together may add at most 1/8 of the outer tolerance. */
    private static final double INNER_ERROR_SHARE = 8;

    /** Half-width, in units of τ/|c|, of the pieces around a feature: Φ(−8) ≈ 6e-16. */
    private static final double FEATURE_REACH = 8;

    private GaussianExpectation() {
    }

    /**
     * out[k] = E[f[k](u)·g[k](v)] for (u, v) ~ N(0, [[q1, q12], [q12, q2]]), all k on shared nodes.
     *
     * @param breakpoints sorted points where some f[k] or g[k] (or a derivative) is not smooth; they apply to
     *                    the f[k] in u and to the g[k] in v. Empty for smooth functions.
     * @throws IllegalArgumentException     for mismatched arrays, unsorted or non-finite breakpoints, negative
     *                                      or non-finite variances, or q12² &gt; q1·q2·(1 + 1e-8); smaller
     *                                      excesses are rounding and treated as |ρ| = 1
     * @throws NonFiniteIntegrandException  if a function value at a node is NaN or infinite
     * @throws QuadratureException          if the adaptive tolerance cannot be reached
     */
    public static void expect2(DoubleUnaryOperator[] f, DoubleUnaryOperator[] g, double[] breakpoints,
            double q1, double q2, double q12, QuadratureOptions opts, double[] out) {
        if (f.length != g.length || out.length < f.length) {
            throw new IllegalArgumentException("f, g and out must have matching lengths: "
                    + f.length + ", " + g.length + ", " + out.length);
        }
        checkBreakpoints(breakpoints);
        checkVariance("q1", q1);
        checkVariance("q2", q2);
        if (!Double.isFinite(q12)) {
            throw new IllegalArgumentException("q12 must be finite, got " + q12);
        }
        double sigma1 = Math.sqrt(q1);
        double sigma2 = Math.sqrt(q2);
        // A variance of 0 that underflowed (below Double.MIN_VALUE) beside a covariance that did not (points of
        // norm 1e-150: q1 = 0, q12 = 6e-299) allows |q12| up to √MIN_VALUE·σ of the other side; q12 is not used
        // then (that side is the constant φ(0)), so it is rounding, not a bad covariance.
        double excess = q1 == 0 || q2 == 0 ? 2 * Math.sqrt(Double.MIN_VALUE) * Math.max(sigma1, sigma2) : 0;
        if (Math.abs(q12) > Math.max(sigma1 * sigma2 * (1 + CORRELATION_SLACK / 2), excess)) {
            throw new IllegalArgumentException(
                    "not a covariance: q12² > q1·q2 for q1 = " + q1 + ", q2 = " + q2 + ", q12 = " + q12);
        }
        int n = f.length;
        if (n == 0) {
            return;
        }
        if (q1 == 0 || q2 == 0) {
            // One side is the constant 0; the other is a 1-D expectation (or also constant).
            boolean fConstant = q1 == 0;
            DoubleUnaryOperator[] constant = fConstant ? f : g;
            double[] factor = new double[n];
            for (int k = 0; k < n; k++) {
                factor[k] = value(constant[k], 0.0);
            }
            if (q1 == 0 && q2 == 0) {
                for (int k = 0; k < n; k++) {
                    out[k] = factor[k] * value(g[k], 0.0);
                }
                return;
            }
            oneDimensional(fConstant ? g : f, fConstant ? sigma2 : sigma1, null, 0, breakpoints, opts, out);
            for (int k = 0; k < n; k++) {
                out[k] *= factor[k];
            }
            return;
        }
        if (q12 == 0) {
            double[] second = new double[n];
            oneDimensional(f, sigma1, null, 0, breakpoints, opts, out);
            oneDimensional(g, sigma2, null, 0, breakpoints, opts, second);
            for (int k = 0; k < n; k++) {
                out[k] *= second[k];
            }
            return;
        }
        // Scaled by an exact power of 2 so that neither q1·q2 nor q12² underflows or overflows (tiny inputs would
        // otherwise look parallel: 0 − 0 ≤ 0).
        int half = Math.getExponent(Math.max(q1, q2)) / 2;
        double s1 = Math.scalb(q1, -2 * half);
        double s2 = Math.scalb(q2, -2 * half);
        double s12 = Math.scalb(q12, -2 * half);
        double product = s1 * s2;
        double square = s12 * s12;
        // q1·q2 − q12² without cancellation error: both products are split into head and exact tail.
        double det = (product - square) + (Math.fma(s1, s2, -product) - Math.fma(s12, s12, -square));
        if (det <= DEGENERATE_S2 * product) {
            oneDimensional(f, sigma1, g, Math.copySign(sigma2, q12), breakpoints, opts, out);
            return;
        }
        double c = q12 / sigma1;
        double tau = Math.scalb(Math.sqrt(det / s1), half);
        if (breakpoints.length == 0) {
            boolean wide = opts.fixedOrder() == 0 && Math.max(sigma1, sigma2) > WIDE_SIGMA;
            if (!wide && hermite2(f, g, sigma1, c, tau, opts, out)) {
                return;
            }
            // Smooth activations that defeat Gauss–Hermite (tanh, erf with large variance) change fastest
            // near 0; a split there puts that region at piece ends, where double-exponential nodes cluster.
            nested(f, g, SMOOTH_SPLIT, true, sigma1, c, tau, opts.relTol(), out);
            return;
        }
        nested(f, g, breakpoints, false, sigma1, c, tau, opts.relTol(), out);
    }

    /**
     * out[k] = E[h[k](√q·z)] for z ~ N(0, 1).
     *
     * @param breakpoints sorted points where some h[k] (or a derivative) is not smooth; empty if smooth
     * @throws IllegalArgumentException     for unsorted or non-finite breakpoints or a negative variance
     * @throws NonFiniteIntegrandException  if a function value at a node is NaN or infinite
     * @throws QuadratureException          if the adaptive tolerance cannot be reached
     */
    public static void expect1(DoubleUnaryOperator[] h, double[] breakpoints, double q, QuadratureOptions opts,
            double[] out) {
        if (out.length < h.length) {
            throw new IllegalArgumentException("out is shorter than h: " + out.length + " < " + h.length);
        }
        checkBreakpoints(breakpoints);
        checkVariance("q", q);
        if (q == 0) {
            for (int k = 0; k < h.length; k++) {
                out[k] = value(h[k], 0.0);
            }
            return;
        }
        if (h.length > 0) {
            oneDimensional(h, Math.sqrt(q), null, 0, breakpoints, opts, out);
        }
    }

    /**
     * out[k] = E[f[k](sf·z)·g[k](sg·z)] (the g factor omitted when g is null) for z ~ N(0, 1). Shared by
     * expect1, the degenerate 2-D cases and independence, so that they agree to the last bit.
     */
    private static void oneDimensional(DoubleUnaryOperator[] f, double sf, DoubleUnaryOperator[] g, double sg,
            double[] breakpoints, QuadratureOptions opts, double[] out) {
        boolean wide = opts.fixedOrder() == 0 && Math.max(Math.abs(sf), Math.abs(sg)) > WIDE_SIGMA;
        if (breakpoints.length == 0 && !wide && hermite1(f, sf, g, sg, opts, out)) {
            return;
        }
        if (breakpoints.length == 0) {
            breakpoints = SMOOTH_SPLIT;
        }
        int n = f.length;
        int channels = g == null ? 1 : 2;
        double[] slopes = g == null ? new double[] {sf} : new double[] {sf, sg};
        SplitLine line = new SplitLine(n, slopes, channels * breakpoints.length);
        line.reset(0, 0);
        for (double b : breakpoints) {
            line.addBreakpoint(b / sf, 0, b);
            if (g != null) {
                line.addBreakpoint(b / sg, 1, b);
            }
        }
        line.finishSplits();
        line.integrate((end, off, z, x, weight, val, abs) -> {
            for (int k = 0; k < n; k++) {
                double v = value(f[k], x[0]);
                if (g != null) {
                    v *= value(g[k], x[1]);
                }
                val[k] = v;
                abs[k] = Math.abs(v);
            }
            return true;
        }, opts.relTol(), null, out, new double[n], null);
    }

    /**
     * 1-D Gauss–Hermite: fixed order, or adaptive orders until two agree. Returns false (out undefined) when
     * the adaptive orders fail, so that the caller falls back to the split method.
     */
    private static boolean hermite1(DoubleUnaryOperator[] f, double sf, DoubleUnaryOperator[] g, double sg,
            QuadratureOptions opts, double[] out) {
        int n = f.length;
        double[] abs = new double[n];
        if (opts.fixedOrder() > 0) {
            hermite1(f, sf, g, sg, HermiteRule.of(opts.fixedOrder()), out, abs);
            return true;
        }
        double[] previous = new double[n];
        for (int i = 0; i < ADAPTIVE_ORDERS.length; i++) {
            hermite1(f, sf, g, sg, HermiteRule.of(ADAPTIVE_ORDERS[i]), out, abs);
            if (i > 0 && relativeChange(previous, out, abs) <= opts.relTol()) {
                return true;
            }
            System.arraycopy(out, 0, previous, 0, n);
        }
        return false;
    }

    private static void hermite1(DoubleUnaryOperator[] f, double sf, DoubleUnaryOperator[] g, double sg,
            HermiteRule rule, double[] out, double[] abs) {
        int n = f.length;
        Arrays.fill(out, 0, n, 0.0);
        Arrays.fill(abs, 0, n, 0.0);
        for (int i = 0; i < rule.nodes.length; i++) {
            double z = rule.nodes[i];
            double w = rule.weights[i];
            for (int k = 0; k < n; k++) {
                double v = value(f[k], sf * z);
                if (g != null) {
                    v *= value(g[k], sg * z);
                }
                out[k] += w * v;
                abs[k] += w * Math.abs(v);
            }
        }
        checkFinite(abs, n);
    }

    /** Tensor Gauss–Hermite in (z1, w); false when the adaptive orders fail or are predicted to. */
    private static boolean hermite2(DoubleUnaryOperator[] f, DoubleUnaryOperator[] g, double sigma1, double c,
            double tau, QuadratureOptions opts, double[] out) {
        int n = f.length;
        double[] abs = new double[n];
        double[] fu = new double[n];
        double[] inner = new double[n];
        double[] innerAbs = new double[n];
        if (opts.fixedOrder() > 0) {
            hermite2(f, g, sigma1, c, tau, HermiteRule.of(opts.fixedOrder()), out, abs, fu, inner, innerAbs);
            return true;
        }
        double[] previous = new double[n];
        double[] change = new double[ADAPTIVE_ORDERS.length];
        int last = ADAPTIVE_ORDERS.length - 1;
        for (int i = 0; i <= last; i++) {
            if (i == last) {
                double rate = Math.log(change[i - 2] / change[i - 1]);
                double predicted = change[i - 1] * Math.exp(-rate * Math.sqrt(2));
                if (!(predicted <= LAST_ORDER_SLACK * opts.relTol())) {
                    return false;
                }
            }
            hermite2(f, g, sigma1, c, tau, HermiteRule.of(ADAPTIVE_ORDERS[i]), out, abs, fu, inner, innerAbs);
            if (i > 0) {
                change[i] = relativeChange(previous, out, abs);
                if (change[i] <= opts.relTol()) {
                    return true;
                }
            }
            System.arraycopy(out, 0, previous, 0, n);
        }
        return false;
    }

    private static void hermite2(DoubleUnaryOperator[] f, DoubleUnaryOperator[] g, double sigma1, double c,
            double tau, HermiteRule rule, double[] out, double[] abs, double[] fu, double[] inner,
            double[] innerAbs) {
        int n = f.length;
        Arrays.fill(out, 0, n, 0.0);
        Arrays.fill(abs, 0, n, 0.0);
        double[] nodes = rule.nodes;
        double[] weights = rule.weights;
        for (int i = 0; i < nodes.length; i++) {
            double z1 = nodes[i];
            if (!fValues(f, sigma1 * z1, fu)) {
                continue;
            }
            Arrays.fill(inner, 0, n, 0.0);
            Arrays.fill(innerAbs, 0, n, 0.0);
            for (int j = 0; j < nodes.length; j++) {
                double w = weights[j];
                // Pairs whose joint weight underflows cannot contribute.
                if (weights[i] * w < Double.MIN_NORMAL) {
                    continue;
                }
                double v = c * z1 + tau * nodes[j];
                for (int k = 0; k < n; k++) {
                    double gv = value(g[k], v);
                    inner[k] += w * gv;
                    innerAbs[k] += w * Math.abs(gv);
                }
            }
            double wi = weights[i];
            for (int k = 0; k < n; k++) {
                out[k] += wi * fu[k] * inner[k];
                abs[k] += wi * Math.abs(fu[k]) * innerAbs[k];
            }
        }
        checkFinite(abs, n);
    }

    /**
     * E[f(σ1·z1)·G(z1)] with G(z1) = E[g(c·z1 + τ·w)], both by split double-exponential quadrature; for
     * smooth g (the fallback from tensor Gauss–Hermite) the inner integral first tries Gauss–Hermite, which
     * wins when τ is small, as for |ρ| → 1.
     *
     * <p>An inner integral is converged relative to E[|g| | z1], or, where that is stricter than needed, to
     * an absolute error that keeps the inner errors of one outer level, weighted as the outer rule weights
     * them, below relTol/8 of the outer absolute integral known so far. Nodes near the ends of outer pieces
     * and in the Gaussian tails then need only coarse inner rules, and an inner integral that cannot
     * converge (a narrow feature far in the tail) does not matter as long as its weighted error estimate
     * stays small: those are summed and checked at the end.
     */
    private static void nested(DoubleUnaryOperator[] f, DoubleUnaryOperator[] g, double[] breakpoints,
            boolean smooth, double sigma1, double c, double tau, double relTol, double[] out) {
        int n = f.length;
        int nb = breakpoints.length;
        SplitLine outer = new SplitLine(n, new double[] {sigma1}, 4 * nb);
        outer.reset(0, 0);
        for (double b : breakpoints) {
            outer.addBreakpoint(b / sigma1, 0, b);
        }
        double width = tau / Math.abs(c);
        if (width < FEATURE_WIDTH) {
            for (double b : breakpoints) {
                double center = b / c;
                outer.addFree(center);
                if (width < NARROW_FEATURE_WIDTH) {
                    outer.addFree(center - FEATURE_REACH * width);
                    outer.addFree(center + FEATURE_REACH * width);
                }
            }
        }
        outer.finishSplits();
        // b_j − c·z1 at every outer split, each with a single rounding, so that the inner breakpoint
        // (b_j − c·z1)/τ stays accurate where z1 is within τ of b_j/c and the difference cancels.
        double[][] residual = new double[outer.splitCount()][nb];
        for (int e = 0; e < outer.splitCount(); e++) {
            for (int j = 0; j < nb; j++) {
                residual[e][j] = Math.fma(-c, outer.splitZ(e), breakpoints[j]);
            }
        }
        SplitLine inner = new SplitLine(n, new double[] {tau}, nb);
        double[] fu = new double[n];
        double[] innerValue = new double[n];
        double[] innerAbs = new double[n];
        double[] innerTol = new double[n];
        double[] innerErr = new double[n];
        double[] weightedInnerErr = new double[n];
        double[] innerPrevious = new double[n];
        SplitLine.Integrand gIntegrand = (end, off, w, x, weight, val, abs) -> {
            for (int k = 0; k < n; k++) {
                double gv = value(g[k], x[0]);
                val[k] = gv;
                abs[k] = Math.abs(gv);
            }
            return true;
        };
        double[] outAbs = new double[n];
        outer.integrate((end, off, z1, x, weight, val, abs) -> {
            if (!fValues(f, x[0], fu)) {
                return false;
            }
            double budget = relTol / (INNER_ERROR_SHARE * outer.levelNodes() * weight);
            for (int k = 0; k < n; k++) {
                // A component whose f vanishes here does not need its inner integral at all.
                innerTol[k] = fu[k] == 0 ? Double.POSITIVE_INFINITY : budget * outer.scaleSoFar(k) / Math.abs(fu[k]);
            }
            if (smooth && hermiteInner(g, c * z1, tau, relTol, innerTol, innerValue, innerAbs, innerPrevious)) {
                Arrays.fill(innerErr, 0.0);
            } else {
                inner.reset(c * z1, 0);
                double[] r = residual[end];
                for (int j = 0; j < nb; j++) {
                    inner.addBreakpoint((r[j] - c * off) / tau, 0, breakpoints[j]);
                }
                inner.finishSplits();
                inner.integrate(gIntegrand, relTol, innerTol, innerValue, innerAbs, innerErr);
            }
            for (int k = 0; k < n; k++) {
                val[k] = fu[k] * innerValue[k];
                abs[k] = Math.abs(fu[k]) * innerAbs[k];
                weightedInnerErr[k] += weight * Math.abs(fu[k]) * innerErr[k];
            }
            return true;
        }, relTol, null, out, outAbs, null);
        for (int k = 0; k < n; k++) {
            if (weightedInnerErr[k] > QuadratureOptions.ACCEPTABLE_FACTOR * relTol * outAbs[k]) {
                throw new QuadratureException(String.format(
                        "inner double-exponential quadrature did not reach relTol %.1e: estimated relative "
                                + "error %.2e (non-integrable singularity or undeclared breakpoint?)",
                        relTol, weightedInnerErr[k] / outAbs[k]));
            }
        }
    }

    /**
     * The inner integral E[g(y + τ·w)] of the smooth fallback by the 1-D Gauss–Hermite ladder, converged to
     * relTol of E[|g|] or to absTol; false (out undefined) when the ladder does not get there.
     */
    private static boolean hermiteInner(DoubleUnaryOperator[] g, double y, double tau, double relTol,
            double[] absTol, double[] out, double[] abs, double[] previous) {
        int n = g.length;
        for (int i = 0; i < INNER_ORDERS; i++) {
            HermiteRule rule = HermiteRule.of(ADAPTIVE_ORDERS[i]);
            Arrays.fill(out, 0, n, 0.0);
            Arrays.fill(abs, 0, n, 0.0);
            for (int j = 0; j < rule.nodes.length; j++) {
                double v = y + tau * rule.nodes[j];
                double w = rule.weights[j];
                for (int k = 0; k < n; k++) {
                    double gv = value(g[k], v);
                    out[k] += w * gv;
                    abs[k] += w * Math.abs(gv);
                }
            }
            if (i > 0) {
                boolean converged = true;
                for (int k = 0; k < n && converged; k++) {
                    converged = Math.abs(out[k] - previous[k]) <= Math.max(relTol * abs[k], absTol[k]);
                }
                if (converged) {
                    return true;
                }
            }
            System.arraycopy(out, 0, previous, 0, n);
        }
        return false;
    }

    /** Fills fu with f[k](u); false when all are zero (the node then contributes nothing). */
    private static boolean fValues(DoubleUnaryOperator[] f, double u, double[] fu) {
        boolean any = false;
        for (int k = 0; k < f.length; k++) {
            fu[k] = value(f[k], u);
            any |= fu[k] != 0;
        }
        return any;
    }

    private static double value(DoubleUnaryOperator fn, double x) {
        double y = fn.applyAsDouble(x);
        if (!Double.isFinite(y)) {
            throw new NonFiniteIntegrandException(x, y);
        }
        return y;
    }

    private static double relativeChange(double[] previous, double[] current, double[] abs) {
        double worst = 0;
        for (int k = 0; k < previous.length; k++) {
            double d = Math.abs(current[k] - previous[k]);
            if (d > 0) {
                worst = Math.max(worst, d / abs[k]);
            }
        }
        return worst;
    }

    private static void checkFinite(double[] abs, int n) {
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(abs[k])) {
                throw new QuadratureException("the expectation overflows the double range");
            }
        }
    }

    private static void checkBreakpoints(double[] breakpoints) {
        for (int i = 0; i < breakpoints.length; i++) {
            if (!Double.isFinite(breakpoints[i])) {
                throw new IllegalArgumentException("breakpoints must be finite, got " + breakpoints[i]);
            }
            if (i > 0 && breakpoints[i] < breakpoints[i - 1]) {
                throw new IllegalArgumentException("breakpoints must be sorted: "
                        + breakpoints[i - 1] + " > " + breakpoints[i]);
            }
        }
    }

    private static void checkVariance(String name, double q) {
        if (!(q >= 0) || q == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be finite and non-negative, got " + q);
        }
    }
}
