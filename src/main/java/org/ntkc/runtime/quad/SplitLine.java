package org.ntkc.runtime.quad;

import static org.ntkc.runtime.quad.DoubleExponential.HALF_LINE_DISTANCE;
import static org.ntkc.runtime.quad.DoubleExponential.HALF_LINE_WEIGHT;
import static org.ntkc.runtime.quad.DoubleExponential.MAX_LEVEL;
import static org.ntkc.runtime.quad.DoubleExponential.TS_CENTER_WEIGHT;
import static org.ntkc.runtime.quad.DoubleExponential.TS_DISTANCE;
import static org.ntkc.runtime.quad.DoubleExponential.TS_WEIGHT;

import java.util.Arrays;

/**
 * Adaptive integral of a vector-valued function against the standard normal density over the real line,
 * split into pieces at given points, each piece integrated by a double-exponential rule with step halving.
 *
 * <p>The integrand sees, besides z, one argument per <em>channel</em>: x_c = offset_c + slope_c·z (the
 * argument of f or of g). A split point may be a breakpoint of a channel, given with its exact x (the
 * anchor). Near such a point the argument is computed as anchor + slope·distance, so that it is exact to
 * rounding relative to the distance (not to |x|) and lies strictly on the piece's side of the breakpoint;
 * a node whose argument rounds onto the anchor is dropped (its weight is negligible by construction).
 *
 * <p>A piece stops refining once its estimates at two successive levels differ by at most its share of
 * relTol times the current absolute integral of the whole line (or of a given absolute tolerance), for
 * every component.
 *
 * <p>A workspace: each call of {@link GaussianExpectation} makes its own instances.
 */
final class SplitLine {

    /** The density beyond |z| = 37 is below 1e-298; nodes there are never evaluated. */
    static final double Z_MAX = 37;

    /** Compare levels 1 and 2 at the earliest, so that a coarse rule cannot agree with itself by accident. */
    private static final int MIN_LEVEL = 2;

    /** The split at the Gaussian centre is omitted when another split is this close to it. */
    private static final double CENTER_CLEARANCE = 0.5;

    /** Split points closer than this relative distance are one point (its anchors merged). */
    private static final double MERGE_RELATIVE = 0x1p-46;

    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    /**
     * Absolute floor of the convergence scale. Without it a piece whose whole contribution lies deep in the
     * Gaussian tail (an inner integral far from the centre of the outer one, say) would have to converge
     * relative to a subnormal number, which rounding makes impossible; such contributions are negligible
     * for any integrand whose expectation exceeds 1e-270.
     */
    private static final double SCALE_FLOOR = 1e-280;

    private static final int FREE = -1;

    /** The function integrated on a line. */
    interface Integrand {
        /**
         * Writes the component values and their absolute scale at the node z = split(end) + off, whose channel
         * arguments are x and whose weight in the current estimate (density included) is weight; returns
         * false when the node contributes nothing.
         */
        boolean eval(int end, double off, double z, double[] x, double weight, double[] value, double[] abs);
    }

    private final int components;
    private final int channels;
    private final double[] slope;
    private final double[] offset;

    private int candidates;
    private final double[] candidateZ;
    private final int[] candidateChannel;
    private final double[] candidateX;

    private int count;
    private final double[] splitZ;
    private final double[][] splitX;
    private final boolean[][] anchored;

    private final double[][] sum;
    private final double[][] absSum;
    private final double[][] estimate;
    private final double[][] delta;
    private final double[][] absEstimate;
    private final boolean[] done;
    private final double[] x;
    private final double[] value;
    private final double[] absValue;
    private final double[] scale;

    private final double[] tolerance;
    private Integrand integrand;
    private int piece;
    private int level;
    private double h;
    private int levelNodes;

