package org.ntkc.sema;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.diag.SourceSpan;
import org.ntkc.lang.tree.ActivationDecl;
import org.ntkc.lang.tree.Expr;
import org.ntkc.math.act.Activation;
import org.ntkc.math.act.BuiltinActivation;
import org.ntkc.math.sym.Fn;
import org.ntkc.math.sym.Sym;
import org.ntkc.math.sym.Symbolic;

/**
 * The custom activations of one file ({@code activation NAME(x) = EXPR}): checks their declarations, resolves each
 * formula to a symbolic expression (once, on first use, so declaration order does not matter), and finds calls
 * that loop back to themselves. A formula may call the math functions, the built-in activations that need no
 * argument (with their defaults), and other custom activations.
 */
final class CustomActivations {
    private static final Set<String> CONSTANTS = Set.of("pi", "e");
    /**
     * Operations (nodes of the expanded formula, calls to other activations substituted) allowed in φ and in φ′: the
     * symbolic algebra, the quadrature and the generated methods all grow with them.
     */
    static final int MAX_FORMULA_NODES = 5000;

    private final Diagnostics diagnostics;
    private final Map<String, ActivationDecl> declarations = new LinkedHashMap<>();
    private final Map<String, Optional<Activation>> resolved = new HashMap<>();
    private final Map<String, Set<String>> calls = new HashMap<>();
    private final Deque<String> resolving = new ArrayDeque<>();
    private final Map<String, Boolean> domainChecked = new HashMap<>();

    CustomActivations(List<ActivationDecl> decls, Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        for (ActivationDecl decl : decls) {
            String name = decl.name().text();
            ActivationDecl first = declarations.get(name);
            if (first != null) {
                diagnostics.report(DiagnosticCode.DUPLICATE_ACTIVATION, decl.name().span(), name,
                        first.name().span().line());
                continue;
            }
            if (BuiltinActivation.bySpelling(name).isPresent()) {
                diagnostics.report(DiagnosticCode.SHADOWS_BUILTIN, decl.name().span(), name);
                continue;
            }
            String param = decl.parameter().text();
            if (CONSTANTS.contains(param)) {
                diagnostics.report(DiagnosticCode.BAD_PARAMETER_NAME, decl.parameter().span(), name, param,
                        "that is the constant " + param);
            }
            declarations.put(name, decl);
        }
    }

    boolean isDeclared(String name) {
        return declarations.containsKey(name);
    }

    Set<String> names() {
        return declarations.keySet();
    }

    /** Resolves every declaration, so that errors in unused ones are reported too. */
    void resolveAll() {
        for (String name : declarations.keySet()) {
            lookup(name);
        }
    }

    /** The activation declared as {@code name}, or empty when its declaration has errors (already reported). */
    Optional<Activation> lookup(String name) {
        Optional<Activation> done = resolved.get(name);
        if (done != null) {
            return done;
        }
        ActivationDecl decl = declarations.get(name);
        resolving.push(name);
        calls.put(name, new LinkedHashSet<>());
        int errorsBefore = (int) diagnostics.errorCount();
        Sym body = decl.body().accept(new Resolver(decl));
        resolving.pop();
        Optional<Activation> result = Optional.empty();
        if (diagnostics.errorCount() == errorsBefore && body != null) {
            long size = Symbolic.size(body);
            if (size > MAX_FORMULA_NODES) {
                diagnostics.report(DiagnosticCode.FORMULA_TOO_LARGE, decl.name().span(),
                        "activation '" + name + "' expands to " + size + " operations", MAX_FORMULA_NODES);
            } else {
                Activation a = Activation.numerical(name, body);
                if (withinLimits(a, decl.name().span(), "activation '" + name + "'", diagnostics)) {
                    result = Optional.of(a);
                }
            }
        }
        resolved.put(name, result);
        return result;
    }

