package org.ntkc.sema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.HashMap;
import javax.lang.model.SourceVersion;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.diag.SourceSpan;
import org.ntkc.runtime.Parameterization;
import org.ntkc.lang.tree.ActivationRef;
import org.ntkc.lang.tree.Arg;
import org.ntkc.lang.tree.Name;
import org.ntkc.lang.tree.NetworkDecl;
import org.ntkc.lang.tree.Num;
import org.ntkc.lang.tree.SettingValue;
import org.ntkc.lang.tree.Statement;
import org.ntkc.math.act.Activation;
import org.ntkc.math.act.BuiltinActivation;
import org.ntkc.math.act.Parameter;
import org.ntkc.math.sym.Sym;
import org.ntkc.math.sym.Symbolic;

/**
 * Checks one network and builds its {@link NetworkModel}. Every statement is checked once, where it is written
 * (so an error inside {@code repeat 3 { … }} is reported once, not three times); only then is {@code repeat}
 * expanded and are the network-wide defaults applied to each dense layer.
 */
final class NetworkChecker {
    /** A guard against {@code repeat} nests that expand to absurd depths. */
    static final int MAX_LAYERS = 1_000;
    /** Nodes per dimension allowed for {@code quadrature = N}. */
    static final int MIN_QUADRATURE = 2;
    static final int MAX_QUADRATURE = 256;

    static final String WEIGHT_STD = "weight_std";
    static final String BIAS_STD = "bias_std";
    static final String PARAMETERIZATION = "parameterization";
    static final String QUADRATURE = "quadrature";
    private static final List<String> SETTINGS = List.of(WEIGHT_STD, BIAS_STD, PARAMETERIZATION, QUADRATURE);
    private static final List<String> DENSE_PARAMETERS = List.of(WEIGHT_STD, BIAS_STD);
    private static final Set<String> RESTRICTED_TYPE_NAMES = Set.of("var", "yield", "record", "sealed", "permits");

    private final CustomActivations customs;
    private final Diagnostics diagnostics;
    private final ArgumentBinder binder;
    private final Set<String> usedCustoms;
    private final Map<Sym, Boolean> checkedBuiltins = new HashMap<>();

    NetworkChecker(CustomActivations customs, Diagnostics diagnostics, Set<String> usedCustoms) {
        this.customs = customs;
        this.diagnostics = diagnostics;
        this.binder = new ArgumentBinder(diagnostics);
        this.usedCustoms = usedCustoms;
    }

    /** A layer statement after its own checks, before expansion. */
    private sealed interface Item {
    }

    private record DenseItem(int width, Double weightStd, Double biasStd, SourceSpan span,
                             List<Layer.Elementwise> activations) implements Item {
    }

    private record ActivationItem(Layer.Elementwise layer) implements Item {
    }

    private record RepeatItem(int count, List<Item> body) implements Item {
    }

    private record ResidualItem(double scale, List<Item> body, SourceSpan header, SourceSpan block) implements Item {
    }

    private record LayerNormItem(SourceSpan span) implements Item {
    }

    /** Mutable state of one network's check. */
    private final class Scope {
        final NetworkDecl decl;
        Statement.Input input;
        boolean layerSeen;
        final Map<String, Statement.Setting> settings = new LinkedHashMap<>();
        double weightStd = 1.0;
        double biasStd = 0.0;
        Parameterization parameterization = Parameterization.NTK;
        OptionalInt quadrature = OptionalInt.empty();
        /** Layers expanded so far, residual bodies included. */
        int expanded;

        Scope(NetworkDecl decl) {
            this.decl = decl;
        }
    }

