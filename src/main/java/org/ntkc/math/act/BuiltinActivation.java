package org.ntkc.math.act;

import static org.ntkc.math.act.Parameter.bounded;
import static org.ntkc.math.act.Parameter.nonNegative;
import static org.ntkc.math.act.Parameter.real;
import static org.ntkc.math.act.Parameter.requiredInteger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.ntkc.math.dual.ClosedForms;

import org.ntkc.math.sym.Fn;
import org.ntkc.math.sym.Sym;
import org.ntkc.math.sym.Symbolic;

/**
 * The built-in activations of the language (LANGUAGE.md, "Activations"): their parameters with defaults and ranges,
 * their symbolic φ, and their closed-form duals where one exists. Everything else about an activation follows from
 * the symbolic form: its derivative, its breakpoints, and how it fuses with a neighbour.
 */
public enum BuiltinActivation {
    IDENTITY,
    RELU,
    LEAKY_RELU(real("alpha", 0.01)),
    ABRELU(real("a", 0), real("b", 1)),
    ABS,
    ERF(real("a", 1), real("b", 1), real("c", 0)),
    GELU,
    SIN(real("a", 1), real("b", 1), real("c", 0)),
    COS(real("a", 1), real("b", 1), real("c", 0)),
    EXP(real("a", 1), real("b", 1)),
    GAUSSIAN(real("a", 1), bounded("b", -1, -1e4, 1e4)),
    RBF(nonNegative("gamma", 1)),
    MONOMIAL(requiredInteger("degree", 0, ClosedForms.Monomial.MAX_DEGREE)),
    RECTIFIED_MONOMIAL(requiredInteger("degree", 0, ClosedForms.RectifiedMonomial.MAX_DEGREE)),
    SIGN,
    TANH,
    SIGMOID,
    SOFTPLUS,
    SILU,
    ELU(real("alpha", 1)),
    SELU;

    /** SELU's constants (Klambauer et al. 2017). */
    public static final double SELU_LAMBDA = 1.0507009873554805;
    public static final double SELU_ALPHA = 1.6732632423543772;

    private final List<Parameter> parameters;

    BuiltinActivation(Parameter... parameters) {
        this.parameters = List.of(parameters);
    }

