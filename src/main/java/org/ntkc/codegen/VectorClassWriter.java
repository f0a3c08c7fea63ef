package org.ntkc.codegen;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import org.ntkc.ir.Step;

/**
 * Writes {@code <Network>KernelVector}: the layer code again, vectorised across the columns of a tile with the
 * Vector API, in a class of its own that the kernel loads only when {@code jdk.incubator.vector} is present.
 *
 * <p>Steps are grouped into passes: the input scaling and the dense layer that feed an activation are applied in the
 * same loop as the activation, so each layer reads and writes the tile once. Rows of a tile and per-point arrays are
 * padded, so every loop runs over whole vectors with no tail; each pass is a small method of its own, which keeps C2
 * inlining everything and no vector boxed; and each loop exists twice, with and without Θ, so that an NNGP-only
 * computation does no NTK work.
 */
final class VectorClassWriter extends GeneratedSourceWriter {
    private static final ClassName TILE_KERNEL = ClassName.get("org.ntkc.runtime", "TileKernel");
    private static final ClassName SPECIES = ClassName.get("jdk.incubator.vector", "VectorSpecies");
    private static final ClassName V = VectorFormulas.VECTOR;

    private final KernelClassWriter kernel;
    /** While the loops of a residual block's trailing pass are written: the block's scale², which they sum with. */
    private Double joinScale;

    VectorClassWriter(StepPlan plan, String packageName, KernelClassWriter kernel) {
        super(plan, packageName);
        this.kernel = kernel;
    }

    static String vectorClassName(String network) {
        return kernelClassName(network) + "Vector";
    }

    /** Consecutive steps applied in one loop: input and dense steps, ended by at most one activation. */
    private record Pass(List<StepPlan.Entry> steps) {
        StepPlan.Entry activation() {
            StepPlan.Entry last = steps.get(steps.size() - 1);
            return last.activation() != null ? last : null;
        }

        String method() {
            return "pass" + steps.get(0).index();
        }
    }