    /**
     * @param components number of integrand components
     * @param slope      slope of each channel's argument in z (nonzero)
     * @param capacity   maximum number of split points that will be added between resets (the centre split
     *                   is extra)
     */
    SplitLine(int components, double[] slope, int capacity) {
        this.components = components;
        this.channels = slope.length;
        this.slope = slope.clone();
        this.offset = new double[channels];
        int maxSplits = capacity + 1;
        candidateZ = new double[maxSplits];
        candidateChannel = new int[maxSplits];
        candidateX = new double[maxSplits];
        splitZ = new double[maxSplits];
        splitX = new double[channels][maxSplits];
        anchored = new boolean[channels][maxSplits];
        int maxPieces = maxSplits + 1;
        sum = new double[maxPieces][components];
        absSum = new double[maxPieces][components];
        estimate = new double[maxPieces][components];
        delta = new double[maxPieces][components];
        absEstimate = new double[maxPieces][components];
        done = new boolean[maxPieces];
        x = new double[channels];
        value = new double[components];
        absValue = new double[components];
        scale = new double[components];
        tolerance = new double[components];
    }

    /** Starts a new set of split points; channel c's argument is offset_c + slope_c·z. */
    void reset(double offset0, double offset1) {
        offset[0] = offset0;
        if (channels > 1) {
            offset[1] = offset1;
        }
        candidates = 0;
    }

    /** A split at z where channel {@code channel} has a breakpoint at argument {@code anchor}. */
    void addBreakpoint(double z, int channel, double anchor) {
        candidateZ[candidates] = z;
        candidateChannel[candidates] = channel;
        candidateX[candidates] = anchor;
        candidates++;
    }

    /** A split at a point where the integrand is smooth but has a sharp feature. */
    void addFree(double z) {
        addBreakpoint(z, FREE, Double.NaN);
    }

    int splitCount() {
        return count;
    }

    double splitZ(int i) {
        return splitZ[i];
    }

    /** Adds the centre split, sorts, drops points beyond {@link #Z_MAX} and merges coincident points. */
    void finishSplits() {
        boolean centerClear = true;
        for (int i = 0; i < candidates; i++) {
            if (Math.abs(candidateZ[i]) < CENTER_CLEARANCE) {
                centerClear = false;
                break;
            }
        }
        if (centerClear) {
            addFree(0.0);
        }
        sortCandidates();
        count = 0;
        for (int i = 0; i < candidates; i++) {
            double z = candidateZ[i];
            if (!(Math.abs(z) <= Z_MAX)) {
                continue;
            }
            int channel = candidateChannel[i];
            double previous = count > 0 ? splitZ[count - 1] : Double.NaN;
            if (count > 0 && z - previous <= MERGE_RELATIVE * Math.max(Math.abs(z), Math.abs(previous))) {
                if (channel != FREE && !anchored[channel][count - 1]) {
                    if (!isAnchored(count - 1)) {
                        splitZ[count - 1] = z;
                    }
                    anchored[channel][count - 1] = true;
                    splitX[channel][count - 1] = candidateX[i];
                }
                continue;
            }
            splitZ[count] = z;
            for (int c = 0; c < channels; c++) {
                anchored[c][count] = c == channel;
                if (c == channel) {
                    splitX[c][count] = candidateX[i];
                }
            }
            count++;
        }
        for (int e = 0; e < count; e++) {
            for (int c = 0; c < channels; c++) {
                if (!anchored[c][e]) {
                    splitX[c][e] = offset[c] + slope[c] * splitZ[e];
                }
            }
        }
    }

    private boolean isAnchored(int e) {
        for (int c = 0; c < channels; c++) {
            if (anchored[c][e]) {
                return true;
            }
        }
        return false;
    }

    private void sortCandidates() {
        for (int i = 1; i < candidates; i++) {
            double z = candidateZ[i];
            int channel = candidateChannel[i];
            double anchor = candidateX[i];
            int j = i - 1;
            while (j >= 0 && candidateZ[j] > z) {
                candidateZ[j + 1] = candidateZ[j];
                candidateChannel[j + 1] = candidateChannel[j];
                candidateX[j + 1] = candidateX[j];
                j--;
            }
            candidateZ[j + 1] = z;
            candidateChannel[j + 1] = channel;
            candidateX[j + 1] = anchor;
        }
    }