    /**
     * The activation declared as {@code name}, for a layer of a network: also checked where it leaves its domain
     * (once, reported at its declaration), which a formula used only inside another with a safe argument may do.
     */
    Optional<Activation> use(String name) {
        Optional<Activation> a = lookup(name);
        if (a.isEmpty()) {
            return a;
        }
        Boolean fine = domainChecked.get(name);
        if (fine == null) {
            ActivationDecl decl = declarations.get(name);
            fine = finiteOnItsDomain(a.get(), decl.name().span(), "activation '" + name + "'", diagnostics);
            domainChecked.put(name, fine);
        }
        return fine ? a : Optional.empty();
    }

    /** φ and φ′ within {@link #MAX_FORMULA_NODES}; reports at {@code span} otherwise. */
    static boolean withinLimits(Activation a, SourceSpan span, String what, Diagnostics diagnostics) {
        long phi = Symbolic.size(a.phi());
        long dphi = Symbolic.size(a.derivative());
        if (phi > MAX_FORMULA_NODES) {
            diagnostics.report(DiagnosticCode.FORMULA_TOO_LARGE, span, what + " expands to " + phi + " operations",
                    MAX_FORMULA_NODES);
            return false;
        }
        if (dphi > MAX_FORMULA_NODES) {
            diagnostics.report(DiagnosticCode.FORMULA_TOO_LARGE, span, "the derivative of " + what + " has " + dphi
                    + " operations", MAX_FORMULA_NODES);
            return false;
        }
        return true;
    }

    /** φ and φ′ finite and Gaussian-integrable as far as the formula shows ({@link Domains}); reports otherwise. */
    static boolean finiteOnItsDomain(Activation a, SourceSpan span, String what, Diagnostics diagnostics) {
        Optional<String> problem = Domains.problem(a);
        problem.ifPresent(p -> diagnostics.report(DiagnosticCode.ACTIVATION_NOT_FINITE, span, what + ": " + p));
        return problem.isEmpty();
    }

    /**
     * {@code callee} with its variable replaced by {@code arg}, unless that would exceed {@link #MAX_FORMULA_NODES}
     * (a chain of activations that each call the previous one twice doubles at every link): null then, reported.
     */
    private Sym substitute(Sym callee, Sym arg, String calleeName, Expr.Call call, ActivationDecl decl) {
        long size = Symbolic.size(callee);
        long uses = Symbolic.occurrences(callee);
        long argSize = Symbolic.size(arg);
        long predicted = uses == 0 ? size
                : argSize - 1 > (Long.MAX_VALUE - size) / uses ? Long.MAX_VALUE : size + uses * (argSize - 1);
        if (predicted > MAX_FORMULA_NODES) {
            diagnostics.report(DiagnosticCode.FORMULA_TOO_LARGE, call.span(), "activation '" + decl.name().text()
                    + "' grows to " + (predicted == Long.MAX_VALUE ? "more than 2^63" : Long.toString(predicted))
                    + " operations where '" + calleeName + "' is substituted here", MAX_FORMULA_NODES);
            return null;
        }
        return Symbolic.substitute(callee, arg);
    }

