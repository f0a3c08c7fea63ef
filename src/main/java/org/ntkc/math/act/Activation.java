package org.ntkc.math.act;

import java.util.Optional;
import org.ntkc.math.dual.Dual;
import org.ntkc.math.dual.QuadratureDual;
import org.ntkc.runtime.quad.QuadratureOptions;
import org.ntkc.math.sym.Breakpoints;
import org.ntkc.math.sym.Sym;
import org.ntkc.math.sym.Symbolic;

/**
 * An elementwise activation as the compiler sees it: a readable label, the symbolic φ and its derivative φ′, the
 * breakpoints where φ or φ′ is not smooth, and the closed-form dual when there is one. Built-ins come from
 * {@link BuiltinActivation}; custom activations from their formula; two in a row are fused with {@link #then}.
 */
public final class Activation {
    private final String label;
    private final Sym phi;
    private final Sym derivative;
    private final double[] breakpoints;
    private final Dual closedForm;

    private Activation(String label, Sym phi, Dual closedForm) {
        this.label = label;
        this.phi = Symbolic.simplify(phi);
        this.derivative = Symbolic.derivative(this.phi);
        this.breakpoints = Breakpoints.of(this.phi);
        this.closedForm = closedForm;
    }

    /** An activation whose dual has a closed form. */
    public static Activation closedForm(String label, Sym phi, Dual dual) {
        return new Activation(label, phi, dual);
    }

    /** An activation integrated numerically (no closed form known). */
    public static Activation numerical(String label, Sym phi) {
        return new Activation(label, phi, null);
    }

    /**
     * This activation followed by {@code outer}, with no dense layer between: φ = outer∘this. The input of the second
     * is not Gaussian, so the pair is one step (MATH.md §2), integrated numerically unless one of them is the identity.
     */
    public Activation then(Activation outer) {
        if (outer.isIdentity()) {
            return this;
        }
        if (isIdentity()) {
            return outer;
        }
        return numerical(label + " -> " + outer.label, Symbolic.substitute(outer.phi, phi));
    }

    private boolean isIdentity() {
        return phi instanceof Sym.Var;
    }

    public String label() {
        return label;
    }

    public Sym phi() {
        return phi;
    }

    public Sym derivative() {
        return derivative;
    }

    /** Sorted points where φ or φ′ is not smooth; empty for smooth activations. */
    public double[] breakpoints() {
        return breakpoints.clone();
    }

    public Optional<Dual> closedFormDual() {
        return Optional.ofNullable(closedForm);
    }

    /** True when the dual is computed by quadrature. */
    public boolean isNumerical() {
        return closedForm == null;
    }

    /** The dual used to evaluate this activation: the closed form, or quadrature with {@code options}. */
    public Dual dual(QuadratureOptions options) {
        return closedForm != null ? closedForm : new QuadratureDual(phi, derivative, breakpoints, options);
    }

    @Override
    public String toString() {
        return label;
    }
}