    /**
     * Integrates over the pieces defined by the last {@link #finishSplits()}: out[k] = ∫ value_k φ dz and
     * outAbs[k] = ∫ abs_k φ dz.
     *
     * @param absTol null, or an absolute error that suffices for each component (it can only relax relTol)
     * @param outErr null to throw if some piece has not converged at the finest level; otherwise receives
     *               the estimated absolute error of the pieces that have not (0 when all converged)
     * @throws QuadratureException if outErr is null and the tolerance was not reached
     */
    void integrate(Integrand f, double relTol, double[] absTol, double[] out, double[] outAbs, double[] outErr) {
        integrand = f;
        Arrays.fill(scale, 0.0);
        int pieces = count + 1;
        for (int p = 0; p < pieces; p++) {
            done[p] = false;
            for (int k = 0; k < components; k++) {
                sum[p][k] = 0;
                absSum[p][k] = 0;
                estimate[p][k] = 0;
            }
        }
        for (level = 0; level <= MAX_LEVEL; level++) {
            h = DoubleExponential.step(level);
            levelNodes = 0;
            for (int p = 0; p < pieces; p++) {
                if (!done[p]) {
                    levelNodes += nodeCount(p, level);
                }
            }
            for (int p = 0; p < pieces; p++) {
                if (done[p]) {
                    continue;
                }
                piece = p;
                refine(p, level);
                for (int k = 0; k < components; k++) {
                    double e = h * sum[p][k];
                    delta[p][k] = Math.abs(e - estimate[p][k]);
                    estimate[p][k] = e;
                    absEstimate[p][k] = h * absSum[p][k];
                }
            }
            for (int k = 0; k < components; k++) {
                double s = 0;
                for (int p = 0; p < pieces; p++) {
                    s += absEstimate[p][k];
                }
                if (!Double.isFinite(s)) {
                    integrand = null;
                    throw new QuadratureException("the expectation overflows the double range");
                }
                scale[k] = s;
                // Each piece gets an equal share, so that the piece errors add up to the tolerance at most.
                tolerance[k] = relTol * Math.max(s, SCALE_FLOOR);
                if (absTol != null) {
                    tolerance[k] = Math.max(tolerance[k], absTol[k]);
                }
                tolerance[k] /= pieces;
            }
            boolean all = level >= 1 && negligible(absTol);
            if (!all) {
                all = true;
                for (int p = 0; p < pieces; p++) {
                    if (!done[p]) {
                        done[p] = converged(p, level);
                        all &= done[p];
                    }
                }
            }
            if (all) {
                break;
            }
        }
        integrand = null;
        level = Math.min(level, MAX_LEVEL);
        double worst = 0;
        for (int k = 0; k < components; k++) {
            double s = 0;
            double d = 0;
            for (int p = 0; p < pieces; p++) {
                s += estimate[p][k];
                if (!done[p]) {
                    d += delta[p][k];
                }
            }
            out[k] = s;
            outAbs[k] = scale[k];
            if (outErr != null) {
                outErr[k] = d;
            }
            worst = Math.max(worst, d / Math.max(scale[k], SCALE_FLOOR));
        }
        if (outErr != null || worst <= QuadratureOptions.ACCEPTABLE_FACTOR * relTol) {
            return;
        }
        throw new QuadratureException(String.format(
                "double-exponential quadrature did not reach relTol %.1e: estimated relative error %.2e "
                        + "at step 2^-%d (non-integrable singularity or undeclared breakpoint?)",
                relTol, worst, MAX_LEVEL));
    }

    /** An upper bound on the number of nodes evaluated at the current level, during {@link #integrate}. */
    int levelNodes() {
        return levelNodes;
    }

    /**
     * A lower estimate of the absolute integral of component k, during {@link #integrate}: that of the
     * previous level, or the nodes evaluated so far where it is larger (at level 0).
     */
    double scaleSoFar(int k) {
        double s = 0;
        for (int p = 0; p <= count; p++) {
            s += done[p] ? absEstimate[p][k] : h * absSum[p][k];
        }
        return Math.max(s, scale[k]);
    }

