package org.ntkc.runtime.dual;

import java.util.function.DoubleUnaryOperator;
import org.ntkc.runtime.quad.GaussianExpectation;
import org.ntkc.runtime.quad.QuadratureOptions;

/**
 * The dual of an activation without a closed form, by Gaussian quadrature (MATH.md §4): Gauss–Hermite for smooth
 * φ, and integration split at the breakpoints of φ and φ′ otherwise, so that kinks cost no accuracy.
 * T and Ṫ are integrated together on the same nodes, and T(q1, q2, q12) = T(q2, q1, q12) exactly.
 *
 * <p>The run-time half, JDK-only: generated kernels evaluate it for the entries their Hermite series cannot certify.
 * The compiler's {@code org.ntkc.math.dual.QuadratureDual} wraps it with φ and φ′ compiled from their formulas.
 */
public final class NumericalDual {
    private final DoubleUnaryOperator[] functions;
    private final double[] breakpoints;
    private final QuadratureOptions options;

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

    /** Writes T into {@code out[0]} and Ṫ into {@code out[1]}. */
    public void evaluate(double q1, double q2, double q12, double[] out) {
        // The quadrature treats u and v differently; ordering the variances makes T exactly symmetric, so that
        // K(x, x') and K(x', x) agree to the bit however a matrix is traversed.
        if (q2 < q1) {
            GaussianExpectation.expect2(functions, functions, breakpoints, q2, q1, q12, options, out);
        } else {
            GaussianExpectation.expect2(functions, functions, breakpoints, q1, q2, q12, options, out);
        }
    }
}
