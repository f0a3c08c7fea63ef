package org.ntkc.runtime.dual;

import org.ntkc.math.dual.Dual;
import java.util.function.DoubleUnaryOperator;
import org.ntkc.runtime.quad.GaussianExpectation;
import org.ntkc.runtime.quad.QuadratureOptions;
import org.ntkc.math.sym.CompiledSym;
import org.ntkc.math.sym.Sym;
import org.ntkc.math.sym.Symbolic;

/**
 * The dual of an activation without a closed form, by Gaussian quadrature (MATH.md §4): Gauss–Hermite for smooth
 * φ, and integration split at the breakpoints of φ and φ′ otherwise, so that kinks cost no accuracy.
 * T and Ṫ are integrated together on the same nodes, and T(q1, q2, q12) = T(q2, q1, q12) exactly.
 */
public final class NumericalDual implements Dual {
    private final DoubleUnaryOperator[] functions;
    private final double[] breakpoints;
    private final QuadratureOptions options;

    public NumericalDual(Sym phi, Sym derivative, double[] breakpoints, QuadratureOptions options) {
        this(CompiledSym.of(phi), CompiledSym.of(derivative), breakpoints, options);
    }

    private NumericalDual(DoubleUnaryOperator phi, DoubleUnaryOperator derivative, double[] breakpoints,
                          QuadratureOptions options) {
        this.functions = new DoubleUnaryOperator[] {phi, derivative};
        this.breakpoints = breakpoints.clone();
        this.options = options;
    }

    /**
     * The same dual from evaluators of φ and φ′, e.g. the methods of a generated kernel: they must compute exactly
     * what the symbolic forms do for the results to agree with the compiler's to the bit.
     */
    public static NumericalDual of(DoubleUnaryOperator phi, DoubleUnaryOperator derivative, double[] breakpoints,
                                   QuadratureOptions options) {
        return new NumericalDual(phi, derivative, breakpoints, options);
    }

    /** The evaluator of φ. */
    public DoubleUnaryOperator phi() {
        return functions[0];
    }

    /** The evaluator of φ′. */
    public DoubleUnaryOperator derivative() {
        return functions[1];
    }

    public double[] breakpoints() {
        return breakpoints.clone();
    }

    public QuadratureOptions options() {
        return options;
    }

    @Override
    public void evaluate(double q1, double q2, double q12, double[] out) {
        // The quadrature treats u and v differently; ordering the variances makes T exactly symmetric, so that
        // K(x, x') and K(x', x) agree to the bit however a matrix is traversed.
        if (q2 < q1) {
            GaussianExpectation.expect2(functions, functions, breakpoints, q2, q1, q12, options, out);
        } else {
            GaussianExpectation.expect2(functions, functions, breakpoints, q1, q2, q12, options, out);
        }
    }

    @Override
    public String method() {
        String rule = breakpoints.length == 0
                ? (options.fixedOrder() > 0 ? "Gauss-Hermite, " + options.fixedOrder() + " nodes per dimension"
                        : "adaptive Gauss-Hermite")
                : "quadrature split at " + describe(breakpoints);
        return "numerical: " + rule;
    }

    private static String describe(double[] points) {
        if (points.length > 4) {
            return points.length + " breakpoints";
        }
        StringBuilder sb = new StringBuilder(points.length == 1 ? "x = " : "x in {");
        for (int i = 0; i < points.length; i++) {
            sb.append(i > 0 ? ", " : "").append(Symbolic.formatNumber(points[i]));
        }
        return points.length == 1 ? sb.toString() : sb.append('}').toString();
    }
}