    /** Names reachable from {@code used} through calls between custom activations. */
    Set<String> reachableFrom(Set<String> used) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(used);
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (seen.add(n)) {
                todo.addAll(calls.getOrDefault(n, Set.of()));
            }
        }
        return seen;
    }

    /** Warns about declarations no network uses, directly or through another custom activation. */
    void reportUnused(Set<String> usedByNetworks) {
        Set<String> reachable = reachableFrom(usedByNetworks);
        for (ActivationDecl decl : declarations.values()) {
            if (!reachable.contains(decl.name().text())) {
                diagnostics.report(DiagnosticCode.UNUSED_ACTIVATION, decl.name().span(), decl.name().text());
            }
        }
    }

    /** Every name a formula may call, for "did you mean". */
    private List<String> callableNames() {
        List<String> names = new ArrayList<>();
        for (Fn fn : Fn.values()) {
            if (fn.isUserFunction()) {
                names.add(fn.sourceName());
            }
        }
        names.addAll(declarations.keySet());
        for (BuiltinActivation b : BuiltinActivation.values()) {
            if (b.parameters().stream().allMatch(p -> p.defaultValue().isPresent())) {
                names.add(b.spelling());
            }
        }
        return names;
    }

    /** Expression to Sym for one declaration; null marks a part that could not be resolved (already reported). */
    private final class Resolver implements Expr.Visitor<Sym> {
        private final ActivationDecl decl;

        Resolver(ActivationDecl decl) {
            this.decl = decl;
        }

        @Override
        public Sym visitLiteral(Expr.Literal literal) {
            return Sym.c(literal.value().value());
        }

        @Override
        public Sym visitVariable(Expr.Variable variable) {
            String name = variable.name().text();
            if (name.equals(decl.parameter().text())) {
                return Sym.x();
            }
            if (name.equals("pi")) {
                return Sym.c(Math.PI);
            }
            if (name.equals("e")) {
                return Sym.c(Math.E);
            }
            diagnostics.reportWithSuggestion(DiagnosticCode.UNKNOWN_VARIABLE, variable.span(), name,
                    List.of(decl.parameter().text(), "pi", "e"), name, decl.name().text(), decl.parameter().text());
            return null;
        }

        @Override
        public Sym visitNegate(Expr.Negate negate) {
            Sym operand = negate.operand().accept(this);
            return operand == null ? null : Sym.neg(operand);
        }

        @Override
        public Sym visitBinary(Expr.Binary binary) {
            Sym left = binary.left().accept(this);
            Sym right = binary.right().accept(this);
            if (left == null || right == null) {
                return null;
            }
            return switch (binary.op()) {
                case ADD -> Sym.add(left, right);
                case SUBTRACT -> Sym.sub(left, right);
                case MULTIPLY -> Sym.mul(left, right);
                case DIVIDE -> Sym.div(left, right);
                case POWER -> Sym.pow(left, right);
            };
        }

        @Override
        public Sym visitCall(Expr.Call call) {
            String name = call.function().text();
            List<Sym> args = new ArrayList<>();
            boolean ok = true;
            for (Expr a : call.args()) {
                Sym s = a.accept(this);
                ok &= s != null;
                args.add(s);
            }
            Optional<Fn> fn = Fn.byUserName(name);
            int arity = fn.map(Fn::arity).orElse(1);
            boolean known = fn.isPresent() || declarations.containsKey(name) || usableBuiltin(name).isPresent();
            if (!known) {
                diagnostics.reportWithSuggestion(DiagnosticCode.UNKNOWN_FUNCTION, call.function().span(), name,
                        callableNames(), name, decl.name().text());
                return null;
            }
            if (args.size() != arity) {
                diagnostics.report(DiagnosticCode.WRONG_ARITY, call.span(), "'" + name + "'",
                        arity == 1 ? "1 argument" : arity + " arguments", args.size());
                return null;
            }
            if (fn.isPresent()) {
                return ok ? Sym.call(fn.get(), args.toArray(new Sym[0])) : null;
            }
            if (declarations.containsKey(name)) {
                calls.get(decl.name().text()).add(name);
                if (resolving.contains(name)) {
                    diagnostics.report(DiagnosticCode.RECURSIVE_ACTIVATION, call.function().span(), name,
                            cycle(name));
                    return null;
                }
                Optional<Activation> callee = lookup(name);
                return ok && callee.isPresent() ? substitute(callee.get().phi(), args.get(0), name, call, decl) : null;
            }
            Activation builtin = usableBuiltin(name).orElseThrow();
            return ok ? substitute(builtin.phi(), args.get(0), name, call, decl) : null;
        }

        /** "f -> g -> f", from where {@code name} was first entered to the call that re-enters it. */
        private String cycle(String name) {
            List<String> chain = new ArrayList<>();
            for (String n : resolving) {
                chain.add(0, n);
                if (n.equals(name)) {
                    break;
                }
            }
            chain.add(name);
            return String.join(" -> ", chain);
        }
    }

    private static Optional<Activation> usableBuiltin(String name) {
        return BuiltinActivation.bySpelling(name)
                .filter(b -> b.parameters().stream().allMatch(p -> p.defaultValue().isPresent()))
                .map(BuiltinActivation::withDefaults);
    }
}
