package org.ntkc.sema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.ntkc.math.act.Activation;
import org.ntkc.math.sym.CompiledSym;
import org.ntkc.math.sym.Sym;
import org.ntkc.math.sym.Symbolic;

/**
 * Where an activation given by a formula leaves its domain, found at compile time: φ and φ′ evaluated on a fine grid
 * (step 1/64 within 10, 1/2 within 40 of the origin, and dyadic points down to the subnormals around 0 and around
 * every breakpoint, where the quadrature samples too) must be finite, and |φ|, |φ′| must stay below 1e150 within 10 of
 * the origin, so that their squares, which the kernels integrate, are doubles; and no denominator may change sign
 * between two grid points (a pole, which no Gaussian integrates). An isolated non-finite value at 0 or a breakpoint
 * whose neighbours on both sides agree is a removable singularity and accepted. What the grid cannot see (a formula
 * that overflows only for larger inputs, a variance that makes exp(x^2) diverge) is reported when the kernel is
 * computed, naming the step, its spec line and the points.
 */
final class Domains {
    /** |φ| and |φ′| must stay below this within {@link #NEAR}: their squares are then doubles. */
    static final double LARGEST = 1e150;
    /** The range, in units of the pre-activation's standard deviation at unit variance, where φ must be moderate. */
    static final double NEAR = 10;
    private static final double FAR = 40;

    private Domains() {
    }

    /** Why φ or φ′ of {@code a} is not finite or not integrable against a Gaussian, or empty if the grid saw no problem. */
    static Optional<String> problem(Activation a) {
        if (!a.isNumerical()) {
            return Optional.empty();
        }
        double[] grid = grid(a.breakpoints());
        Optional<String> p = check("φ", CompiledSym.of(a.phi()), grid);
        if (p.isEmpty()) {
            p = check("φ′", CompiledSym.of(a.derivative()), grid);
        }
        if (p.isEmpty()) {
            p = pole(a, grid);
        }
        return p;
    }

    /** The probe points, ordered by distance from the origin (so the nearest problem is the one reported). */
    private static double[] grid(double[] breakpoints) {
        List<Double> xs = new ArrayList<>();
        xs.add(0.0);
        for (int k = 1; k <= 64 * (int) NEAR; k++) {
            xs.add(k / 64.0);
            xs.add(-k / 64.0);
        }
        for (double x = NEAR + 0.5; x <= FAR; x += 0.5) {
            xs.add(x);
            xs.add(-x);
        }
        // Down to the subnormals: the quadrature samples points that close to 0 and to breakpoints, where x^2 underflows.
        int[] exponents = java.util.stream.IntStream.concat(java.util.stream.IntStream.rangeClosed(1, 64),
                java.util.stream.IntStream.of(100, 200, 300, 400, 500, 520, 540, 560, 600, 700, 800, 1000, 1074)).toArray();
        for (int k : exponents) {
            double h = Math.scalb(1.0, -k);
            xs.add(h);
            xs.add(-h);
            for (double b : breakpoints) {
                xs.add(b + h);
                xs.add(b - h);
            }
        }
        for (double b : breakpoints) {
            xs.add(b);
        }
        return xs.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
    }

    private static Optional<String> check(String what, DoubleUnaryOperator f, double[] sortedGrid) {
        double[] byDistance = Arrays.stream(sortedGrid).boxed()
                .sorted((u, v) -> Double.compare(Math.abs(u), Math.abs(v))).mapToDouble(Double::doubleValue).toArray();
        for (double x : byDistance) {
            double y = f.applyAsDouble(x);
            if (!Double.isFinite(y)) {
                if (!removable(f, x)) {
                    return Optional.of(String.format(Locale.ROOT, "%s is not finite at x = %s (%s there)", what,
                            number(x), y));
                }
            } else if (Math.abs(x) <= NEAR && Math.abs(y) > LARGEST) {
                return Optional.of(String.format(Locale.ROOT, "%s(%s) = %.3g, too large: its square, which the kernel "
                        + "integrates, overflows a double (|%s| must stay below 1e150 for |x| <= 10)", what, number(x), y,
                        what));
            }
        }
        return Optional.empty();
    }