    /**
     * Whether piece p is converged after the given level: its estimates at this and the previous level
     * differ by at most the tolerance, for every component, from level {@link #MIN_LEVEL} on. (Estimating
     * the error of the finer level from the quadratic convergence of double-exponential rules instead would
     * save a level, but in tests it accepted pre-asymptotic coincidences with errors of 1e-6.) A piece that
     * has been exactly zero at all (17 or more) nodes of levels 0 and 1 is zero: its integrand is analytic
     * inside the piece and cannot vanish at all of them without vanishing identically.
     */
    private boolean converged(int p, int level) {
        if (level < 1) {
            return false;
        }
        boolean zero = true;
        for (int k = 0; k < components && zero; k++) {
            zero = absSum[p][k] == 0;
        }
        if (zero) {
            return true;
        }
        if (level < MIN_LEVEL) {
            return false;
        }
        for (int k = 0; k < components; k++) {
            if (!(delta[p][k] <= tolerance[k])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the whole line is within the absolute tolerance even if every estimate were 0: then its
     * value hardly matters and a level-1 estimate will do. The factor 4 covers an absolute integral that
     * level 1 underestimates.
     */
    private boolean negligible(double[] absTol) {
        if (absTol == null) {
            return false;
        }
        for (int k = 0; k < components; k++) {
            if (!(4 * scale[k] <= absTol[k])) {
                return false;
            }
        }
        return true;
    }

    private int nodeCount(int p, int level) {
        if (p == 0 || p == count) {
            return HALF_LINE_DISTANCE[level].length;
        }
        return 2 * TS_DISTANCE[level].length + (level == 0 ? 1 : 0);
    }

    private void refine(int p, int level) {
        if (p == 0) {
            halfLine(0, -1, level);
        } else if (p == count) {
            halfLine(count - 1, 1, level);
        } else {
            finite(p - 1, p, level);
        }
    }

    /** Nodes of the piece from split {@code end} to ±∞ (direction {@code dir}). */
    private void halfLine(int end, int dir, int level) {
        double a = splitZ[end];
        // The Gaussian seen from the end decays on the scale min(1, 1/|a|) when the piece points away from
        // the centre; half of that scale measured best on Gaussian test integrands.
        double lambda = 0.5 / (1 + Math.max(dir * a, 0));
        double limit = Z_MAX - dir * a;
        double[] dist = HALF_LINE_DISTANCE[level];
        double[] weight = HALF_LINE_WEIGHT[level];
        for (int i = 0; i < dist.length; i++) {
            double d = lambda * dist[i];
            if (d > limit) {
                break;
            }
            node(end, dir * d, lambda * weight[i]);
        }
    }

    private void finite(int left, int right, int level) {
        double half = 0.5 * (splitZ[right] - splitZ[left]);
        if (level == 0) {
            node(left, half, TS_CENTER_WEIGHT * half);
        }
        double[] dist = TS_DISTANCE[level];
        double[] weight = TS_WEIGHT[level];
        for (int i = 0; i < dist.length; i++) {
            double d = half * dist[i];
            double w = half * weight[i];
            node(left, d, w);
            node(right, -d, w);
        }
    }

    private void node(int end, double off, double w) {
        for (int c = 0; c < channels; c++) {
            double anchor = splitX[c][end];
            double xc = anchor + slope[c] * off;
            if (xc == anchor && anchored[c][end]) {
                return;
            }
            x[c] = xc;
        }
        double z = splitZ[end] + off;
        double wd = w * Math.exp(-0.5 * z * z) * INV_SQRT_2PI;
        if (wd == 0) {
            return;
        }
        if (!integrand.eval(end, off, z, x, h * wd, value, absValue)) {
            return;
        }
        double[] s = sum[piece];
        double[] a = absSum[piece];
        for (int k = 0; k < components; k++) {
            s[k] += wd * value[k];
            a[k] += wd * absValue[k];
        }
    }
}
