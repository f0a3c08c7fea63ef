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
 * Vector API. It lives in a class of its own that the kernel loads only when {@code jdk.incubator.vector} is present.
 * Rows of a tile and per-point arrays are padded, so every loop runs over whole vectors with no tail; each step is a
 * small method of its own, which keeps C2 inlining everything and no vector boxed.
 */
final class VectorClassWriter extends GeneratedSourceWriter {
    private static final ClassName TILE_KERNEL = ClassName.get("org.ntkc.runtime", "TileKernel");
    private static final ClassName SPECIES = ClassName.get("jdk.incubator.vector", "VectorSpecies");

    private final KernelClassWriter kernel;

    VectorClassWriter(StepPlan plan, String packageName, KernelClassWriter kernel) {
        super(plan, packageName);
        this.kernel = kernel;
    }

    static String vectorClassName(String network) {
        return kernelClassName(network) + "Vector";
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
                STATIC, FINAL).initializer("$T.SPECIES_PREFERRED", VectorFormulas.VECTOR).build());
        t.addField(FieldSpec.builder(int.class, "L", PRIVATE, STATIC, FINAL).initializer("S.length()").build());
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(PUBLIC).build());

        List<CodeBlock> calls = new ArrayList<>();
        List<MethodSpec> steps = new ArrayList<>();
        for (StepPlan.Entry e : plan.entries()) {
            calls.add(CodeBlock.of("$L(rows, i0, cols, j0, nr, w, sigma, theta, ld, ntk)", e.method()));
            steps.add(vectorStep(e));
        }
        MethodSpec.Builder tile = MethodSpec.methodBuilder("tile").addAnnotation(Override.class).addModifiers(PUBLIC)
                .addJavadoc("Every step, in order, over one tile of entries, whole vectors at a time.\n");
        for (KernelClassWriter.ParamDecl d : kernel.tileParams("nc")) {
            tile.addParameter(d.type(), d.name());
        }
        tile.addStatement("int w = (nc + L - 1) / L * L");
        KernelClassWriter.addCalls(t, tile, calls, "steps", kernel.tileParams("w"));
        t.addMethod(tile.build());
        steps.forEach(t::addMethod);
        return t;
    }

    /** x·scale + shift, leaving out a unit scale and a zero shift (exact identities). */
    private static CodeBlock affine(CodeBlock x, double scale, double shift) {
        CodeBlock scaled = scale == 1 ? x : CodeBlock.of("$L.mul($L)", x, JavaLiterals.of(scale));
        return shift == 0 ? scaled : CodeBlock.of("$L.add($L)", scaled, JavaLiterals.of(shift));
    }

    private MethodSpec vectorStep(StepPlan.Entry e) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(e.method()).addModifiers(PRIVATE, STATIC)
                .addJavadoc("$L\n", e.comment().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        for (KernelClassWriter.ParamDecl d : kernel.tileParams("w")) {
            m.addParameter(d.type(), d.name());
        }
        ClassName v = VectorFormulas.VECTOR;
        Step step = e.step();
        boolean numerical = KernelClassWriter.isNumerical(e);
        if (numerical) {
            m.addStatement("$T ta = rows.$L", SeriesCode.TABLES, SeriesCode.tablesField(e.index()));
            m.addStatement("$T tb = cols.$L", SeriesCode.TABLES, SeriesCode.tablesField(e.index()));
        }
        m.beginControlFlow("for (int r = 0; r < nr; r++)");
        List<Slot> slots = new ArrayList<>();
        if (numerical) {
            m.addStatement("double rq$LA = rows.rq$L[i0 + r]", e.index(), e.index());
            m.addStatement("double tauA = ta.logTau[i0 + r]");
        } else if (step instanceof Step.Elementwise el) {
            for (Slot slot : e.slots()) {
                if (!slot.field().equals("q" + e.index()) || VectorFormulas.vectorReadsQ(el.dual())) {
                    slots.add(slot);
                    m.addStatement("double $LA = rows.$L[i0 + r]", slot.field(), slot.field());
                }
            }
        }
        m.beginControlFlow("for (int c = 0; c < w; c += L)");
        m.addStatement("int k = r * ld + c");
        if (step instanceof Step.InputGram g) {
            m.addStatement("$T.fromArray(S, sigma, k).mul($L).intoArray(sigma, k)", v, JavaLiterals.of(g.scale()));
            m.beginControlFlow("if (ntk)").addStatement("$T.zero(S).intoArray(theta, k)", v).endControlFlow();
        } else if (step instanceof Step.Affine a) {
            m.addStatement("$T s = $T.fromArray(S, sigma, k)", v, v);
            m.addStatement("$L.intoArray(sigma, k)", affine(CodeBlock.of("s"), a.sigmaScale(), a.sigmaShift()));
            CodeBlock fromSigma = a.thetaFromSigma() == 1 ? CodeBlock.of("s")
                    : CodeBlock.of("s.mul($L)", JavaLiterals.of(a.thetaFromSigma()));
            CodeBlock th = CodeBlock.of("$T.fromArray(S, theta, k)", v);
            m.beginControlFlow("if (ntk)")
                    .addStatement("$L.intoArray(theta, k)", affine(CodeBlock.of("$L.add($L)",
                            a.thetaScale() == 1 ? th : CodeBlock.of("$L.mul($L)", th, JavaLiterals.of(a.thetaScale())),
                            fromSigma), 1, a.thetaShift()))
                    .endControlFlow();
        } else if (numerical) {
            m.addCode(SeriesCode.vectorBody(kernelClass(), e.index()));
            m.addStatement("t.intoArray(sigma, k)");
            m.beginControlFlow("if (ntk)")
                    .addStatement("$T.fromArray(S, theta, k).mul(td).intoArray(theta, k)", v)
                    .endControlFlow();
        } else {
            Step.Elementwise el = (Step.Elementwise) step;
            m.addStatement("$T q12 = $T.fromArray(S, sigma, k)", v, v);
            for (Slot slot : slots) {
                m.addStatement("$T $LB = $T.fromArray(S, cols.$L, j0 + c)", v, slot.field(), v, slot.field());
            }
            m.addCode(VectorFormulas.body(el.dual(), e.index()));
            if (VectorFormulas.hasEdge(el.dual())) {
                // Near-parallel lanes (rare): this vector of entries goes through the scalar reference instead.
                m.beginControlFlow("if (edge.anyTrue())")
                        .addStatement("$T.reference$L(rows, i0 + r, cols, j0 + c, sigma, theta, k, L, ntk)",
                                kernelClass(), e.index())
                        .addStatement("continue")
                        .endControlFlow();
            }
            m.addStatement("t.intoArray(sigma, k)");
            m.beginControlFlow("if (ntk)")
                    .addStatement("$T.fromArray(S, theta, k).mul(td).intoArray(theta, k)", v)
                    .endControlFlow();
        }
        m.endControlFlow();
        m.endControlFlow();
        return m.build();
    }
}
