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
import org.ntkc.ir.NetworkLayer;
import org.ntkc.ir.Shape;
import org.ntkc.ir.Window;
import org.ntkc.runtime.Parameterization;
import org.ntkc.lang.tree.ActivationRef;
import org.ntkc.lang.tree.Arg;
import org.ntkc.lang.tree.LayerOption;
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
    static final String PADDING = "padding";
    static final String STRIDE = "stride";
    /** The most values a point (an input or any layer's output) may have: a data row must fit in a Java array. */
    static final int MAX_VALUES = Integer.MAX_VALUE - 8;
    private static final List<String> SETTINGS = List.of(WEIGHT_STD, BIAS_STD, PARAMETERIZATION, QUADRATURE,
            PADDING);
    private static final List<String> CONV_OPTIONS = List.of(STRIDE, PADDING, WEIGHT_STD, BIAS_STD);
    private static final List<String> POOL_OPTIONS = List.of(STRIDE, PADDING);
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

    /**
     * conv (kind null) or a pooling layer, checked as written; the window and stride are resolved against the input
     * shape on expansion. {@code stride} null means the default (1 for conv, the window for avg_pool),
     * {@code padding} null the default (the network's for conv, valid for avg_pool).
     */
    private record SpatialItem(NetworkLayer.Pool.Kind kind, int channels, List<Num> window, List<Num> stride,
                               Window.Padding padding, Double weightStd, Double biasStd, SourceSpan span,
                               List<Layer.Elementwise> activations) implements Item {
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
        Window.Padding padding = Window.Padding.SAME;
        /** Shape errors found on expansion, once per statement and code however often repeat copies it. */
        final Set<String> shapeErrors = new java.util.HashSet<>();

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
        Shape inputShape = inputShape(scope.input);
        if (inputShape == null) {
            return Optional.empty();
        }
        int inputDim = inputShape.size();
        Shape[] shape = {inputShape};
        if (!expand(scope, items, layers, shape)) {
            diagnostics.report(DiagnosticCode.TOO_DEEP, decl.name().span(), decl.name().text(), MAX_LAYERS);
            return Optional.empty();
        }
        if (diagnostics.errorCount() > errorsBefore) {
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
        if (layers.stream().noneMatch(l -> l instanceof Layer.Dense || l instanceof Layer.Conv)) {
            diagnostics.report(DiagnosticCode.NO_DENSE_LAYER, decl.name().span(), decl.name().text());
            return Optional.empty();
        }
        if (!shape[0].isVector()) {
            diagnostics.report(DiagnosticCode.OUTPUT_IS_IMAGE, decl.name().span(), decl.name().text(),
                    shape[0].describe());
            return Optional.empty();
        }
        fusedWarnings.forEach(Runnable::run);
        Statement.Setting quadratureSetting = scope.settings.get(QUADRATURE);
        return Optional.of(new NetworkModel(decl.name().text(), inputDim, scope.input.span(), scope.parameterization,
                scope.quadrature,
                quadratureSetting == null ? null : quadratureSetting.span(), layers, decl.span(), inputShape,
                shape[0]));
    }

    /** The input's shape, or null after reporting why it has none. */
    private Shape inputShape(Statement.Input input) {
        List<Num> extents = input.extents();
        if (extents.size() == 1) {
            return Shape.vector(extents.get(0).intValue());
        }
        List<Integer> positional = new ArrayList<>();
        long values = 1;
        for (Num n : extents) {
            values *= n.intValue();
        }
        for (Num n : extents.subList(0, extents.size() - 1)) {
            positional.add(n.intValue());
        }
        if (values > MAX_VALUES) {
            diagnostics.report(DiagnosticCode.TOO_LARGE_SHAPE, input.span(), "the input "
                    + Window.extentsText(extents.stream().map(Num::intValue).toList()), values, MAX_VALUES);
            return null;
        }
        return new Shape(positional, extents.get(extents.size() - 1).intValue());
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
                public Item visitConv(Statement.Conv conv) {
                    scope.layerSeen = true;
                    return spatial(null, conv.channels(), conv.window(), conv.options(), conv.activations(),
                            conv.span());
                }

                @Override
                public Item visitAvgPool(Statement.AvgPool pool) {
                    scope.layerSeen = true;
                    return spatial(NetworkLayer.Pool.Kind.AVG, null, pool.window(), pool.options(), List.of(),
                            pool.span());
                }

                @Override
                public Item visitGlobalAvgPool(Statement.GlobalAvgPool pool) {
                    scope.layerSeen = true;
                    return new SpatialItem(NetworkLayer.Pool.Kind.GLOBAL_AVG, 0, List.of(), null, null, null, null,
                            pool.span(), List.of());
                }

                @Override
                public Item visitFlatten(Statement.Flatten flatten) {
                    scope.layerSeen = true;
                    return new SpatialItem(NetworkLayer.Pool.Kind.FLATTEN, 0, List.of(), null, null, null, null,
                            flatten.span(), List.of());
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
            public String visitConv(Statement.Conv conv) {
                return conv.activations().isEmpty() ? null : "the activation '"
                        + conv.activations().get(conv.activations().size() - 1).name().text() + "'";
            }

            @Override
            public String visitAvgPool(Statement.AvgPool pool) {
                return "avg_pool";
            }

            @Override
            public String visitGlobalAvgPool(Statement.GlobalAvgPool pool) {
                return "global_avg_pool";
            }

            @Override
            public String visitFlatten(Statement.Flatten flatten) {
                return "flatten";
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
        if (input.extents().size() > 3) {
            diagnostics.report(DiagnosticCode.BAD_INPUT_SHAPE, input.span(), input.extents().size());
        } else if (input.spatial()) {
            for (Num n : input.extents()) {
                checkWidth("an input extent", n);
            }
        } else {
            checkWidth("the input dimension", input.dimension());
        }
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
            case PADDING -> {
                Window.Padding p = padding(value.span(), value instanceof Name n ? n.text() : ((Num) value).text(),
                        false);
                if (p != null) {
                    scope.padding = p;
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

    /** The padding spelt {@code word}, or null after reporting; avg_pool takes valid or same only. */
    private Window.Padding padding(SourceSpan at, String word, boolean pool) {
        Optional<Window.Padding> p = Window.Padding.bySpelling(word);
        List<String> allowed = pool ? List.of("valid", "same") : List.of("same", "valid", "circular");
        if (p.isPresent() && allowed.contains(word)) {
            return p.get();
        }
        diagnostics.reportWithSuggestion(DiagnosticCode.BAD_SETTING_VALUE, at, word, allowed,
                (pool ? "avg_pool's padding must be 'valid' or 'same'" : "padding must be 'same', 'valid' or 'circular'")
                        + ", got '" + word + "'");
        return null;
    }

    /** Checks a conv ({@code kind} null) or avg_pool statement as written; null if it has errors. */
    private Item spatial(NetworkLayer.Pool.Kind kind, Num channels, List<Num> window, List<LayerOption> options,
                         List<ActivationRef> activationRefs, SourceSpan span) {
        String what = kind == null ? "conv" : kind.spelling();
        boolean ok = channels == null || checkWidth("a channel count", channels);
        for (Num k : window) {
            ok &= checkWindowNumber("a window extent", k);
        }
        if (window.size() > 2) {
            diagnostics.report(DiagnosticCode.BAD_OPTION_VALUE, window.get(0).span().to(window.get(window.size() - 1)
                    .span()), "a window has 1 extent (K, or K x K on an image) or 2 (KH x KW), got " + window.size());
            ok = false;
        }
        List<Num> stride = null;
        Window.Padding padding = null;
        Double weightStd = null;
        Double biasStd = null;
        List<String> allowed = kind == null ? CONV_OPTIONS : POOL_OPTIONS;
        List<String> given = new ArrayList<>();
        for (LayerOption o : options) {
            String name = o.name().text();
            if (!allowed.contains(name)) {
                diagnostics.reportWithSuggestion(DiagnosticCode.UNKNOWN_ARGUMENT, o.name().span(), name, allowed,
                        what, name);
                ok = false;
                continue;
            }
            if (given.contains(name)) {
                diagnostics.report(DiagnosticCode.DUPLICATE_ARGUMENT, o.name().span(), name);
                ok = false;
                continue;
            }
            given.add(name);
            switch (name) {
                case STRIDE -> {
                    if (o.word() != null || o.numbers().size() > 2) {
                        diagnostics.report(DiagnosticCode.BAD_OPTION_VALUE, o.valueSpan(),
                                "stride is a whole number S or S_H x S_W, got '" + o.valueText() + "'");
                        ok = false;
                    } else {
                        for (Num n : o.numbers()) {
                            ok &= checkWindowNumber("a stride", n);
                        }
                        stride = o.numbers();
                    }
                }
                case PADDING -> {
                    padding = padding(o.valueSpan(), o.valueText(), kind != null);
                    ok &= padding != null;
                }
                default -> {
                    if (o.word() != null || o.numbers().size() != 1) {
                        diagnostics.report(DiagnosticCode.BAD_OPTION_VALUE, o.valueSpan(),
                                name + " must be a number, got '" + o.valueText() + "'");
                        ok = false;
                    } else if (name.equals(WEIGHT_STD)) {
                        ok &= checkWeightStd(o.numbers().get(0));
                        weightStd = o.numbers().get(0).value();
                    } else {
                        ok &= checkBiasStd(o.numbers().get(0));
                        biasStd = o.numbers().get(0).value();
                    }
                }
            }
        }
        List<Layer.Elementwise> activations = new ArrayList<>();
        for (ActivationRef ref : activationRefs) {
            Activation a = activation(ref);
            if (a == null) {
                ok = false;
            } else {
                activations.add(new Layer.Elementwise(a, ref.span()));
            }
        }
        return ok ? new SpatialItem(kind, channels == null ? 0 : channels.intValue(), window, stride, padding,
                weightStd, biasStd, span, activations) : null;
    }

    private boolean checkWindowNumber(String what, Num n) {
        if (n.isWholeNumber() && n.value() >= 1) {
            return true;
        }
        diagnostics.report(DiagnosticCode.BAD_WINDOW, n.span(), what, n.text());
        return false;
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

    /**
     * Expands {@code repeat}, applies defaults and infers each layer's shape ({@code shape[0]}, the current one),
     * reporting shape errors; false if the network grows beyond {@link #MAX_LAYERS}.
     */
    private boolean expand(Scope scope, List<Item> items, List<Layer> out, Shape[] shape) {
        for (Item item : items) {
            if (scope.expanded > MAX_LAYERS) {
                return false;
            }
            if (shape[0] == null) {
                return true;   // a shape error earlier: the rest has no shape to check against
            }
            if (item instanceof DenseItem d) {
                double w = d.weightStd() != null ? d.weightStd() : scope.weightStd;
                double b = d.biasStd() != null ? d.biasStd() : scope.biasStd;
                if (shape[0].isVector()) {
                    out.add(new Layer.Dense(shape[0].channels(), d.width(), w, b, d.span()));
                    shape[0] = Shape.vector(d.width());
                } else {
                    // On an image, dense acts on the channels at every position: a 1 x 1 convolution.
                    Shape in = shape[0];
                    List<Integer> ones = in.extents().stream().map(e -> 1).toList();
                    Window window = Window.resolve(in.extents(), ones, ones, Window.Padding.VALID);
                    Shape outShape = sized(scope, in.withChannels(d.width()), d.span());
                    if (outShape == null) {
                        shape[0] = null;
                        return true;
                    }
                    out.add(new Layer.Conv(in, outShape, window, w, b, true, d.span()));
                    shape[0] = outShape;
                }
                addActivations(out, d.activations());
                scope.expanded += 1 + d.activations().size();
            } else if (item instanceof ActivationItem a) {
                addActivations(out, List.of(a.layer()));
                scope.expanded++;
            } else if (item instanceof SpatialItem sp) {
                shape[0] = spatialLayer(scope, sp, shape[0], out);
                scope.expanded += 1 + sp.activations().size();
            } else if (!shape[0].isVector() && (item instanceof LayerNormItem || item instanceof ResidualItem)) {
                SourceSpan at = item instanceof LayerNormItem n ? n.span() : ((ResidualItem) item).header();
                shapeError(scope, DiagnosticCode.IMAGE_BRANCH, at,
                        item instanceof LayerNormItem ? "layer_norm" : "a residual block", shape[0].describe());
                shape[0] = null;
                return true;
            } else if (item instanceof LayerNormItem n) {
                out.add(new Layer.LayerNorm(n.span()));
                scope.expanded++;
            } else if (item instanceof ResidualItem r) {
                List<Layer> body = new ArrayList<>();
                Shape[] bodyShape = {shape[0]};
                if (!expand(scope, r.body(), body, bodyShape)) {
                    return false;
                }
                if (bodyShape[0] == null) {
                    shape[0] = null;
                    return true;
                }
                // The block keeps its input's width; a block that does not is reported by flow().
                out.add(new Layer.Residual(r.scale(), body, r.header(), r.block()));
                scope.expanded++;
            } else {
                RepeatItem r = (RepeatItem) item;
                for (int k = 0; k < r.count(); k++) {
                    if (!expand(scope, r.body(), out, shape)) {
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
            } else if (layer instanceof Layer.Conv c) {
                width[0] = c.out().size();
                feed = new Feed(Feed.Kind.GAUSSIAN, "the output of '" + (c.dense() ? "dense" : "conv") + "'", line);
            } else if (layer instanceof Layer.Pool p) {
                // Pooling is linear: it keeps what its input is (the image steps have their own checks).
                width[0] = p.out().size();
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

    /**
     * Appends activations; those written right after {@code flatten} go before it (elementwise maps commute with
     * flatten, and the kernel of flatten keeps only the position-averaged state, so the activation must see the
     * per-position one).
     */
    private static void addActivations(List<Layer> out, List<Layer.Elementwise> activations) {
        for (Layer.Elementwise e : activations) {
            Layer last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last instanceof Layer.Pool p && p.kind() == NetworkLayer.Pool.Kind.FLATTEN) {
                out.add(out.size() - 1, e);
            } else {
                out.add(e);
            }
        }
    }

    /** Reports a shape error once per statement and code, however often {@code repeat} copies the statement. */
    private void shapeError(Scope scope, DiagnosticCode code, SourceSpan at, Object... args) {
        if (scope.shapeErrors.add(code.id() + "@" + at.location())) {
            diagnostics.report(code, at, args);
        }
    }

    /** {@code shape}, or null after reporting that it has too many values. */
    private Shape sized(Scope scope, Shape shape, SourceSpan at) {
        long values = (long) shape.positions() * shape.channels();
        if (values > MAX_VALUES) {
            shapeError(scope, DiagnosticCode.TOO_LARGE_SHAPE, at, "the output " + shape, values, MAX_VALUES);
            return null;
        }
        return shape;
    }

    /** Adds a conv or pooling layer on input {@code in}; its output shape, or null after a shape error. */
    private Shape spatialLayer(Scope scope, SpatialItem sp, Shape in, List<Layer> out) {
        String what = sp.kind() == null ? "conv" : sp.kind().spelling();
        if (in.isVector()) {
            shapeError(scope, DiagnosticCode.SPATIAL_ON_VECTOR, sp.span(), what, in.describe());
            return null;
        }
        if (sp.kind() == NetworkLayer.Pool.Kind.FLATTEN || sp.kind() == NetworkLayer.Pool.Kind.GLOBAL_AVG) {
            Shape o = Shape.vector(sp.kind() == NetworkLayer.Pool.Kind.FLATTEN ? in.size() : in.channels());
            out.add(new Layer.Pool(sp.kind(), in, o, null, sp.span()));
            return o;
        }
        List<Integer> size = perAxis(scope, sp.window(), in, what + " window", sp.span());
        if (size == null) {
            return null;
        }
        List<Integer> stride = sp.stride() != null ? perAxis(scope, sp.stride(), in, "the stride", sp.span())
                : sp.kind() == null ? size.stream().map(k -> 1).toList() : size;
        if (stride == null) {
            return null;
        }
        Window.Padding padding = sp.padding() != null ? sp.padding()
                : sp.kind() == null ? scope.padding : Window.Padding.VALID;
        Window window = Window.resolve(in.extents(), size, stride, padding);
        if (window == null) {
            shapeError(scope, DiagnosticCode.WINDOW_TOO_LARGE, sp.span(), what, Window.extentsText(size),
                    in.toString(), padding.spelling());
            return null;
        }
        if (sp.kind() == null) {
            Shape o = sized(scope, new Shape(window.outExtents(), sp.channels()), sp.span());
            if (o == null) {
                return null;
            }
            out.add(new Layer.Conv(in, o, window, sp.weightStd() != null ? sp.weightStd() : scope.weightStd,
                    sp.biasStd() != null ? sp.biasStd() : scope.biasStd, false, sp.span()));
            addActivations(out, sp.activations());
            return o;
        }
        Shape o = new Shape(window.outExtents(), in.channels());
        out.add(new Layer.Pool(sp.kind(), in, o, window, sp.span()));
        return o;
    }

    /**
     * A window or stride as one number per positional axis of {@code in}: {@code K} means K on every axis; written
     * extents must match the input's rank. Null after reporting a mismatch.
     */
    private List<Integer> perAxis(Scope scope, List<Num> written, Shape in, String what, SourceSpan at) {
        if (written.size() == 1) {
            return in.extents().stream().map(e -> written.get(0).intValue()).toList();
        }
        if (written.size() != in.rank()) {
            List<Integer> values = written.stream().map(Num::intValue).toList();
            String example = in.rank() == 1 ? "a single number on a signal" : "K or KH x KW on an image";
            shapeError(scope, DiagnosticCode.WINDOW_RANK, written.get(0).span(), what, Window.extentsText(values),
                    written.size(), in.toString(), in.rank(), example);
            return null;
        }
        return written.stream().map(Num::intValue).toList();
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