    /** The name used in specs, e.g. {@code leaky_relu}. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** Looks a built-in up by its spelling; {@code swish} is another name for {@code silu}. */
    public static Optional<BuiltinActivation> bySpelling(String name) {
        if (name.equals("swish")) {
            return Optional.of(SILU);
        }
        for (BuiltinActivation b : values()) {
            if (b.spelling().equals(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** Every name a built-in answers to, sorted: the candidates for "did you mean". */
    public static List<String> spellings() {
        TreeSet<String> names = new TreeSet<>();
        for (BuiltinActivation b : values()) {
            names.add(b.spelling());
        }
        names.add("swish");
        return new ArrayList<>(names);
    }

    /** The activation with all parameters at their defaults (only for built-ins without required parameters). */
    public Activation withDefaults() {
        double[] values = new double[parameters.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parameters.get(i).defaultValue().orElseThrow();
        }
        return create(values);
    }

    /** The activation for checked argument values, one per parameter in declaration order. */
    public Activation create(double[] v) {
        if (v.length != parameters.size()) {
            throw new IllegalArgumentException(spelling() + " takes " + parameters.size() + " values");
        }
        String label = label(v);
        Sym x = Sym.x();
        return switch (this) {
            case IDENTITY -> Activation.closedForm(label, x, new ClosedForms.Identity());
            case RELU -> abRelu(label, 0, 1);
            case LEAKY_RELU -> abRelu(label, v[0], 1);
            case ABRELU -> abRelu(label, v[0], v[1]);
            case ABS -> Activation.closedForm(label, Sym.call(Fn.ABS, x), new ClosedForms.ABRelu(-1, 1));
            case ERF -> Activation.closedForm(label, affine(v[0], Sym.call(Fn.ERF, scaled(v[1], x)), v[2]),
                        new ClosedForms.Erf(v[0], v[1], v[2]));
            // gelu: x·Φ(x) = x·(1 + erf(x/√2))/2
            case GELU -> Activation.closedForm(label,
                        Sym.mul(Sym.mul(Sym.c(0.5), x),
                                Sym.add(Sym.c(1), Sym.call(Fn.ERF, Sym.mul(Sym.c(Math.sqrt(0.5)), x)))),
                        new ClosedForms.Gelu());
            case SIN -> Activation.closedForm(label,
                        scaled(v[0], Sym.call(Fn.SIN, Sym.add(scaled(v[1], x), Sym.c(v[2])))),
                        new ClosedForms.Sinusoid(v[0], v[1], v[2], false));
            case COS -> Activation.closedForm(label,
                        scaled(v[0], Sym.call(Fn.COS, Sym.add(scaled(v[1], x), Sym.c(v[2])))),
                        new ClosedForms.Sinusoid(v[0], v[1], v[2], true));
            case EXP -> Activation.closedForm(label, scaled(v[0], Sym.call(Fn.EXP, scaled(v[1], x))),
                        new ClosedForms.Exp(v[0], v[1]));
            case GAUSSIAN -> Activation.closedForm(label,
                        scaled(v[0], Sym.call(Fn.EXP, scaled(v[1], Sym.pow(x, Sym.c(2))))),
                        new ClosedForms.Gaussian(v[0], v[1]));
            case RBF -> Activation.closedForm(label,
                        scaled(Math.sqrt(2), Sym.call(Fn.SIN,
                                Sym.add(scaled(Math.sqrt(2 * v[0]), x), Sym.c(Math.PI / 4)))),
                        new ClosedForms.Rbf(v[0]));
            case MONOMIAL -> Activation.closedForm(label, Sym.pow(x, Sym.c(v[0])),
                        new ClosedForms.Monomial((int) v[0]));
            case RECTIFIED_MONOMIAL -> {
                int n = (int) v[0];
                Sym phi = n == 0 ? Sym.call(Fn.STEP, x) : Sym.pow(Sym.call(Fn.RELU, x), Sym.c(n));
                yield Activation.closedForm(label, phi, new ClosedForms.RectifiedMonomial(n));
            }
            case SIGN -> Activation.closedForm(label, Sym.call(Fn.SIGN, x), new ClosedForms.Sign());
            case TANH -> Activation.numerical(label, Sym.call(Fn.TANH, x));
            case SIGMOID -> Activation.numerical(label, Sym.call(Fn.SIGMOID, x));
            case SOFTPLUS -> Activation.numerical(label, Sym.call(Fn.SOFTPLUS, x));
            case SILU -> Activation.numerical(label, Sym.mul(x, Sym.call(Fn.SIGMOID, x)));
            case ELU -> Activation.numerical(label, elu(v[0]));
            case SELU -> Activation.numerical(label, scaled(SELU_LAMBDA, elu(SELU_ALPHA)));
        };
    }

    private static Activation abRelu(String label, double a, double b) {
        Sym x = Sym.x();
        Sym phi = Sym.add(scaled(a, Sym.call(Fn.MIN, x, Sym.c(0))), scaled(b, Sym.call(Fn.MAX, x, Sym.c(0))));
        return Activation.closedForm(label, phi, new ClosedForms.ABRelu(a, b));
    }

    /** elu(x; α) = max(x, 0) + α·(exp(min(x, 0)) − 1): one formula for both sides, so φ′ follows by the chain rule. */
    private static Sym elu(double alpha) {
        Sym x = Sym.x();
        return Sym.add(Sym.call(Fn.MAX, x, Sym.c(0)),
                scaled(alpha, Sym.sub(Sym.call(Fn.EXP, Sym.call(Fn.MIN, x, Sym.c(0))), Sym.c(1))));
    }

    private static Sym scaled(double c, Sym e) {
        return Sym.mul(Sym.c(c), e);
    }

    private static Sym affine(double a, Sym e, double c) {
        return Sym.add(scaled(a, e), Sym.c(c));
    }

    /** "leaky_relu(alpha = 0.1)": the spelling, with the parameters that differ from their defaults. */
    private String label(double[] v) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            Parameter p = parameters.get(i);
            if (p.defaultValue().isEmpty() || p.defaultValue().getAsDouble() != v[i]) {
                parts.add(p.name() + " = " + Symbolic.formatNumber(v[i]));
            }
        }
        return parts.isEmpty() ? spelling() : spelling() + "(" + String.join(", ", parts) + ")";
    }
}
