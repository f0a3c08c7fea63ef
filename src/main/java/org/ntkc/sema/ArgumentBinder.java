package org.ntkc.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.diag.SourceSpan;
import org.ntkc.lang.tree.Arg;
import org.ntkc.lang.tree.Name;
import org.ntkc.math.act.Parameter;

/**
 * Binds the arguments of an activation use ({@code leaky_relu(0.1)}, {@code erf(b = 2)}) to its parameters:
 * positional in order, then named; defaults fill the rest. Reports every problem with the arguments, not just the
 * first, and yields values only when there was none.
 */
final class ArgumentBinder {
    private final Diagnostics diagnostics;

    ArgumentBinder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * Values for {@code parameters} (declaration order) from {@code args}, or empty after reporting why not.
     * {@code what} names the callee in messages, e.g. "leaky_relu".
     */
    Optional<double[]> bind(String what, List<Parameter> parameters, List<Arg> args, SourceSpan callSpan) {
        int errorsBefore = (int) diagnostics.errorCount();
        double[] values = new double[parameters.size()];
        boolean[] given = new boolean[parameters.size()];
        int position = 0;
        boolean named = false;
        boolean tooMany = false;
        List<String> names = new ArrayList<>();
        for (Parameter p : parameters) {
            names.add(p.name());
        }
        for (Arg arg : args) {
            int index;
            if (arg.name().isPresent()) {
                named = true;
                Name name = arg.name().get();
                index = names.indexOf(name.text());
                if (index < 0) {
                    if (parameters.isEmpty()) {
                        diagnostics.report(DiagnosticCode.TOO_MANY_ARGUMENTS, name.span(), what, "no arguments",
                                args.size());
                        return Optional.empty();
                    }
                    diagnostics.reportWithSuggestion(DiagnosticCode.UNKNOWN_ARGUMENT, name.span(), name.text(), names,
                            what, name.text());
                    continue;
                }
                if (given[index]) {
                    diagnostics.report(DiagnosticCode.DUPLICATE_ARGUMENT, name.span(), name.text());
                    continue;
                }
            } else {
                if (position >= parameters.size()) {
                    if (!tooMany) {
                        diagnostics.report(DiagnosticCode.TOO_MANY_ARGUMENTS, arg.span(), what,
                                takes(parameters), positionalCount(args));
                        tooMany = true;
                    }
                    continue;
                }
                if (named) {
                    diagnostics.report(DiagnosticCode.POSITIONAL_AFTER_NAMED, arg.span(),
                            parameters.get(position).name(), arg.value().text());
                }
                index = position++;
            }
            given[index] = true;
            Parameter p = parameters.get(index);
            double v = arg.value().value();
            if (!p.accepts(v)) {
                diagnostics.report(DiagnosticCode.ARGUMENT_OUT_OF_RANGE, arg.value().span(),
                        "'" + p.name() + "' of " + what + " must be " + p.rangeDescription() + ", got "
                                + arg.value().text());
            }
            values[index] = v;
        }
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (!given[i]) {
                if (p.defaultValue().isEmpty()) {
                    diagnostics.report(DiagnosticCode.MISSING_ARGUMENT, callSpan, what, p.name(),
                            what + "(" + (long) Math.max(p.min(), Math.min(2, p.max())) + ")");
                } else {
                    values[i] = p.defaultValue().getAsDouble();
                }
            }
        }
        return diagnostics.errorCount() > errorsBefore ? Optional.empty() : Optional.of(values);
    }

    private static long positionalCount(List<Arg> args) {
        return args.stream().filter(a -> a.name().isEmpty()).count();
    }

    /** "no arguments", "at most 1 argument (alpha)", "at most 3 arguments (a, b, c)". */
    static String takes(List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            return "no arguments";
        }
        List<String> names = new ArrayList<>();
        for (Parameter p : parameters) {
            names.add(p.name());
        }
        return "at most " + parameters.size() + (parameters.size() == 1 ? " argument (" : " arguments (")
                + String.join(", ", names) + ")";
    }
}
