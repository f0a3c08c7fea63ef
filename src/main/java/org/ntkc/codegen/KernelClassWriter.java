package org.ntkc.codegen;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PROTECTED;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.ProgramPrinter;
import org.ntkc.ir.Step;
import org.ntkc.math.sym.Sym;

/**
 * Writes {@code <Network>Kernel}: the network's constants, the per-point recursion (the diagonal, computed once per
 * point), the scalar layer code for tiles of entries, and the {@code Points} class that carries per-point values to
 * the tile code. Every layer is a method of its own, straight-line and specialised to its activation, with the IR
 * step and the spec line it came from in its comment.
 */
final class KernelClassWriter extends GeneratedSourceWriter {
    static final ClassName RUNTIME_COMPILED_KERNEL = ClassName.get("org.ntkc.runtime", "CompiledKernel");
    static final ClassName KERNEL_OPTIONS = ClassName.get("org.ntkc.runtime", "KernelOptions");
    static final ClassName POINT_STATES = ClassName.get("org.ntkc.runtime", "PointStates");
    static final ClassName NON_FINITE = ClassName.get("org.ntkc.runtime", "NonFiniteKernelException");
    /** Calls per method before a call list is split, keeping every method far below HotSpot's 8000-byte limit. */
    static final int CALLS_PER_METHOD = 150;

    /** The number of the φ helpers of each distinct numerical activation (by φ), in order of first use. */
    private final Map<Sym, Integer> phiHelpers = new HashMap<>();

    KernelClassWriter(StepPlan plan, String packageName) {
        super(plan, packageName);
    }

    /** The number of the φ and φ′ helpers a numerical step calls: steps with the same φ share them. */
    private int phiHelper(StepPlan.Entry e) {
        return phiHelpers.computeIfAbsent(e.activation().activation().phi(), phi -> phiHelpers.size() + 1);
    }