    Optional<NetworkModel> check(NetworkDecl decl) {
        int errorsBefore = (int) diagnostics.errorCount();
        Scope scope = new Scope(decl);
        classNameProblem(decl.name().text()).ifPresent(why ->
                diagnostics.report(DiagnosticCode.BAD_CLASS_NAME, decl.name().span(), decl.name().text(), why));
        List<Item> items = block(scope, decl.body(), true);
        if (scope.input == null) {
            diagnostics.report(DiagnosticCode.MISSING_INPUT, decl.name().span(), decl.name().text());
        }
        if (diagnostics.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        List<Layer> layers = new ArrayList<>();
        int inputDim = scope.input.dimension().intValue();
        if (!expand(scope, items, layers, new int[] {inputDim})) {
            diagnostics.report(DiagnosticCode.TOO_DEEP, decl.name().span(), decl.name().text(), MAX_LAYERS);
            return Optional.empty();
        }
        List<Runnable> fusedWarnings = new ArrayList<>();
        if (!fusedWithinLimits(layers, fusedWarnings)) {
            return Optional.empty();
        }
        Feed raw = new Feed(Feed.Kind.RAW, "the raw input", scope.input.span().line());
        flow(layers, raw, new int[] {inputDim}, new java.util.HashSet<>());
        if (diagnostics.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        if (layers.stream().noneMatch(l -> l instanceof Layer.Dense)) {
            diagnostics.report(DiagnosticCode.NO_DENSE_LAYER, decl.name().span(), decl.name().text());
            return Optional.empty();
        }
        fusedWarnings.forEach(Runnable::run);
        Statement.Setting quadratureSetting = scope.settings.get(QUADRATURE);
        return Optional.of(new NetworkModel(decl.name().text(), inputDim, scope.input.span(), scope.parameterization,
                scope.quadrature,
                quadratureSetting == null ? null : quadratureSetting.span(), layers, decl.span()));
    }

    private List<Item> block(Scope scope, List<Statement> statements, boolean topLevel) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            Statement s = statements.get(i);
            boolean first = topLevel && i == 0;
            Item item = s.accept(new Statement.Visitor<Item>() {
                @Override
                public Item visitInput(Statement.Input input) {
                    input(scope, input, first);
                    return null;
                }

                @Override
                public Item visitSetting(Statement.Setting setting) {
                    setting(scope, setting);
                    return null;
                }

                @Override
                public Item visitDense(Statement.Dense dense) {
                    scope.layerSeen = true;
                    return dense(dense);
                }

                @Override
                public Item visitResidual(Statement.Residual residual) {
                    scope.layerSeen = true;
                    return NetworkChecker.this.residual(scope, residual);
                }

                @Override
                public Item visitLayerNorm(Statement.LayerNorm layerNorm) {
                    scope.layerSeen = true;
                    return new LayerNormItem(layerNorm.span());
                }

                @Override
                public Item visitActivation(Statement.Activation activation) {
                    scope.layerSeen = true;
                    Activation a = activation(activation.activation());
                    return a == null ? null : new ActivationItem(new Layer.Elementwise(a, activation.span()));
                }

                @Override
                public Item visitRepeat(Statement.Repeat repeat) {
                    scope.layerSeen = true;
                    Num count = repeat.count();
                    boolean countOk = count.isWholeNumber() && count.value() >= 1;
                    if (!countOk) {
                        diagnostics.report(DiagnosticCode.BAD_REPEAT_COUNT, count.span(), count.text());
                    }
                    List<Item> body = block(scope, repeat.body(), false);
                    return countOk ? new RepeatItem(count.intValue(), body) : null;
                }
            });
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    /** The one parameter of a residual block: scale, default 1, checked to be > 0 below. */
    private static final List<Parameter> RESIDUAL_PARAMETERS = List.of(new Parameter("scale",
            java.util.OptionalDouble.of(1.0), false, -Parameter.LARGEST, Parameter.LARGEST));

    private Item residual(Scope scope, Statement.Residual residual) {
        SourceSpan header = residual.args().isEmpty() ? residual.keyword()
                : residual.keyword().to(residual.args().get(residual.args().size() - 1).span());
        Optional<double[]> bound = binder.bind("residual", RESIDUAL_PARAMETERS, residual.args(), residual.keyword());
        boolean ok = bound.isPresent();
        if (ok && !(bound.get()[0] > 0)) {
            Arg given = residual.args().get(0);
            diagnostics.report(DiagnosticCode.BAD_RESIDUAL_SCALE, given.value().span(), given.value().text());
            ok = false;
        }
        List<Item> body = block(scope, residual.body(), false);
        if (residual.body().isEmpty()) {
            diagnostics.report(DiagnosticCode.EMPTY_RESIDUAL, header);
            return null;
        }
        Statement last = residual.body().get(residual.body().size() - 1);
        while (last instanceof Statement.Repeat r && !r.body().isEmpty()) {
            last = r.body().get(r.body().size() - 1);
        }
        String ending = lastLayerProblem(last);
        if (ending != null) {
            diagnostics.report(DiagnosticCode.RESIDUAL_LAST_NOT_DENSE, last.span(), ending);
            ok = false;
        }
        return ok ? new ResidualItem(bound.get()[0], body, header, residual.span()) : null;
    }

    /** What a residual block's last statement is, in words, if it is not a dense layer without activations. */
    private static String lastLayerProblem(Statement last) {
        return last.accept(new Statement.Visitor<String>() {
            @Override
            public String visitInput(Statement.Input input) {
                return null; // reported as misplaced input
            }

            @Override
            public String visitSetting(Statement.Setting setting) {
                return null; // reported as a setting after a layer
            }

            @Override
            public String visitDense(Statement.Dense dense) {
                return dense.activations().isEmpty() ? null : "the activation '"
                        + dense.activations().get(dense.activations().size() - 1).name().text() + "'";
            }

            @Override
            public String visitResidual(Statement.Residual residual) {
                return "another residual block";
            }

            @Override
            public String visitLayerNorm(Statement.LayerNorm layerNorm) {
                return "layer_norm";
            }

            @Override
            public String visitActivation(Statement.Activation activation) {
                return "the activation '" + activation.activation().name().text() + "'";
            }

            @Override
            public String visitRepeat(Statement.Repeat repeat) {
                return repeat.body().isEmpty() ? "an empty repeat block"
                        : lastLayerProblem(repeat.body().get(repeat.body().size() - 1));
            }
        });
    }

    private void input(Scope scope, Statement.Input input, boolean first) {
        if (scope.input != null) {
            diagnostics.report(DiagnosticCode.REPEATED_INPUT, input.span(), scope.input.span().line());
            return;
        }
        if (!first) {
            diagnostics.report(DiagnosticCode.INPUT_NOT_FIRST, input.span());
        }
        checkWidth("the input dimension", input.dimension());
        scope.input = input;
    }

    private boolean checkWidth(String what, Num width) {
        if (width.isWholeNumber() && width.value() >= 1) {
            return true;
        }
        diagnostics.report(DiagnosticCode.BAD_WIDTH, width.span(), what, width.text());
        return false;
    }

    private void setting(Scope scope, Statement.Setting setting) {
        Name name = setting.name();
        if (!SETTINGS.contains(name.text())) {
            diagnostics.reportWithSuggestion(DiagnosticCode.UNKNOWN_SETTING, name.span(), name.text(), SETTINGS,
                    name.text());
            return;
        }
        if (scope.layerSeen) {
            diagnostics.report(DiagnosticCode.SETTING_AFTER_LAYER, setting.span(), name.text(), name.text());
            return;
        }
        Statement.Setting earlier = scope.settings.putIfAbsent(name.text(), setting);
        if (earlier != null) {
            diagnostics.report(DiagnosticCode.REPEATED_SETTING, setting.span(), name.text(), earlier.span().line());
            return;
        }
        SettingValue value = setting.value();
        switch (name.text()) {
            case PARAMETERIZATION -> {
                String word = value instanceof Name n ? n.text() : ((Num) value).text();
                Optional<Parameterization> p = Parameterization.bySpelling(word);
                if (p.isPresent()) {
                    scope.parameterization = p.get();
                } else {
                    diagnostics.reportWithSuggestion(DiagnosticCode.BAD_SETTING_VALUE, value.span(), word,
                            List.of("ntk", "standard"),
                            "parameterization must be 'ntk' or 'standard', got '" + word + "'");
                }
            }
            case QUADRATURE -> {
                Num n = number(name, value);
                if (n != null) {
                    if (n.isWholeNumber() && n.value() >= MIN_QUADRATURE && n.value() <= MAX_QUADRATURE) {
                        scope.quadrature = OptionalInt.of(n.intValue());
                    } else {
                        diagnostics.report(DiagnosticCode.BAD_SETTING_VALUE, n.span(),
                                "quadrature must be a whole number of nodes from " + MIN_QUADRATURE + " to "
                                        + MAX_QUADRATURE + ", got " + n.text());
                    }
                }
            }
            case WEIGHT_STD -> {
                Num n = number(name, value);
                if (n != null && checkWeightStd(n)) {
                    scope.weightStd = n.value();
                }
            }
            default -> {
                Num n = number(name, value);
                if (n != null && checkBiasStd(n)) {
                    scope.biasStd = n.value();
                }
            }
        }
    }

    private Num number(Name setting, SettingValue value) {
        if (value instanceof Num n) {
            return n;
        }
        diagnostics.report(DiagnosticCode.BAD_SETTING_VALUE, value.span(),
                setting.text() + " must be a number, got '" + ((Name) value).text() + "'");
        return null;
    }

    private boolean checkWeightStd(Num n) {
        if (n.value() > 0) {
            return true;
        }
        diagnostics.report(DiagnosticCode.BAD_WEIGHT_STD, n.span(), n.text());
        return false;
    }

    private boolean checkBiasStd(Num n) {
        if (n.value() >= 0) {
            return true;
        }
        diagnostics.report(DiagnosticCode.BAD_BIAS_STD, n.span(), n.text());
        return false;
    }

    private Item dense(Statement.Dense dense) {
        boolean ok = checkWidth("a layer width", dense.width());
        Double weightStd = null;
        Double biasStd = null;
        List<String> given = new ArrayList<>();
        for (Arg arg : dense.args()) {
            if (arg.name().isEmpty()) {
                diagnostics.report(DiagnosticCode.NAMED_ONLY, arg.span(), "dense",
                        "dense " + dense.width().text() + " (weight_std = " + arg.value().text() + ")");
                ok = false;
                continue;
            }
            Name name = arg.name().get();
            if (!DENSE_PARAMETERS.contains(name.text())) {
                diagnostics.reportWithSuggestion(DiagnosticCode.UNKNOWN_ARGUMENT, name.span(), name.text(),
                        DENSE_PARAMETERS, "dense", name.text());
                ok = false;
            } else if (given.contains(name.text())) {
                diagnostics.report(DiagnosticCode.DUPLICATE_ARGUMENT, name.span(), name.text());
                ok = false;
            } else if (name.text().equals(WEIGHT_STD)) {
                given.add(name.text());
                ok &= checkWeightStd(arg.value());
                weightStd = arg.value().value();
            } else {
                given.add(name.text());
                ok &= checkBiasStd(arg.value());
                biasStd = arg.value().value();
            }
        }
        List<Layer.Elementwise> activations = new ArrayList<>();
        for (ActivationRef ref : dense.activations()) {
            Activation a = activation(ref);
            if (a == null) {
                ok = false;
            } else {
                activations.add(new Layer.Elementwise(a, ref.span()));
            }
        }
        SourceSpan span = dense.span().to(dense.args().isEmpty() ? dense.width().span()
                : dense.args().get(dense.args().size() - 1).span());
        return ok ? new DenseItem(dense.width().intValue(), weightStd, biasStd, span, activations) : null;
    }

    /** Resolves an activation use, or reports why it cannot be and returns null. */
    private Activation activation(ActivationRef ref) {
        String name = ref.name().text();
        Optional<BuiltinActivation> builtin = BuiltinActivation.bySpelling(name);
        if (builtin.isPresent()) {
            List<Parameter> params = builtin.get().parameters();
            Activation a = binder.bind(name, params, ref.args(), ref.span()).map(v -> builtin.get().create(v))
                    .orElse(null);
            return a == null || checkedBuiltins.computeIfAbsent(a.phi(), phi ->
                    CustomActivations.finiteOnItsDomain(a, ref.span(), "'" + ref.name().text() + "'", diagnostics))
                    ? a : null;
        }
        if (customs.isDeclared(name)) {
            usedCustoms.add(name);
            if (!ref.args().isEmpty()) {
                diagnostics.report(DiagnosticCode.TOO_MANY_ARGUMENTS, ref.args().get(0).span(), name, "no arguments",
                        ref.args().size());
                return null;
            }
            return customs.use(name).orElse(null);
        }
        List<String> candidates = new ArrayList<>(BuiltinActivation.spellings());
        candidates.addAll(customs.names());
        candidates.add("layer_norm");
        diagnostics.reportWithSuggestion(DiagnosticCode.UNKNOWN_ACTIVATION, ref.name().span(), name, candidates,
                name);
        return null;
    }

    /**
     * Activations in a row are fused into one φ₂∘φ₁ (by {@code ir.pass.FuseElementwisePass}, when lowering): each
     * composition must stay within the formula limits and its domain, reported at the activation that breaks them.
     * Each fusion also earns a warning (NTK100), added to {@code warnings} to be given if the network passes, once
     * per pair of spec places however many times {@code repeat} copies the pair.
     */
    private boolean fusedWithinLimits(List<Layer> layers, List<Runnable> warnings) {
        return fusedWithinLimits(layers, warnings, new java.util.HashSet<>());
    }

    /** A residual block's body fuses on its own: the checker never lets a run of activations cross its ends. */
    private boolean fusedWithinLimits(List<Layer> layers, List<Runnable> warnings, Set<List<SourceSpan>> warned) {
        Activation run = null;
        Layer.Elementwise last = null;
        boolean fused = false;
        for (Layer layer : layers) {
            if (!(layer instanceof Layer.Elementwise e)) {
                if (fused && !fusedDomain(run, last)) {
                    return false;
                }
                run = null;
                fused = false;
                if (layer instanceof Layer.Residual r && !fusedWithinLimits(r.body(), warnings, warned)) {
                    return false;
                }
                continue;
            }
            Layer.Elementwise previous = last;
            last = e;
            if (run == null) {
                run = e.activation();
                continue;
            }
            Sym outer = e.activation().phi();
            long uses = Symbolic.occurrences(outer);
            long predicted = Symbolic.size(outer) + uses * Math.min(Symbolic.size(run.phi()),
                    CustomActivations.MAX_FORMULA_NODES + 1L);
            if (predicted > CustomActivations.MAX_FORMULA_NODES) {
                diagnostics.report(DiagnosticCode.FORMULA_TOO_LARGE, e.span(), fusedWhat(e) + " expand to more than "
                        + CustomActivations.MAX_FORMULA_NODES + " operations", CustomActivations.MAX_FORMULA_NODES);
                return false;
            }
            Activation inner = run;
            Activation next = inner.then(e.activation());
            if (next != inner && next != e.activation()) {
                fused = true;
                if (!CustomActivations.withinLimits(next, e.span(), fusedWhat(e), diagnostics)) {
                    return false;
                }
            }
            if (warned.add(List.of(previous.span(), e.span()))) {
                warnings.add(() -> diagnostics.report(DiagnosticCode.FUSED_ACTIVATIONS, e.span(),
                        e.activation().label(), inner.label(), next.label()));
            }
            run = next;
        }
        return !fused || fusedDomain(run, last);
    }

    private boolean fusedDomain(Activation run, Layer.Elementwise last) {
        return CustomActivations.finiteOnItsDomain(run, last.span(), fusedWhat(last), diagnostics);
    }

    private static String fusedWhat(Layer.Elementwise e) {
        return "the activations fused into one step up to '" + e.activation().label() + "'";
    }

    /** Expands {@code repeat} and applies defaults; false if the network grows beyond {@link #MAX_LAYERS}. */
    private boolean expand(Scope scope, List<Item> items, List<Layer> out, int[] width) {
        for (Item item : items) {
            if (scope.expanded > MAX_LAYERS) {
                return false;
            }
            if (item instanceof DenseItem d) {
                out.add(new Layer.Dense(width[0], d.width(),
                        d.weightStd() != null ? d.weightStd() : scope.weightStd,
                        d.biasStd() != null ? d.biasStd() : scope.biasStd, d.span()));
                width[0] = d.width();
                out.addAll(d.activations());
                scope.expanded += 1 + d.activations().size();
            } else if (item instanceof ActivationItem a) {
                out.add(a.layer());
                scope.expanded++;
            } else if (item instanceof LayerNormItem n) {
                out.add(new Layer.LayerNorm(n.span()));
                scope.expanded++;
            } else if (item instanceof ResidualItem r) {
                List<Layer> body = new ArrayList<>();
                int[] bodyWidth = {width[0]};
                if (!expand(scope, r.body(), body, bodyWidth)) {
                    return false;
                }
                // The block keeps its input's width; a block that does not is reported by flow().
                out.add(new Layer.Residual(r.scale(), body, r.header(), r.block()));
                scope.expanded++;
            } else {
                RepeatItem r = (RepeatItem) item;
                for (int k = 0; k < r.count(); k++) {
                    if (!expand(scope, r.body(), out, width)) {
                        return false;
                    }
                }
            }
        }
        return scope.expanded <= MAX_LAYERS;
    }

    /**
     * What a layer's input is, for the Gaussian rule (MATH.md §8): the raw input, a zero-mean Gaussian (the output of
     * dense, layer_norm, or a residual block of those), an activation's output (which a following activation fuses
     * with), or a mix that is neither (a residual block around an activation's output). {@code what} and {@code line}
     * name the statement that produced it.
     */
    private record Feed(Kind kind, String what, int line) {
        enum Kind { RAW, GAUSSIAN, ACTIVATED, MIXED }
    }

    /**
     * Checks the Gaussian rule and the shapes of residual blocks over the expanded layers, each violation reported once
     * per statement however many times {@code repeat} copies it; returns what the layers' output is.
     */
    private Feed flow(List<Layer> layers, Feed in, int[] width, Set<String> reported) {
        Feed feed = in;
        for (Layer layer : layers) {
            int line = layer.span().line();
            if (layer instanceof Layer.Dense d) {
                width[0] = d.width();
                feed = new Feed(Feed.Kind.GAUSSIAN, "the output of 'dense " + d.width() + "'", line);
            } else if (layer instanceof Layer.Elementwise e) {
                if (feed.kind() == Feed.Kind.MIXED) {
                    once(reported, DiagnosticCode.NOT_GAUSSIAN, e.span(), e.activation().label(), feed.what(),
                            feed.line());
                }
                feed = new Feed(Feed.Kind.ACTIVATED, "the output of '" + e.activation().label() + "'", line);
            } else if (layer instanceof Layer.LayerNorm n) {
                if (feed.kind() != Feed.Kind.GAUSSIAN) {
                    once(reported, DiagnosticCode.LAYER_NORM_INPUT, n.span(), feed.what(), feed.line());
                }
                feed = new Feed(Feed.Kind.GAUSSIAN, "the output of 'layer_norm'", line);
            } else {
                Layer.Residual r = (Layer.Residual) layer;
                if (feed.kind() == Feed.Kind.RAW) {
                    once(reported, DiagnosticCode.RESIDUAL_ON_INPUT, r.span());
                }
                // An activation's output cannot fuse with an activation that starts the branch: the other path needs
                // it as it is.
                Feed bodyIn = feed.kind() == Feed.Kind.ACTIVATED ? new Feed(Feed.Kind.MIXED,
                        "the input of the residual block, " + feed.what(), feed.line()) : feed;
                int[] bodyWidth = {width[0]};
                flow(r.body(), bodyIn, bodyWidth, reported);
                if (bodyWidth[0] != width[0]) {
                    once(reported, DiagnosticCode.RESIDUAL_CHANGES_SHAPE, r.span(), width[0], bodyWidth[0]);
                }
                // After the error for a block on the raw input, carry on as if it were fine: one error, no cascade.
                feed = feed.kind() == Feed.Kind.GAUSSIAN || feed.kind() == Feed.Kind.RAW
                        ? new Feed(Feed.Kind.GAUSSIAN, "the output of a residual block", line)
                        : new Feed(Feed.Kind.MIXED, "the output of a residual block whose input is not Gaussian",
                        line);
            }
        }
        return feed;
    }

    private void once(Set<String> reported, DiagnosticCode code, SourceSpan span, Object... args) {
        if (reported.add(code.id() + "@" + span.location())) {
            diagnostics.report(code, span, args);
        }
    }

    /** Whether {@code name} can be a Java class name; if not, why. */
    static Optional<String> classNameProblem(String name) {
        if (SourceVersion.isKeyword(name)) {
            return Optional.of("'" + name + "' is a Java keyword");
        }
        if (RESTRICTED_TYPE_NAMES.contains(name)) {
            return Optional.of("'" + name + "' is reserved as a type name in Java");
        }
        return Optional.empty();
    }
}
