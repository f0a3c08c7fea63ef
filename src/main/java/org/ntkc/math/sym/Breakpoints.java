package org.ntkc.math.sym;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ntkc.math.sym.Sym.Add;
import org.ntkc.math.sym.Sym.Call;
import org.ntkc.math.sym.Sym.Const;
import org.ntkc.math.sym.Sym.Div;
import org.ntkc.math.sym.Sym.Mul;
import org.ntkc.math.sym.Sym.Neg;
import org.ntkc.math.sym.Sym.Pow;
import org.ntkc.math.sym.Sym.Sub;
import org.ntkc.math.sym.Sym.Var;

/**
 * The points where an activation φ or its derivative φ′ is not smooth, so that a quadrature can split its domain
 * there.
 *
 * <p>Candidates are the zeros of "critical" subexpressions g of φ and of φ′: the arguments of abs, relu, step, sign,
 * sqrt and log; {@code a − b} for max(a, b) and min(a, b); denominators; and the base of {@code a^b} unless b is a
 * non-negative integer constant. A g that does not depend on x contributes nothing.
 *
 * <ul>
 *   <li>If g is affine (built from x and constants by +, −, negation, multiplication or division by constants), its
 *       zero {@code −g(0)/g′} is taken directly, wherever it lies.
 *   <li>Otherwise g is sampled on [{@value #WINDOW_MIN}, {@value #WINDOW_MAX}] with step 1/{@value #SAMPLES_PER_UNIT}
 *       and every change of sign class (negative, zero, positive, NaN) is bisected down to two adjacent doubles; the
 *       one where |g| is smaller (not NaN) is the breakpoint. This finds sign changes, poles, ends of runs where g is
 *       zero and edges of the domain where g is NaN. It misses zeros outside the window, and zeros where g touches 0
 *       without changing sign between two samples (e.g. {@code (x − 0.3)^2}); a touching zero that falls on a sample is
 *       found.
 * </ul>
 *
 * Candidates within 4 ulps of each other are merged (preferring an affine, exact one). At most {@value #MAX_POINTS}
 * points are returned: beyond that, the ones nearest 0 are kept, since that is where a Gaussian measure puts its mass.
 */
public final class Breakpoints {

    public static final double WINDOW_MIN = -256;
    public static final double WINDOW_MAX = 256;
    public static final int SAMPLES_PER_UNIT = 64;
    public static final int MAX_POINTS = 512;

    private static final int MERGE_ULPS = 4;

    private Breakpoints() {
    }

    /** Sorted, distinct, finite breakpoints of φ and φ′; see the class comment for how they are found. */
    public static double[] of(Sym phi) {
        Sym simplified = Symbolic.simplify(phi);
        Set<Sym> critical = new LinkedHashSet<>();
        CriticalCollector collector = new CriticalCollector(critical);
        simplified.accept(collector);
        Symbolic.derivative(simplified).accept(collector);

        List<Candidate> candidates = new ArrayList<>();
        for (Sym g : critical) {
            if (Symbolic.dependsOnVar(g)) {
                zerosOf(g, candidates);
            }
        }
        return merge(candidates);
    }

    /** True when φ and φ′ have no breakpoints (within the search window for non-affine subexpressions). */
    public static boolean isSmooth(Sym phi) {
        return of(phi).length == 0;
    }

    private record Candidate(double x, boolean exact) {
    }

    private static void zerosOf(Sym g, List<Candidate> out) {
        if (isAffine(g)) {
            Sym slope = Symbolic.derivative(g);
            if (slope instanceof Const c && c.value() != 0 && Double.isFinite(c.value())) {
                double root = -g.eval(0.0) / c.value();
                if (Double.isFinite(root)) {
                    out.add(new Candidate(root + 0.0, true));
                }
                return;
            }
        }
        scan(CompiledSym.of(g), out);
    }

    private static void scan(CompiledSym g, List<Candidate> out) {
        int steps = (int) ((WINDOW_MAX - WINDOW_MIN) * SAMPLES_PER_UNIT);
        double left = WINDOW_MIN;
        int leftClass = signClass(g.applyAsDouble(left));
        for (int i = 1; i <= steps; i++) {
            // Exact: every sample is a multiple of 2^-6 of modest size.
            double right = WINDOW_MIN + (double) i / SAMPLES_PER_UNIT;
            int rightClass = signClass(g.applyAsDouble(right));
            if (rightClass != leftClass) {
                out.add(new Candidate(bisect(g, left, right, leftClass) + 0.0, false));
            }
            left = right;
            leftClass = rightClass;
        }
    }

    /**
     * Narrows {@code [lo, hi]}, where g's sign class changes, to two adjacent doubles by halving in the ordering of
     * doubles (not of reals), which takes at most 64 steps even near 0.
     */
    private static double bisect(CompiledSym g, double lo, double hi, int loClass) {
        long a = orderedBits(lo);
        long b = orderedBits(hi);
        while (b - a > 1) {
            long m = a + (b - a) / 2;
            if (signClass(g.applyAsDouble(fromOrderedBits(m))) == loClass) {
                a = m;
            } else {
                b = m;
            }
        }
        double x0 = fromOrderedBits(a);
        double x1 = fromOrderedBits(b);
        return closeness(g.applyAsDouble(x1)) < closeness(g.applyAsDouble(x0)) ? x1 : x0;
    }

