package org.ntkc.math.dual;

import java.util.function.DoubleUnaryOperator;
import org.ntkc.math.sym.CompiledSym;
import org.ntkc.math.sym.Sym;
import org.ntkc.math.sym.Symbolic;
import org.ntkc.runtime.dual.NumericalDual;
import org.ntkc.runtime.quad.QuadratureOptions;

/**
 * The compiler's side of a dual without a closed form: φ and φ′ compiled from their formulas, evaluated by the
 * run-time {@link NumericalDual} (the same class, with the same φ and φ′ bits, that generated kernels call), so
 * that the interpreter and generated code integrate identically.
 */
public final class QuadratureDual implements Dual {
    private final NumericalDual rule;

    public QuadratureDual(Sym phi, Sym derivative, double[] breakpoints, QuadratureOptions options) {
        this.rule = NumericalDual.of(CompiledSym.of(phi), CompiledSym.of(derivative), breakpoints, options);
    }

    /** The run-time quadrature this dual evaluates with. */
    public NumericalDual rule() {
        return rule;
    }

    /** The evaluator of φ. */
    public DoubleUnaryOperator phi() {
        return rule.phi();
    }

    /** The evaluator of φ′. */
    public DoubleUnaryOperator derivative() {
        return rule.derivative();
    }

    public double[] breakpoints() {
        return rule.breakpoints();
    }

    public QuadratureOptions options() {
        return rule.options();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitQuadrature(this);
    }

    @Override
    public void evaluate(double q1, double q2, double q12, double[] out) {
        rule.evaluate(q1, q2, q12, out);
    }

    @Override
    public String method() {
        double[] breakpoints = rule.breakpoints();
        QuadratureOptions options = rule.options();
        String how = breakpoints.length == 0
                ? (options.fixedOrder() > 0 ? "Gauss-Hermite, " + options.fixedOrder() + " nodes per dimension"
                        : "adaptive Gauss-Hermite")
                : "quadrature split at " + describe(breakpoints);
        return "numerical: " + how;
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