    @Override
    protected TypeSpec.Builder type() {
        KernelProgram p = plan.program();
        TypeSpec.Builder t = TypeSpec.classBuilder(kernelClass())
                .addModifiers(PUBLIC, FINAL)
                .superclass(ParameterizedTypeName.get(RUNTIME_COMPILED_KERNEL, pointsClass()))
                .addJavadoc("$L", classDoc(p));
        t.addField(FieldSpec.builder(String.class, "NAME", PUBLIC, STATIC, FINAL)
                .addJavadoc("The network's name in its spec.\n").initializer("$S", p.name()).build());
        t.addField(FieldSpec.builder(int.class, "INPUT_DIM", PUBLIC, STATIC, FINAL)
                .addJavadoc("The input dimension n0.\n").initializer("$L", p.inputDim()).build());
        t.addField(FieldSpec.builder(int.class, "OUTPUT_WIDTH", PUBLIC, STATIC, FINAL)
                .addJavadoc("n_L: the full kernels are these scalar kernels times the identity of this size.\n")
                .initializer("$L", p.outputWidth()).build());
        for (StepPlan.Entry e : plan.entries()) {
            FieldSpec constant = e.activation() == null ? null
                    : ScalarDuals.constantField(e.activation().dual(), e.index());
            if (constant != null) {
                t.addField(constant);
            }
            if (isNumerical(e)) {
                int helpers = phiHelpers.size();
                SeriesCode.addMembers(t, kernelClass(), e.index(), e.activation(), phiHelper(e),
                        phiHelpers.size() > helpers);
                MethodSpec.Builder slots = MethodSpec.methodBuilder("slots" + e.index()).addModifiers(PRIVATE, STATIC)
                        .addParameter(pointsClass(), "p").addParameter(double[].class, "s")
                        .beginControlFlow("for (int i = 0; i < p.count; i++)")
                        .addStatement("double q = s[i]");
                for (Slot slot : e.slots()) {
                    slots.addStatement("p.$L[i] = $L", slot.field(), slot.fromQ());
                }
                t.addMethod(slots.endControlFlow().build());
            }
        }
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(PUBLIC)
                .addJavadoc("Computes on all processors, with vector code when the JVM has it.\n")
                .addStatement("this($T.defaults())", KERNEL_OPTIONS).build());
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(PUBLIC)
                .addParameter(KERNEL_OPTIONS, "options")
                .addStatement("super(NAME, INPUT_DIM, OUTPUT_WIDTH, options)").build());
        t.addMethod(MethodSpec.methodBuilder("withOptions").addAnnotation(Override.class).addModifiers(PUBLIC)
                .returns(kernelClass()).addParameter(KERNEL_OPTIONS, "options")
                .addStatement("return new $T(options)", kernelClass()).build());
        addPrepare(t);
        addTileScalar(t);
        t.addType(pointsType());
        return t;
    }

    private String classDoc(KernelProgram p) {
        StringBuilder doc = new StringBuilder();
        doc.append("Infinite-width kernels (NNGP and NTK) of network {@code ").append(p.name()).append("} in {@code ")
                .append(plan.specName()).append("}.\n\n<p>The kernel recursion, one step per line:\n<pre>\n");
        for (String line : ProgramPrinter.print(p).split("\n")) {
            doc.append(html(line)).append('\n');
        }
        return doc.append("</pre>\n").toString();
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;");
    }

    // ---------------------------------------------------------------------------------------------- per point

    private void addPrepare(TypeSpec.Builder t) {
        KernelProgram p = plan.program();
        Step.InputGram input = p.inputGram();
        List<CodeBlock> calls = new ArrayList<>();
        List<MethodSpec> steps = new ArrayList<>();
        for (StepPlan.Entry e : plan.topLevel()) {
            if (e.index() != 0) {
                calls.add(prepareCall(e));
            }
        }
        for (StepPlan.Entry e : plan.entries()) {
            if (e.index() != 0) {
                steps.add(e.residual() != null ? prepareResidual(t, e) : prepareStep(e));
            }
        }
        ClassName prepared = RUNTIME_COMPILED_KERNEL.nestedClass("Prepared");
        MethodSpec.Builder prepare = MethodSpec.methodBuilder("prepare").addAnnotation(Override.class)
                .addModifiers(PROTECTED).returns(ParameterizedTypeName.get(prepared, pointsClass()))
                .addParameter(double[].class, "rowDots").addParameter(double[].class, "colDots")
                .addJavadoc("Runs the recursion on every point paired with itself (the row points, and unless null the"
                        + "\ncolumn points), layer by layer, keeping the per-point values the tiles read.\n")
                .addStatement("$T rows = new $T(rowDots.length)", pointsClass(), pointsClass())
                .addStatement("$T cols = colDots == null ? null : new $T(colDots.length)", pointsClass(),
                        pointsClass())
                .addComment("Σ(x, x) and Θ(x, x) of every point as the layers go")
                .addStatement("double[] s1 = new double[rowDots.length]")
                .addStatement("double[] t1 = new double[rowDots.length]")
                .addStatement("double[] s2 = colDots == null ? null : new double[colDots.length]")
                .addStatement("double[] t2 = colDots == null ? null : new double[colDots.length]")
                .addComment("step 0: input")
                .beginControlFlow("for (int i = 0; i < rowDots.length; i++)")
                .addStatement("s1[i] = $L", RecursionText.SCALAR.times(CodeBlock.of("rowDots[i]"), input.scale()))
                .endControlFlow()
                .beginControlFlow("for (int i = 0; colDots != null && i < colDots.length; i++)")
                .addStatement("s2[i] = $L", RecursionText.SCALAR.times(CodeBlock.of("colDots[i]"), input.scale()))
                .endControlFlow();
        addCalls(t, prepare, calls, "prepareSteps", List.of(param(pointsClass(), "rows"),
                param(pointsClass(), "cols"), param(double[].class, "s1"), param(double[].class, "t1"),
                param(double[].class, "s2"), param(double[].class, "t2")));
        prepare.addStatement("$T.arraycopy(s1, 0, rows.nngpDiagonal, 0, s1.length)", System.class)
                .addStatement("$T.arraycopy(t1, 0, rows.ntkDiagonal, 0, t1.length)", System.class)
                .beginControlFlow("if (cols == null)")
                .addStatement("return new $T<>(rows, rows)", prepared)
                .endControlFlow()
                .addStatement("$T.arraycopy(s2, 0, cols.nngpDiagonal, 0, s2.length)", System.class)
                .addStatement("$T.arraycopy(t2, 0, cols.ntkDiagonal, 0, t2.length)", System.class)
                .addStatement("return new $T<>(rows, cols)", prepared);
        t.addMethod(prepare.build());
        steps.forEach(t::addMethod);
        for (StepPlan.Entry e : plan.entries()) {
            if (e.index() > 0 && e.residual() == null) {
                t.addMethod(diagonalStep(e));
            }
        }
    }

    private static CodeBlock prepareCall(StepPlan.Entry e) {
        return CodeBlock.of("prepare$L(rows, cols, s1, t1, s2, t2)", e.index());
    }

    /**
     * The per-point recursion of a residual block: the body runs on the arrays in place, from copies kept of the
     * block's input, then Σ ← Σ_a + scale²·Σ_f and Θ likewise, in the interpreter's order of operations.
     */
    private MethodSpec prepareResidual(TypeSpec.Builder t, StepPlan.Entry e) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("prepare" + e.index()).addModifiers(PRIVATE, STATIC)
                .addJavadoc("$L\n", html(e.comment()))
                .addParameter(pointsClass(), "rows").addParameter(pointsClass(), "cols")
                .addParameter(double[].class, "s1").addParameter(double[].class, "t1")
                .addParameter(double[].class, "s2").addParameter(double[].class, "t2")
                .addStatement("double[] a1 = s1.clone()")
                .addStatement("double[] b1 = t1.clone()")
                .addStatement("double[] a2 = s2 == null ? null : s2.clone()")
                .addStatement("double[] b2 = t2 == null ? null : t2.clone()");
        List<CodeBlock> calls = new ArrayList<>();
        for (StepPlan.Entry b : e.body()) {
            calls.add(prepareCall(b));
        }
        addCalls(t, m, calls, "prepareBody" + e.index() + "_", List.of(param(pointsClass(), "rows"),
                param(pointsClass(), "cols"), param(double[].class, "s1"), param(double[].class, "t1"),
                param(double[].class, "s2"), param(double[].class, "t2")));
        double c = e.residual().scaleSquared();
        m.beginControlFlow("for (int i = 0; i < s1.length; i++)")
                .addStatement("s1[i] = $L", sum("a1[i]", "s1[i]", c))
                .addStatement("t1[i] = $L", sum("b1[i]", "t1[i]", c))
                .endControlFlow()
                .beginControlFlow("for (int i = 0; s2 != null && i < s2.length; i++)")
                .addStatement("s2[i] = $L", sum("a2[i]", "s2[i]", c))
                .addStatement("t2[i] = $L", sum("b2[i]", "t2[i]", c))
                .endControlFlow();
        return m.build();
    }

    /** {@code a + c·f}: a residual block's sum, its skip path {@code a} and its branch {@code f}. */
    static CodeBlock sum(String a, String f, double c) {
        return RecursionText.SCALAR.plus(CodeBlock.of("$L", a), RecursionText.SCALAR.times(CodeBlock.of("$L", f), c));
    }

    static boolean isNumerical(StepPlan.Entry e) {
        return e.numerical();
    }

    /** One step of the per-point recursion, for the row points and (when not null) the column points. */
    private MethodSpec prepareStep(StepPlan.Entry e) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("prepare" + e.index()).addModifiers(PRIVATE, STATIC)
                .addJavadoc("$L\n", html(e.comment()))
                .addParameter(pointsClass(), "rows").addParameter(pointsClass(), "cols")
                .addParameter(double[].class, "s1").addParameter(double[].class, "t1")
                .addParameter(double[].class, "s2").addParameter(double[].class, "t2");
        if (isNumerical(e)) {
            // The series tables need every point's variance first; T and Ṫ of a point with itself are then the
            // square norms the tables carry.
            m.addStatement("slots$L(rows, s1)", e.index());
            m.beginControlFlow("if (cols != null)").addStatement("slots$L(cols, s2)", e.index()).endControlFlow();
            m.addCode(SeriesCode.prepareTables(kernelClass(), e.index(), phiHelper(e)));
        }
        m.addStatement("diagonal$L(rows, s1, t1)", e.index());
        m.beginControlFlow("if (cols != null)").addStatement("diagonal$L(cols, s2, t2)", e.index()).endControlFlow();
        return m.build();
    }

    /** The step applied to every point with itself: Σ(x,x) in s, Θ(x,x) in t, exactly as the interpreter does. */
    private MethodSpec diagonalStep(StepPlan.Entry e) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("diagonal" + e.index()).addModifiers(PRIVATE, STATIC)
                .addParameter(pointsClass(), "p").addParameter(double[].class, "s").addParameter(double[].class, "t");
        e.step().accept(new VectorSteps<Void>() {
            @Override
            public Void visitInputGram(Step.InputGram g) {
                throw new IllegalStateException("the input step's diagonal is written by prepare");
            }

            @Override
            public Void visitAffine(Step.Affine a) {
                CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("for (int i = 0; i < p.count; i++)")
                        .addStatement("double x = s[i]");
                RecursionText.SCALAR.sigma(b, "s[i]", "x", a);
                RecursionText.SCALAR.theta(b, "t[i]", "t[i]", "x", a);
                m.addCode(b.endControlFlow().build());
                return null;
            }

            @Override
            public Void visitElementwise(Step.Elementwise el) {
                if (isNumerical(e)) {
                    // The exact quadrature, as the interpreter computes it: a pair that is parallel within rounding, also
                    // computed exactly, then has exactly the diagonal's correlation, and no step after it sees the series'
                    // truncation error (1e-10) as an angle.
                    m.addStatement("double[] out = new double[2]")
                            .beginControlFlow("for (int i = 0; i < p.count; i++)")
                            .addStatement("$L.evaluate(s[i], s[i], s[i], out)", SeriesCode.exactName(e.index()))
                            .addStatement("s[i] = out[0]")
                            .addCode(thetaTimesOut("t[i]"))
                            .endControlFlow();
                    return null;
                }
                m.addStatement("double[] out = new double[2]")
                        .beginControlFlow("for (int i = 0; i < p.count; i++)")
                        .addStatement("double q = s[i]");
                for (Slot slot : e.slots()) {
                    m.addStatement("p.$L[i] = $L", slot.field(), slot.fromQ());
                }
                m.addStatement(ScalarDuals.call(el.dual(), e.index(), "q", "q", "q"))
                        .addStatement("s[i] = out[0]")
                        .addCode(thetaTimesOut("t[i]"))
                        .endControlFlow();
                return null;
            }

            @Override
            public Void visitResidual(Step.Residual r) {
                throw new IllegalStateException("a residual block's per-point recursion is written by prepare");
            }

            @Override
            public Void visitLayerNorm(Step.LayerNorm n) {
                String field = StepPlan.layerNormSlot(e.index()).field();
                m.beginControlFlow("for (int i = 0; i < p.count; i++)")
                        .addStatement("double q = s[i]")
                        .beginControlFlow("if (q == 0.0)")
                        .addStatement("throw new $T(i, i, $S + (i + 1) + $S)", NON_FINITE,
                                "layer_norm (" + where(n) + ") cannot normalise point ",
                                ": its features there have variance 0 (an all-zero input with bias_std = 0 stays "
                                        + "zero), and 0 / 0 has no value")
                        .endControlFlow()
                        .addStatement("p.$L[i] = $L", field, StepPlan.layerNormSlot(e.index()).fromQ())
                        .addStatement("double f = p.$L[i] * p.$L[i]", field, field)
                        .addStatement("s[i] = s[i] * f")
                        .addStatement("t[i] = t[i] * f")
                        .endControlFlow();
                return null;
            }
        });
        return m.build();
    }

    /** "spec.ntk:12", the spec line a step came from. */
    private String where(Step step) {
        return plan.specName() + ":" + step.origins().get(0).line();
    }

    // ---------------------------------------------------------------------------------------------- tiles

    private void addTileScalar(TypeSpec.Builder t) {
        List<CodeBlock> calls = new ArrayList<>();
        List<MethodSpec> steps = new ArrayList<>();
        for (StepPlan.Entry e : plan.topLevel()) {
            calls.add(tileCall(e));
        }
        for (StepPlan.Entry e : plan.entries()) {
            steps.add(e.residual() != null ? scalarResidual(t, e) : scalarStep(e));
        }
        MethodSpec.Builder tile = MethodSpec.methodBuilder("tileScalar").addAnnotation(Override.class)
                .addModifiers(PROTECTED)
                .addJavadoc("The scalar layer code: every step, in order, over one tile of entries.\n");
        for (ParamDecl d : tileParams("nc")) {
            tile.addParameter(d.type(), d.name());
        }
        addCalls(t, tile, calls, "steps", tileParams("nc"));
        t.addMethod(tile.build());
        steps.forEach(t::addMethod);
        for (StepPlan.Entry e : plan.entries()) {
            if (isNumerical(e)) {
                t.addMethod(SeriesCode.reference(pointsClass(), e.index()));
            } else if (e.activation() != null && (VectorFormulas.hasEdge(e.activation().dual())
                    || VectorFormulas.inlineEdge(e.activation().dual()))) {
                t.addMethod(referenceLanes(e, e.activation()));
            }
        }
    }

    private static CodeBlock tileCall(StepPlan.Entry e) {
        return CodeBlock.of("$L(rows, i0, cols, j0, nr, nc, sigma, theta, ld, ntk)", e.method());
    }

    /** A residual block over a tile: the body on the tile in place, from a copy of the block's input, then the sum. */
    private MethodSpec scalarResidual(TypeSpec.Builder t, StepPlan.Entry e) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(e.method()).addModifiers(STATIC)
                .addJavadoc("$L\n", html(e.comment()));
        for (ParamDecl d : tileParams("nc")) {
            m.addParameter(d.type(), d.name());
        }
        m.addStatement("double[] sa = sigma.clone()")
                .addStatement("double[] ta = ntk ? theta.clone() : null");
        List<CodeBlock> calls = new ArrayList<>();
        for (StepPlan.Entry b : e.body()) {
            calls.add(tileCall(b));
        }
        addCalls(t, m, calls, "body" + e.index() + "_", tileParams("nc"));
        double c = e.residual().scaleSquared();
        m.beginControlFlow("for (int r = 0; r < nr; r++)")
                .beginControlFlow("for (int k = r * ld, end = k + nc; k < end; k++)")
                .addStatement("sigma[k] = $L", sum("sa[k]", "sigma[k]", c))
                .beginControlFlow("if (ntk)").addStatement("theta[k] = $L", sum("ta[k]", "theta[k]", c))
                .endControlFlow()
                .endControlFlow().endControlFlow();
        return m.build();
    }

    private MethodSpec scalarStep(StepPlan.Entry e) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(e.method()).addModifiers(STATIC)
                .addJavadoc("$L\n", html(e.comment()));
        for (ParamDecl d : tileParams("nc")) {
            m.addParameter(d.type(), d.name());
        }
        e.step().accept(new VectorSteps<Void>() {
            @Override
            public Void visitInputGram(Step.InputGram g) {
                m.beginControlFlow("for (int r = 0; r < nr; r++)")
                        .beginControlFlow("for (int k = r * ld, end = k + nc; k < end; k++)")
                        .addStatement("sigma[k] = $L", RecursionText.SCALAR.times(CodeBlock.of("sigma[k]"), g.scale()))
                        .beginControlFlow("if (ntk)").addStatement("theta[k] = 0.0").endControlFlow()
                        .endControlFlow().endControlFlow();
                return null;
            }

            @Override
            public Void visitAffine(Step.Affine a) {
                CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("for (int r = 0; r < nr; r++)")
                        .beginControlFlow("for (int k = r * ld, end = k + nc; k < end; k++)")
                        .addStatement("double s = sigma[k]");
                RecursionText.SCALAR.sigma(b, "sigma[k]", "s", a);
                b.beginControlFlow("if (ntk)");
                RecursionText.SCALAR.theta(b, "theta[k]", "theta[k]", "s", a);
                m.addCode(b.endControlFlow().endControlFlow().endControlFlow().build());
                return null;
            }

            @Override
            public Void visitElementwise(Step.Elementwise el) {
                if (isNumerical(e)) {
                    m.beginControlFlow("for (int r = 0; r < nr; r++)")
                            .addStatement("reference$L(rows, i0 + r, cols, j0, sigma, theta, r * ld, nc, ntk)", e.index())
                            .endControlFlow();
                    return null;
                }
                String q = "q" + e.index();
                m.addStatement("double[] out = new double[2]")
                        .beginControlFlow("for (int r = 0; r < nr; r++)")
                        .addStatement("double q1 = rows.$L[i0 + r]", q)
                        .beginControlFlow("for (int c = 0; c < nc; c++)")
                        .addStatement("int k = r * ld + c")
                        .addStatement(ScalarDuals.call(el.dual(), e.index(), "q1", "cols." + q + "[j0 + c]", "sigma[k]"))
                        .addStatement("sigma[k] = out[0]")
                        .beginControlFlow("if (ntk)").addCode(thetaTimesOut("theta[k]")).endControlFlow()
                        .endControlFlow().endControlFlow();
                return null;
            }

            @Override
            public Void visitResidual(Step.Residual r) {
                throw new IllegalStateException("a residual block's tile code is written by scalarResidual");
            }

            @Override
            public Void visitLayerNorm(Step.LayerNorm n) {
                String field = StepPlan.layerNormSlot(e.index()).field();
                m.beginControlFlow("for (int r = 0; r < nr; r++)")
                        .addStatement("double ra = rows.$L[i0 + r]", field)
                        .beginControlFlow("for (int c = 0; c < nc; c++)")
                        .addStatement("int k = r * ld + c")
                        .addStatement("double f = ra * cols.$L[j0 + c]", field)
                        .addStatement("sigma[k] = sigma[k] * f")
                        .beginControlFlow("if (ntk)").addStatement("theta[k] = theta[k] * f").endControlFlow()
                        .endControlFlow().endControlFlow();
                return null;
            }
        });
        return m.build();
    }

    /** The scalar reference for a run of entries of one row, which the vector code uses for near-parallel pairs. */
    private MethodSpec referenceLanes(StepPlan.Entry e, Step.Elementwise el) {
        String q = "q" + e.index();
        return MethodSpec.methodBuilder("reference" + e.index()).addModifiers(STATIC)
                .addJavadoc("Step $L for the entries k + l of row i (column j + l), 0 ≤ l < count, whose bit l of lanes "
                        + "is set, by the scalar reference.\n", e.index())
                .addParameter(pointsClass(), "rows").addParameter(int.class, "i")
                .addParameter(pointsClass(), "cols").addParameter(int.class, "j")
                .addParameter(double[].class, "sigma").addParameter(double[].class, "theta")
                .addParameter(int.class, "k").addParameter(int.class, "count").addParameter(boolean.class, "ntk")
                .addParameter(long.class, "lanes")
                .addStatement("double[] out = new double[2]")
                .beginControlFlow("for (int l = 0; l < count; l++)")
                .beginControlFlow("if ((lanes >>> l & 1L) == 0)").addStatement("continue").endControlFlow()
                .addStatement(ScalarDuals.call(el.dual(), e.index(), "rows." + q + "[i]", "cols." + q + "[j + l]",
                        "sigma[k + l]"))
                .addStatement("sigma[k + l] = out[0]")
                .beginControlFlow("if (ntk)").addCode(thetaTimesOut("theta[k + l]")).endControlFlow()
                .endControlFlow()
                .build();
    }

    // ---------------------------------------------------------------------------------------------- points

    private TypeSpec pointsType() {
        TypeSpec.Builder points = TypeSpec.classBuilder("Points").addModifiers(STATIC, FINAL)
                .superclass(POINT_STATES)
                .addJavadoc("Per-point values of every layer, padded by {@code PADDING} so that vector code may read "
                        + "whole vectors past the last point.\n");
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addParameter(int.class, "count")
                .addStatement("super(count)");
        List<Slot> slots = plan.allSlots();
        // Deep networks have thousands of slots: allocate them in chunks so no method outgrows the JIT's limit.
        boolean chunked = slots.size() > CALLS_PER_METHOD;
        for (int from = 0, part = 0; from < slots.size(); from += CALLS_PER_METHOD, part++) {
            MethodSpec.Builder allocate = MethodSpec.methodBuilder("allocate" + part).addModifiers(PRIVATE)
                    .addParameter(int.class, "count");
            for (Slot slot : slots.subList(from, Math.min(slots.size(), from + CALLS_PER_METHOD))) {
                FieldSpec.Builder field = FieldSpec.builder(double[].class, slot.field())
                        .addJavadoc("$L.\n", slot.meaning());
                points.addField((chunked ? field : field.addModifiers(FINAL)).build());
                (chunked ? allocate : ctor).addStatement("$L = new double[count + PADDING]", slot.field());
            }
            if (chunked) {
                points.addMethod(allocate.build());
                ctor.addStatement("allocate$L(count)", part);
            }
        }
        for (StepPlan.Entry e : plan.entries()) {
            if (isNumerical(e)) {
                points.addField(FieldSpec.builder(SeriesCode.TABLES, SeriesCode.tablesField(e.index()))
                        .addJavadoc("Hermite-series coefficients of step $L, shared choices with the other point set.\n",
                                e.index()).build());
            }
        }
        return points.addMethod(ctor.build()).build();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Θ ← Θ·Ṫ with Ṫ in {@code out[1]}, as every scalar activation step writes it. */
    static CodeBlock thetaTimesOut(String theta) {
        CodeBlock.Builder b = CodeBlock.builder();
        RecursionText.SCALAR.thetaTimes(b, theta, "out[1]");
        return b.build();
    }

    /** A parameter of the uniform step signature. */
    record ParamDecl(TypeName type, String name) {
    }

    static ParamDecl param(TypeName type, String name) {
        return new ParamDecl(type, name);
    }

    static ParamDecl param(Class<?> type, String name) {
        return new ParamDecl(TypeName.get(type), name);
    }

    /** (rows, i0, cols, j0, nr, width, sigma, theta, ld, ntk): the same for every step, scalar and vector. */
    List<ParamDecl> tileParams(String width) {
        return List.of(param(pointsClass(), "rows"), param(TypeName.INT, "i0"), param(pointsClass(), "cols"),
                param(TypeName.INT, "j0"), param(TypeName.INT, "nr"), param(TypeName.INT, width),
                param(double[].class, "sigma"), param(double[].class, "theta"), param(TypeName.INT, "ld"),
                param(TypeName.BOOLEAN, "ntk"));
    }

    /**
     * Adds {@code calls} to {@code method}, directly when there are few, else through helper methods of at most
     * {@link #CALLS_PER_METHOD} calls each, so that deep networks keep every method small enough to be compiled.
     */
    static void addCalls(TypeSpec.Builder type, MethodSpec.Builder method, List<CodeBlock> calls, String helper,
                         List<ParamDecl> params) {
        if (calls.size() <= CALLS_PER_METHOD) {
            calls.forEach(method::addStatement);
            return;
        }
        List<String> names = new ArrayList<>();
        for (ParamDecl p : params) {
            names.add(p.name());
        }
        for (int from = 0, part = 0; from < calls.size(); from += CALLS_PER_METHOD, part++) {
            MethodSpec.Builder h = MethodSpec.methodBuilder(helper + part).addModifiers(PRIVATE, STATIC);
            for (ParamDecl p : params) {
                h.addParameter(p.type(), p.name());
            }
            calls.subList(from, Math.min(calls.size(), from + CALLS_PER_METHOD)).forEach(h::addStatement);
            type.addMethod(h.build());
            method.addStatement("$L$L($L)", helper, part, String.join(", ", names));
        }
    }
}