    private static double closeness(double gx) {
        return Double.isNaN(gx) ? Double.POSITIVE_INFINITY : Math.abs(gx);
    }

    private static int signClass(double v) {
        if (v > 0) {
            return 1;
        }
        if (v < 0) {
            return -1;
        }
        return v == 0 ? 0 : 2;
    }

    /** A long that orders like the double (both zeros map to 0). */
    private static long orderedBits(double v) {
        long bits = Double.doubleToRawLongBits(v);
        return bits >= 0 ? bits : Long.MIN_VALUE - bits;
    }

    private static double fromOrderedBits(long k) {
        return Double.longBitsToDouble(k >= 0 ? k : Long.MIN_VALUE - k);
    }

    private static double[] merge(List<Candidate> candidates) {
        candidates.sort(Comparator.comparingDouble(Candidate::x));
        List<Candidate> merged = new ArrayList<>();
        for (Candidate c : candidates) {
            int last = merged.size() - 1;
            if (last >= 0 && close(merged.get(last).x(), c.x())) {
                if (c.exact() && !merged.get(last).exact()) {
                    merged.set(last, c);
                }
            } else {
                merged.add(c);
            }
        }
        double[] points = merged.stream().mapToDouble(Candidate::x).toArray();
        if (points.length > MAX_POINTS) {
            points = Arrays.stream(points).boxed()
                    .sorted(Comparator.comparingDouble(Math::abs))
                    .limit(MAX_POINTS)
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
        }
        return points;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= MERGE_ULPS * Math.ulp(Math.max(Math.abs(a), Math.abs(b)));
    }

    private static boolean isAffine(Sym g) {
        return g.accept(new Sym.Visitor<Boolean>() {
            @Override
            public Boolean visitConst(Const e) {
                return true;
            }

            @Override
            public Boolean visitVar(Var e) {
                return true;
            }

            @Override
            public Boolean visitNeg(Neg e) {
                return e.arg().accept(this);
            }

            @Override
            public Boolean visitAdd(Add e) {
                return e.left().accept(this) && e.right().accept(this);
            }

            @Override
            public Boolean visitSub(Sub e) {
                return e.left().accept(this) && e.right().accept(this);
            }

            @Override
            public Boolean visitMul(Mul e) {
                return Symbolic.isConstant(e.left()) ? e.right().accept(this)
                        : Symbolic.isConstant(e.right()) && e.left().accept(this);
            }

            @Override
            public Boolean visitDiv(Div e) {
                return Symbolic.isConstant(e.right()) && e.left().accept(this);
            }

            @Override
            public Boolean visitPow(Pow e) {
                return Symbolic.isConstant(e);
            }

            @Override
            public Boolean visitCall(Call e) {
                return Symbolic.isConstant(e);
            }
        });
    }

    /** Adds to a set the critical subexpressions of a simplified tree (see the class comment). */
    private static final class CriticalCollector implements Sym.Visitor<Void> {
        private final Set<Sym> critical;

        CriticalCollector(Set<Sym> critical) {
            this.critical = critical;
        }

        @Override
        public Void visitConst(Const e) {
            return null;
        }

        @Override
        public Void visitVar(Var e) {
            return null;
        }

        @Override
        public Void visitNeg(Neg e) {
            return e.arg().accept(this);
        }

        @Override
        public Void visitAdd(Add e) {
            e.left().accept(this);
            return e.right().accept(this);
        }

        @Override
        public Void visitSub(Sub e) {
            e.left().accept(this);
            return e.right().accept(this);
        }

        @Override
        public Void visitMul(Mul e) {
            e.left().accept(this);
            return e.right().accept(this);
        }

        @Override
        public Void visitDiv(Div e) {
            critical.add(e.right());
            e.left().accept(this);
            return e.right().accept(this);
        }

        @Override
        public Void visitPow(Pow e) {
            boolean smoothPower = e.exponent() instanceof Const c && c.value() >= 0 && c.value() == Math.rint(c.value())
                    && !Double.isInfinite(c.value());
            if (!smoothPower) {
                critical.add(e.base());
            }
            e.base().accept(this);
            return e.exponent().accept(this);
        }

        @Override
        public Void visitCall(Call e) {
            Sym g = switch (e.fn()) {
                case ABS, RELU, STEP, SIGN, SQRT, LOG -> e.arg();
                case LOG1P -> Symbolic.simplify(Sym.add(e.arg(), Sym.c(1)));
                case MAX, MIN -> Symbolic.simplify(Sym.sub(e.arg(), e.args().get(1)));
                case EXP, EXPM1, SIN, COS, TANH, ERF, SIGMOID, SOFTPLUS -> null;
            };
            if (g != null) {
                critical.add(g);
            }
            for (Sym a : e.args()) {
                a.accept(this);
            }
            return null;
        }
    }
}