    /** An isolated non-finite value with finite, agreeing values on both sides at two distances (sin(x)/x at 0). */
    private static boolean removable(DoubleUnaryOperator f, double x) {
        double scale = x == 0 ? 1 : Math.abs(x);
        double[] near = new double[4];
        int k = 0;
        for (double h : new double[] {0x1p-20 * scale, 0x1p-40 * scale}) {
            near[k++] = f.applyAsDouble(x - h);
            near[k++] = f.applyAsDouble(x + h);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : near) {
            if (!Double.isFinite(v)) {
                return false;
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo <= 1e-3 * (1 + Math.abs(hi) + Math.abs(lo));
    }

    /** A denominator (or the base of a negative power) that changes sign between grid points, where φ blows up. */
    private static Optional<String> pole(Activation a, double[] sortedGrid) {
        DoubleUnaryOperator phi = CompiledSym.of(a.phi());
        List<Sym> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(denominators(a.phi(), new ArrayList<>())));
        for (Sym d : distinct.subList(0, Math.min(distinct.size(), 64))) {
            if (!Symbolic.dependsOnVar(d)) {
                continue;
            }
            DoubleUnaryOperator den = CompiledSym.of(d);
            for (int i = 1; i < sortedGrid.length; i++) {
                double lo = sortedGrid[i - 1];
                double hi = sortedGrid[i];
                double dl = den.applyAsDouble(lo);
                double dh = den.applyAsDouble(hi);
                if (!(Double.isFinite(dl) && Double.isFinite(dh) && dl * dh < 0)) {
                    continue;
                }
                for (int k = 0; k < 200 && Math.nextUp(lo) < hi; k++) {
                    double mid = lo + (hi - lo) / 2;
                    double dm = den.applyAsDouble(mid);
                    if (dm == 0 || !Double.isFinite(dm)) {
                        lo = mid;
                        hi = mid;
                        break;
                    }
                    if ((dm < 0) == (dl < 0)) {
                        lo = mid;
                        dl = dm;
                    } else {
                        hi = mid;
                    }
                }
                double root = lo + (hi - lo) / 2;
                double scale = Math.max(1, Math.max(Math.abs(phi.applyAsDouble(sortedGrid[i - 1])),
                        Math.abs(phi.applyAsDouble(sortedGrid[i]))));
                double left = phi.applyAsDouble(Math.nextDown(lo));
                double right = phi.applyAsDouble(Math.nextUp(hi));
                if (!Double.isFinite(left) || !Double.isFinite(right) || Math.abs(left) > 1e6 * scale
                        || Math.abs(right) > 1e6 * scale) {
                    return Optional.of(String.format(Locale.ROOT, "φ has a pole at x = %s, where %s is 0; no Gaussian "
                            + "integrates it", number(root), Symbolic.format(d, "x")));
                }
            }
        }
        return Optional.empty();
    }

    private static List<Sym> denominators(Sym e, List<Sym> out) {
        if (e instanceof Sym.Div div) {
            out.add(div.right());
        } else if (e instanceof Sym.Pow p && p.exponent() instanceof Sym.Const c && c.value() < 0) {
            out.add(p.base());
        }
        if (e instanceof Sym.Neg n) {
            denominators(n.arg(), out);
        } else if (e instanceof Sym.Add s) {
            denominators(s.left(), out);
            denominators(s.right(), out);
        } else if (e instanceof Sym.Sub s) {
            denominators(s.left(), out);
            denominators(s.right(), out);
        } else if (e instanceof Sym.Mul s) {
            denominators(s.left(), out);
            denominators(s.right(), out);
        } else if (e instanceof Sym.Div s) {
            denominators(s.left(), out);
            denominators(s.right(), out);
        } else if (e instanceof Sym.Pow s) {
            denominators(s.base(), out);
            denominators(s.exponent(), out);
        } else if (e instanceof Sym.Call c) {
            for (Sym arg : c.args()) {
                denominators(arg, out);
            }
        }
        return out;
    }

    private static String number(double x) {
        return Symbolic.formatNumber(x);
    }
}