    /**
     * The passes of a list of steps (the network's, or a residual block's body), each a {@link Pass} or, for a
     * residual block, its entry: a block is a call of its own, which copies the tile, runs the body's passes and sums.
     */
    private static List<Object> passes(List<StepPlan.Entry> entries) {
        List<Object> out = new ArrayList<>();
        List<StepPlan.Entry> current = new ArrayList<>();
        for (StepPlan.Entry e : entries) {
            if (e.residual() != null) {
                if (!current.isEmpty()) {
                    out.add(new Pass(current));
                    current = new ArrayList<>();
                }
                out.add(e);
                continue;
            }
            current.add(e);
            if (e.activation() != null) {
                out.add(new Pass(current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            out.add(new Pass(current));
        }
        return out;
    }

    /** The calls of {@code entries}' passes, adding the methods they call (residual bodies too) to {@code methods}. */
    private List<CodeBlock> calls(TypeSpec.Builder t, List<StepPlan.Entry> entries, List<MethodSpec> methods) {
        List<CodeBlock> calls = new ArrayList<>();
        for (Object item : passes(entries)) {
            if (item instanceof StepPlan.Entry block) {
                calls.add(CodeBlock.of("$L(rows, i0, cols, j0, nr, w, sigma, theta, ld, ntk)", block.method()));
                methods.add(residualMethod(t, block, methods));
                continue;
            }
            Pass pass = (Pass) item;
            calls.add(CodeBlock.of("$L(rows, i0, cols, j0, nr, w, sigma, theta, ld, ntk)", pass.method()));
            methods.add(passMethod(pass));
            StepPlan.Entry act = pass.activation();
            if (act != null && VectorFormulas.hasEdge(act.activation().dual())) {
                methods.add(edgeRowMethod(pass));
            }
        }
        return calls;
    }

    /**
     * A residual block over a tile: the body's passes on the tile in place, from a copy of the block's input, then
     * Σ ← Σ_a + scale²·Σ_f and Θ likewise (a multiply and an add, rounded as the scalar code rounds them).
     */
    private MethodSpec residualMethod(TypeSpec.Builder t, StepPlan.Entry e, List<MethodSpec> methods) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(e.method()).addModifiers(PRIVATE, STATIC)
                .addJavadoc("Step $L: $L\n", e.index(), html(e.comment()));
        for (KernelClassWriter.ParamDecl d : kernel.tileParams("w")) {
            m.addParameter(d.type(), d.name());
        }
        m.addStatement("double[] sa = sigma.clone()")
                .addStatement("double[] ta = ntk ? theta.clone() : null");
        double c = e.residual().scaleSquared();
        List<StepPlan.Entry> body = e.body();
        Object last = passes(body).get(passes(body).size() - 1);
        if (last instanceof Pass tail && tail.activation() == null) {
            // The body's trailing dense (and layer_norm) steps run in the loop that sums: one pass over the tile
            // fewer than a separate pass and a separate sum.
            List<StepPlan.Entry> head = body.subList(0, body.size() - tail.steps().size());
            KernelClassWriter.addCalls(t, m, calls(t, head, methods), "body" + e.index() + "_",
                    kernel.tileParams("w"));
            joinScale = c;
            m.beginControlFlow("if (ntk)");
            loops(m, tail, true);
            m.nextControlFlow("else");
            loops(m, tail, false);
            m.endControlFlow();
            joinScale = null;
            return m.build();
        }
        KernelClassWriter.addCalls(t, m, calls(t, body, methods), "body" + e.index() + "_",
                kernel.tileParams("w"));
        m.beginControlFlow("for (int r = 0; r < nr; r++)")
                .beginControlFlow("for (int c = 0; c < w; c += L)")
                .addStatement("int k = r * ld + c")
                .addStatement("$T.fromArray(S, sa, k).add($L).intoArray(sigma, k)", V,
                        RecursionText.VECTOR.times(CodeBlock.of("$T.fromArray(S, sigma, k)", V), c))
                .beginControlFlow("if (ntk)")
                .addStatement("$T.fromArray(S, ta, k).add($L).intoArray(theta, k)", V,
                        RecursionText.VECTOR.times(CodeBlock.of("$T.fromArray(S, theta, k)", V), c))
                .endControlFlow()
                .endControlFlow().endControlFlow();
        return m.build();
    }

    @Override
    protected TypeSpec.Builder type() {
        ClassName self = ClassName.get(packageName, vectorClassName(plan.program().name()));
        TypeSpec.Builder t = TypeSpec.classBuilder(self).addModifiers(PUBLIC, FINAL)
                .addSuperinterface(ParameterizedTypeName.get(TILE_KERNEL, pointsClass()))
                .addJavadoc("The Vector API layer code of {@link $T}: the same steps, vectorised across the columns "
                        + "of a tile.\nLoaded by the kernel only when the JVM has {@code jdk.incubator.vector}.\n",
                        kernelClass());
        t.addField(FieldSpec.builder(ParameterizedTypeName.get(SPECIES, ClassName.get(Double.class)), "S", PRIVATE,
                STATIC, FINAL).initializer("$T.SPECIES_PREFERRED", V).build());
        t.addField(FieldSpec.builder(int.class, "L", PRIVATE, STATIC, FINAL).initializer("S.length()").build());
        t.addField(FieldSpec.builder(V, "ONE", PRIVATE, STATIC, FINAL).initializer("$T.broadcast(S, 1.0)", V)
                .build());
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(PUBLIC).build());

        List<MethodSpec> methods = new ArrayList<>();
        List<CodeBlock> calls = calls(t, plan.topLevel(), methods);
        MethodSpec.Builder tile = MethodSpec.methodBuilder("tile").addAnnotation(Override.class).addModifiers(PUBLIC)
                .addJavadoc("Every step, in order, over one tile of entries, whole vectors at a time.\n");
        for (KernelClassWriter.ParamDecl d : kernel.tileParams("nc")) {
            tile.addParameter(d.type(), d.name());
        }
        tile.addStatement("int w = (nc + L - 1) / L * L");
        KernelClassWriter.addCalls(t, tile, calls, "passes", kernel.tileParams("w"));
        t.addMethod(tile.build());
        methods.forEach(t::addMethod);
        return t;
    }

    private MethodSpec passMethod(Pass pass) {
        StringBuilder doc = new StringBuilder();
        for (StepPlan.Entry e : pass.steps()) {
            doc.append("Step ").append(e.index()).append(": ").append(html(e.comment())).append("<br>\n");
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder(pass.method()).addModifiers(PRIVATE, STATIC)
                .addJavadoc("$L", doc);
        for (KernelClassWriter.ParamDecl d : kernel.tileParams("w")) {
            m.addParameter(d.type(), d.name());
        }
        StepPlan.Entry act = pass.activation();
        if (act != null && KernelClassWriter.isNumerical(act)) {
            m.addStatement("$T ta = rows.$L", SeriesCode.TABLES, SeriesCode.tablesField(act.index()));
            m.addStatement("$T tb = cols.$L", SeriesCode.TABLES, SeriesCode.tablesField(act.index()));
        }
        m.beginControlFlow("if (ntk)");
        loops(m, pass, true);
        m.nextControlFlow("else");
        loops(m, pass, false);
        m.endControlFlow();
        return m.build();
    }

    /** The row and column loops of a pass, carrying Θ or not. */
    private void loops(MethodSpec.Builder m, Pass pass, boolean ntk) {
        StepPlan.Entry act = pass.activation();
        List<Slot> columnSlots = new ArrayList<>();
        m.beginControlFlow("for (int r = 0; r < nr; r++)");
        boolean edge = false;
        if (act != null) {
            Step.Elementwise el = act.activation();
            edge = VectorFormulas.hasEdge(el.dual());
            if (KernelClassWriter.isNumerical(act)) {
                m.addStatement("double rq$LA = rows.rq$L[i0 + r]", act.index(), act.index());
                m.addStatement("double tauA = ta.logTau[i0 + r]");
            } else {
                for (Slot slot : act.slots()) {
                    if (!slot.field().equals("q" + act.index()) || VectorFormulas.vectorReadsQ(el.dual())) {
                        columnSlots.add(slot);
                        m.addStatement("double $LA = rows.$L[i0 + r]", slot.field(), slot.field());
                    }
                }
            }
        }
        if (edge) {
            // A cheap first look at the row: near-parallel lanes (and the diagonal) need the checked loop. Keeping
            // the check out of the main loop keeps that loop free of branches around the ACOS call.
            m.addStatement("$T far = $T.zero(S)", V, V);
            m.beginControlFlow("for (int c = 0; c < w; c += L)");
            m.addStatement("$T s = $T.fromArray(S, sigma, r * ld + c)", V, V);
            for (StepPlan.Entry e : pass.steps()) {
                if (e != act) {
                    sigmaOnly(m, e, "i0 + r");
                }
            }
            m.addStatement("far = far.max(s.mul($T.fromArray(S, cols.rq$L, j0 + c).mul(rq$LA)).abs())", V,
                    act.index(), act.index());
            m.endControlFlow();
            m.addStatement("boolean edgeRow = far.compare($T.GT, $L).anyTrue() && edgeRow$L(rows, i0 + r, cols, j0, w, "
                    + "sigma, r * ld)", VectorFormulas.OPS, JavaLiterals.of(VectorFormulas.EDGE),
                    capitalized(pass.method()));
            m.beginControlFlow("if (edgeRow)");
            columnLoop(m, pass, columnSlots, ntk, true);
            m.nextControlFlow("else");
            columnLoop(m, pass, columnSlots, ntk, false);
            m.endControlFlow();
        } else {
            boolean inline = act != null && VectorFormulas.inlineEdge(act.activation().dual());
            columnLoop(m, pass, columnSlots, ntk, inline);
        }
        m.endControlFlow();
    }

    /**
     * Whether a row that came close to |cos θ| = 1 has a lane that needs the scalar reference: any near-parallel
     * lane but a point's entry with itself, which the driver replaces by the exact diagonal anyway.
     */
    private MethodSpec edgeRowMethod(Pass pass) {
        StepPlan.Entry act = pass.activation();
        MethodSpec.Builder m = MethodSpec.methodBuilder("edgeRow" + capitalized(pass.method())).addModifiers(PRIVATE, STATIC)
                .returns(boolean.class)
                .addJavadoc("Whether row i of a tile has a near-parallel entry other than the point with itself.\n")
                .addParameter(pointsClass(), "rows").addParameter(int.class, "i")
                .addParameter(pointsClass(), "cols").addParameter(int.class, "j0").addParameter(int.class, "w")
                .addParameter(double[].class, "sigma").addParameter(int.class, "base")
                .addStatement("double rqA = rows.rq$L[i]", act.index())
                .beginControlFlow("for (int c = 0; c < w; c += L)")
                .addStatement("$T s = $T.fromArray(S, sigma, base + c)", V, V);
        for (StepPlan.Entry e : pass.steps()) {
            if (e != act) {
                sigmaOnly(m, e, "i");
            }
        }
        return m.addStatement("$T<Double> near = s.mul($T.fromArray(S, cols.rq$L, j0 + c).mul(rqA)).abs()"
                        + ".compare($T.GT, $L)", VectorFormulas.MASK, V, act.index(), VectorFormulas.OPS,
                        JavaLiterals.of(VectorFormulas.EDGE))
                .addStatement("int d = i - j0 - c")
                .beginControlFlow("if (near.anyTrue() && !(rows == cols && d >= 0 && d < L && near.toLong() == 1L << d))")
                .addStatement("return true")
                .endControlFlow()
                .endControlFlow()
                .addStatement("return false")
                .build();
    }

    /** The Σ part of an input, dense or layer_norm step, for the first look at row {@code row}. */
    private static void sigmaOnly(MethodSpec.Builder m, StepPlan.Entry e, String row) {
        e.step().accept(new VectorSteps<Void>() {
            @Override
            public Void visitInputGram(Step.InputGram g) {
                m.addCode(inputScale(g));
                return null;
            }

            @Override
            public Void visitAffine(Step.Affine a) {
                CodeBlock.Builder b = CodeBlock.builder();
                RecursionText.VECTOR.sigma(b, "s", "s", a);
                m.addCode(b.build());
                return null;
            }

            @Override
            public Void visitElementwise(Step.Elementwise el) {
                throw new IllegalArgumentException("the first look at a row stops before the pass's activation");
            }

            @Override
            public Void visitResidual(Step.Residual r) {
                throw new IllegalArgumentException("a residual block is not part of a pass");
            }

            @Override
            public Void visitLayerNorm(Step.LayerNorm n) {
                m.addStatement("s = s.mul($L)", layerNormFactor(e, row));
                return null;
            }
        });
    }

    private void columnLoop(MethodSpec.Builder m, Pass pass, List<Slot> columnSlots, boolean ntk, boolean checked) {
        StepPlan.Entry act = pass.activation();
        m.beginControlFlow("for (int c = 0; c < w; c += L)");
        m.addStatement("int k = r * ld + c");
        m.addStatement("$T s = $T.fromArray(S, sigma, k)", V, V);
        boolean input = pass.steps().get(0).index() == 0;
        if (ntk) {
            m.addStatement(input ? CodeBlock.of("$T th = $T.zero(S)", V, V)
                    : CodeBlock.of("$T th = $T.fromArray(S, theta, k)", V, V));
        }
        for (StepPlan.Entry e : pass.steps()) {
            e.step().accept(new VectorSteps<Void>() {
                @Override
                public Void visitInputGram(Step.InputGram g) {
                    m.addComment("step $L: input", e.index());
                    m.addCode(inputScale(g));
                    return null;
                }

                @Override
                public Void visitAffine(Step.Affine a) {
                    m.addComment("step $L: $L", e.index(), a.description());
                    CodeBlock.Builder b = CodeBlock.builder();
                    if (ntk) {
                        RecursionText.VECTOR.theta(b, "th", "th", "s", a);
                    }
                    RecursionText.VECTOR.sigma(b, "s", "s", a);
                    m.addCode(b.build());
                    return null;
                }

                @Override
                public Void visitElementwise(Step.Elementwise el) {
                    activation(m, e, el, columnSlots, ntk, checked);
                    return null;
                }

                @Override
                public Void visitResidual(Step.Residual r) {
                    throw new IllegalArgumentException("a residual block is not part of a pass");
                }

                @Override
                public Void visitLayerNorm(Step.LayerNorm n) {
                    m.addComment("step $L: layer_norm", e.index());
                    m.addStatement("$T f$L = $L", V, e.index(), layerNormFactor(e, "i0 + r"));
                    m.addStatement("s = s.mul(f$L)", e.index());
                    if (ntk) {
                        m.addStatement("th = th.mul(f$L)", e.index());
                    }
                    return null;
                }
            });
        }
        if (joinScale != null) {
            // the end of a residual block: Σ ← Σ_a + scale²·Σ_f, Θ likewise
            m.addStatement("$T.fromArray(S, sa, k).add($L).intoArray(sigma, k)", V,
                    RecursionText.VECTOR.times(CodeBlock.of("s"), joinScale));
            if (ntk) {
                m.addStatement("$T.fromArray(S, ta, k).add($L).intoArray(theta, k)", V,
                        RecursionText.VECTOR.times(CodeBlock.of("th"), joinScale));
            }
        } else {
            m.addStatement("s.intoArray(sigma, k)");
            if (ntk) {
                m.addStatement("th.intoArray(theta, k)");
            }
        }
        m.endControlFlow();
    }

    private void activation(MethodSpec.Builder m, StepPlan.Entry e, Step.Elementwise el, List<Slot> columnSlots,
                            boolean ntk, boolean checked) {
        m.addComment("step $L: $L", e.index(), el.activation().label());
        m.addStatement("$T q12 = s", V);
        // Entries the vector formula cannot take go back to the arrays, to the kernel's scalar reference.
        CodeBlock.Builder writeBack = CodeBlock.builder().addStatement("s.intoArray(sigma, k)");
        if (ntk) {
            writeBack.addStatement("th.intoArray(theta, k)");
        }
        if (KernelClassWriter.isNumerical(e)) {
            m.addCode(SeriesCode.vectorBody(kernelClass(), e.index(), writeBack.build()));
        } else {
            for (Slot slot : columnSlots) {
                m.addStatement("$T $LB = $T.fromArray(S, cols.$L, j0 + c)", V, slot.field(), V, slot.field());
            }
            m.addCode(VectorFormulas.body(el.dual(), e.index(), checked));
            if (checked) {
                // Only the near-parallel lanes go to the scalar reference (Θ's factor comes back alone, from 1), so
                // that every other entry keeps the vector value whatever its neighbours are.
                m.beginControlFlow("if (edge.anyTrue())")
                        .addStatement("s.intoArray(sigma, k)");
                if (ntk) {
                    m.addStatement("ONE.intoArray(theta, k)");
                }
                m.addStatement("$T.reference$L(rows, i0 + r, cols, j0 + c, sigma, theta, k, L, ntk, edge.toLong())",
                                kernelClass(), e.index())
                        .addStatement("t = t.blend($T.fromArray(S, sigma, k), edge)", V);
                if (ntk) {
                    m.addStatement("td = td.blend($T.fromArray(S, theta, k), edge)", V);
                }
                m.endControlFlow();
            }
        }
        m.addStatement("s = t");
        if (ntk) {
            CodeBlock.Builder b = CodeBlock.builder();
            RecursionText.VECTOR.thetaTimes(b, "th", "td");
            m.addCode(b.build());
        }
    }

    /** 1/√q1 · 1/√q2 of a layer_norm step for the row {@code row} and the columns from {@code j0 + c}. */
    private static CodeBlock layerNormFactor(StepPlan.Entry e, String row) {
        String field = StepPlan.layerNormSlot(e.index()).field();
        return CodeBlock.of("$T.fromArray(S, cols.$L, j0 + c).mul(rows.$L[$L])", V, field, field, row);
    }

    /** Σ ← scale·Σ of the input step. */
    private static CodeBlock inputScale(Step.InputGram g) {
        CodeBlock.Builder b = CodeBlock.builder();
        RecursionText.VECTOR.assign(b, "s", RecursionText.VECTOR.times(CodeBlock.of("s"), g.scale()));
        return b.build();
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
