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
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import org.ntkc.ir.ImagesNotSupportedException;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.ProgramPrinter;
import org.ntkc.ir.StateLayout;
import org.ntkc.ir.Step;
import org.ntkc.ir.Window;

/**
 * Writes {@code <Network>Kernel} for a network whose input is a signal or an image (MATH.md §7): scalar layer code
 * specialised to the input shape. Every step is a method of its own with its sizes as literals; a conv's or avg_pool's
 * window is a constant table of input positions per output position (−1 in the zero padding), built once when the
 * class loads from the window's extents, strides and pads. Each state keeps full position pairs or only the same
 * positions, as {@link StateLayout} decides, and both kernels are computed in one pass. The point's own recursion
 * runs the same step methods on (x, x), recording its per-position variances before each activation.
 */
final class ImageClassWriter extends GeneratedSourceWriter {
    static final ClassName IMAGE_KERNEL = ClassName.get("org.ntkc.runtime", "ImageKernel");
    static final ClassName KERNEL_OPTIONS = KernelClassWriter.KERNEL_OPTIONS;
    private static final String STEP_PARAMS = "x, y, px, py, s, t, s2, t2, tmp";

    private final StateLayout layout;
    /** Offset in a point's prepared values of each activation step's variances (−1 for other steps). */
    private final int[] offsets;
    private final int prepared;

    ImageClassWriter(StepPlan plan, String packageName) {
        super(plan, packageName);
        KernelProgram p = plan.program();
        this.layout = p.stateLayout();
        this.offsets = new int[p.steps().size()];
        int at = 0;
        for (int s = 0; s < offsets.length; s++) {
            offsets[s] = -1;
            if (p.steps().get(s) instanceof Step.Elementwise e) {
                if (DualTraits.of(e.dual()).numerical()) {
                    throw new ImagesNotSupportedException(p, "generated code for the numerically integrated "
                            + "activation " + e.activation().label() + " (--interpret computes it)");
                }
                offsets[s] = at;
                at += positions(layout.after(s - 1));
            }
        }
        this.prepared = at + 2;
    }

    private static int positions(StateLayout.State state) {
        return state instanceof StateLayout.Spatial sp ? sp.shape().positions() : 1;
    }

    private static boolean full(StateLayout.State state) {
        return state instanceof StateLayout.Spatial sp && sp.mode() == StateLayout.PairMode.FULL;
    }

    private static int size(StateLayout.State state) {
        int p = positions(state);
        return full(state) ? p * p : p;
    }

    @Override
    protected TypeSpec.Builder type() {
        KernelProgram p = plan.program();
        TypeSpec.Builder t = TypeSpec.classBuilder(kernelClass()).addModifiers(PUBLIC, FINAL).superclass(IMAGE_KERNEL)
                .addJavadoc("$L", classDoc(p));
        t.addField(FieldSpec.builder(String.class, "NAME", PUBLIC, STATIC, FINAL)
                .addJavadoc("The network's name in its spec.\n").initializer("$S", p.name()).build());
        t.addField(FieldSpec.builder(int.class, "INPUT_DIM", PUBLIC, STATIC, FINAL)
                .addJavadoc("Values per point: $L in (h, w, c) order.\n", p.inputShape())
                .initializer("$L", p.inputDim()).build());
        t.addField(FieldSpec.builder(int.class, "OUTPUT_WIDTH", PUBLIC, STATIC, FINAL)
                .addJavadoc("n_L: the full kernels are these scalar kernels times the identity of this size.\n")
                .initializer("$L", p.outputWidth()).build());
        t.addField(FieldSpec.builder(int.class, "PREPARED", PRIVATE, STATIC, FINAL)
                .addJavadoc("A point's prepared values: its variances entering each activation, then Σ(x,x), Θ(x,x).\n")
                .initializer("$L", prepared).build());
        int largest = 1;
        int temporary = 1;
        for (int s = 0; s < p.steps().size(); s++) {
            largest = Math.max(largest, size(layout.after(s)));
            if (p.steps().get(s) instanceof Step.AvgPool pool) {
                temporary = Math.max(temporary, pool.out().positions() * pool.in().positions());
            }
        }
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(PUBLIC)
                .addJavadoc("Computes on all processors.\n")
                .addStatement("this($T.defaults())", KERNEL_OPTIONS).build());
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(PUBLIC).addParameter(KERNEL_OPTIONS, "options")
                .addStatement("super(NAME, INPUT_DIM, OUTPUT_WIDTH, options)").build());
        t.addMethod(MethodSpec.methodBuilder("withOptions").addAnnotation(Override.class).addModifiers(PUBLIC)
                .returns(kernelClass()).addParameter(KERNEL_OPTIONS, "options")
                .addStatement("return new $T(options)", kernelClass()).build());
        t.addMethod(MethodSpec.methodBuilder("bufferSizes").addAnnotation(Override.class).addModifiers(PROTECTED)
                .returns(int[].class)
                .addStatement("return new int[] {$L, $L, $L, $L, $L}", largest, largest, largest, largest, temporary)
                .build());
        addDrivers(t);
        for (StepPlan.Entry e : plan.entries()) {
            FieldSpec constant = e.activation() == null ? null
                    : ScalarDuals.constantField(e.activation().dual(), e.index());
            if (constant != null) {
                t.addField(constant);
            }
            Window w = window(e.step());
            if (w != null) {
                t.addField(FieldSpec.builder(int[].class, "SOURCES_" + e.index(), PRIVATE, STATIC, FINAL)
                        .addJavadoc("Step $L's window ($L): input position per output position and offset.\n",
                                e.index(), w.describe())
                        .initializer("$T.windowSources(new int[] {$L}, new int[] {$L}, new int[] {$L}, new int[] {$L},"
                                        + " new int[] {$L}, $L)", IMAGE_KERNEL, ints(w.inExtents()),
                                ints(w.outExtents()), ints(w.size()), ints(w.stride()), ints(w.padBefore()),
                                w.padding() == Window.Padding.CIRCULAR)
                        .build());
            }
            t.addMethod(step(e));
        }
        return t;
    }

    private static String ints(List<Integer> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    private static Window window(Step step) {
        if (step instanceof Step.Conv c) {
            return c.window();
        }
        return step instanceof Step.AvgPool p ? p.window() : null;
    }

    private String classDoc(KernelProgram p) {
        StringBuilder doc = new StringBuilder();
        doc.append("Infinite-width kernels (NNGP and NTK) of network {@code ").append(p.name()).append("} in {@code ")
                .append(plan.specName()).append("}, for inputs of shape ").append(p.inputShape())
                .append(".\n\n<p>The kernel recursion, one step per line:\n<pre>\n");
        for (String line : ProgramPrinter.print(p).split("\n")) {
            doc.append(line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;"))
                    .append('\n');
        }
        return doc.append("</pre>\n").toString();
    }

    /** Whether step s writes its result into the second pair of buffers (its state changes size). */
    private static boolean swaps(Step step) {
        return step instanceof Step.Conv || step instanceof Step.AvgPool;
    }

    private void addDrivers(TypeSpec.Builder t) {
        MethodSpec.Builder prepare = MethodSpec.methodBuilder("prepare").addAnnotation(Override.class)
                .addModifiers(PROTECTED).returns(double[].class)
                .addParameter(double[].class, "x").addParameter(double[][].class, "b")
                .addStatement("double[] px = new double[PREPARED]")
                .addStatement("double[] y = x")
                .addStatement("double[] py = px");
        MethodSpec.Builder pair = MethodSpec.methodBuilder("pair").addAnnotation(Override.class)
                .addModifiers(PROTECTED)
                .addParameter(double[].class, "x").addParameter(double[].class, "px")
                .addParameter(double[].class, "y").addParameter(double[].class, "py")
                .addParameter(double[][].class, "b").addParameter(double[].class, "out");
        for (MethodSpec.Builder m : List.of(prepare, pair)) {
            m.addStatement("double[] s = b[0]").addStatement("double[] t = b[1]").addStatement("double[] s2 = b[2]")
                    .addStatement("double[] t2 = b[3]").addStatement("double[] tmp = b[4]")
                    .addStatement("double[] u");
        }
        List<Step> steps = plan.program().steps();
        for (int s = 0; s < steps.size(); s++) {
            if (offsets[s] >= 0) {
                StateLayout.State in = layout.after(s - 1);
                int n = positions(in);
                String diagonal = full(in) ? "s[p * " + (n + 1) + "]" : "s[p]";
                prepare.beginControlFlow("for (int p = 0; p < $L; p++)", n)
                        .addStatement("px[$L + p] = $L", offsets[s], diagonal).endControlFlow();
            }
            for (MethodSpec.Builder m : List.of(prepare, pair)) {
                m.addStatement("step$L($L)", s, STEP_PARAMS);
                if (swaps(steps.get(s))) {
                    m.addStatement("u = s").addStatement("s = s2").addStatement("s2 = u")
                            .addStatement("u = t").addStatement("t = t2").addStatement("t2 = u");
                }
            }
        }
        prepare.addStatement("px[PREPARED - 2] = s[0]").addStatement("px[PREPARED - 1] = t[0]")
                .addStatement("return px");
        pair.addStatement("out[0] = s[0]").addStatement("out[1] = t[0]");
        t.addMethod(prepare.build());
        t.addMethod(pair.build());
    }

    private MethodSpec step(StepPlan.Entry e) {
        int index = e.index();
        StateLayout.State in = index == 0 ? null : layout.after(index - 1);
        StateLayout.State out = layout.after(index);
        MethodSpec.Builder m = MethodSpec.methodBuilder("step" + index).addModifiers(PRIVATE, STATIC)
                .addJavadoc("$L\n", e.comment().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                        .replace("@", "&#64;"))
                .addJavadoc("State: $L.\n", out);
        for (String name : STEP_PARAMS.split(", ")) {
            m.addParameter(double[].class, name);
        }
        CodeBlock.Builder b = CodeBlock.builder();
        e.step().accept(new Step.Visitor<Void>() {
            @Override
            public Void visitInputGram(Step.InputGram g) {
                throw new IllegalStateException("a vector input in an image program");
            }

            @Override
            public Void visitImageInput(Step.ImageInput i) {
                int n = i.shape().positions();
                int c = i.shape().channels();
                boolean f = full(out);
                b.beginControlFlow("for (int p = 0; p < $L; p++)", n);
                if (f) {
                    b.beginControlFlow("for (int r = 0; r < $L; r++)", n);
                } else {
                    b.addStatement("int r = p");
                }
                b.addStatement("double sum = 0.0")
                        .beginControlFlow("for (int c = 0; c < $L; c++)", c)
                        .addStatement("sum += x[p * $L + c] * y[r * $L + c]", c, c).endControlFlow()
                        .addStatement("int k = $L", f ? "p * " + n + " + r" : "p")
                        .addStatement("s[k] = $L", RecursionText.SCALAR.times(CodeBlock.of("sum"), i.scale()))
                        .addStatement("t[k] = 0.0");
                if (f) {
                    b.endControlFlow();
                }
                b.endControlFlow();
                return null;
            }

            @Override
            public Void visitAffine(Step.Affine a) {
                b.addStatement("double sigma = s[0]");
                RecursionText.SCALAR.sigma(b, "s[0]", "sigma", a);
                RecursionText.SCALAR.theta(b, "t[0]", "t[0]", "sigma", a);
                return null;
            }

            @Override
            public Void visitConv(Step.Conv c) {
                int pin = c.in().positions();
                int pout = c.out().positions();
                int k = c.window().volume();
                String src = "SOURCES_" + index;
                if (full(out)) {
                    b.beginControlFlow("for (int o = 0; o < $L; o++)", pout)
                            .beginControlFlow("for (int r = 0; r < $L; r++)", pout)
                            .addStatement("double a = 0.0").addStatement("double th = 0.0")
                            .beginControlFlow("for (int d = 0; d < $L; d++)", k)
                            .addStatement("int i = $L[o * $L + d]", src, k)
                            .addStatement("int j = $L[r * $L + d]", src, k)
                            .beginControlFlow("if (i >= 0 && j >= 0)")
                            .addStatement("a += s[i * $L + j]", pin).addStatement("th += t[i * $L + j]", pin)
                            .endControlFlow().endControlFlow()
                            .addStatement("int kk = o * $L + r", pout);
                } else {
                    b.beginControlFlow("for (int o = 0; o < $L; o++)", pout)
                            .addStatement("double a = 0.0").addStatement("double th = 0.0")
                            .beginControlFlow("for (int d = 0; d < $L; d++)", k)
                            .addStatement("int i = $L[o * $L + d]", src, k)
                            .beginControlFlow("if (i >= 0)")
                            .addStatement("a += s[i]").addStatement("th += t[i]")
                            .endControlFlow().endControlFlow()
                            .addStatement("int kk = o");
                }
                b.addStatement("a = $L", RecursionText.SCALAR.times(CodeBlock.of("a"), 1.0 / k))
                        .addStatement("th = $L", RecursionText.SCALAR.times(CodeBlock.of("th"), 1.0 / k));
                RecursionText.SCALAR.sigma(b, "s2[kk]", "a", c.affine());
                RecursionText.SCALAR.theta(b, "t2[kk]", "th", "a", c.affine());
                b.endControlFlow();
                if (full(out)) {
                    b.endControlFlow();
                }
                return null;
            }

            @Override
            public Void visitAvgPool(Step.AvgPool p) {
                int pin = p.in().positions();
                int pout = p.out().positions();
                int k = p.window().volume();
                String src = "SOURCES_" + index;
                double scale = 1.0 / ((double) k * k);
                for (String[] kernel : new String[][] {{"s", "s2"}, {"t", "t2"}}) {
                    // Pool the first point's positions into tmp (pout x pin), then the second's.
                    b.beginControlFlow("for (int o = 0; o < $L; o++)", pout)
                            .beginControlFlow("for (int j = 0; j < $L; j++)", pin)
                            .addStatement("double a = 0.0")
                            .beginControlFlow("for (int d = 0; d < $L; d++)", k)
                            .addStatement("int i = $L[o * $L + d]", src, k)
                            .beginControlFlow("if (i >= 0)").addStatement("a += $L[i * $L + j]", kernel[0], pin)
                            .endControlFlow().endControlFlow()
                            .addStatement("tmp[o * $L + j] = a", pin)
                            .endControlFlow().endControlFlow();
                    boolean f = full(out);
                    b.beginControlFlow("for (int o = 0; o < $L; o++)", pout);
                    if (f) {
                        b.beginControlFlow("for (int r = 0; r < $L; r++)", pout);
                    } else {
                        b.addStatement("int r = o");
                    }
                    b.addStatement("double a = 0.0")
                            .beginControlFlow("for (int d = 0; d < $L; d++)", k)
                            .addStatement("int j = $L[r * $L + d]", src, k)
                            .beginControlFlow("if (j >= 0)").addStatement("a += tmp[o * $L + j]", pin)
                            .endControlFlow().endControlFlow()
                            .addStatement("$L[$L] = $L", kernel[1], f ? "o * " + pout + " + r" : "o",
                                    RecursionText.SCALAR.times(CodeBlock.of("a"), scale));
                    if (f) {
                        b.endControlFlow();
                    }
                    b.endControlFlow();
                }
                return null;
            }

            @Override
            public Void visitGlobalAvgPool(Step.GlobalAvgPool g) {
                int n = size(in);
                b.addStatement("double a = 0.0").addStatement("double th = 0.0")
                        .beginControlFlow("for (int k = 0; k < $L; k++)", n)
                        .addStatement("a += s[k]").addStatement("th += t[k]").endControlFlow()
                        .addStatement("s[0] = a / $L", n).addStatement("t[0] = th / $L", n);
                return null;
            }

            @Override
            public Void visitResidual(Step.Residual r) {
                throw new IllegalStateException("a residual block in an image program (the checker refuses them): " + r);
            }

            @Override
            public Void visitLayerNorm(Step.LayerNorm n) {
                throw new IllegalStateException("layer_norm in an image program (the checker refuses it): " + n);
            }

            @Override
            public Void visitFlatten(Step.Flatten f) {
                int n = positions(in);
                String at = full(in) ? "p * " + (n + 1) : "p";
                b.addStatement("double a = 0.0").addStatement("double th = 0.0")
                        .beginControlFlow("for (int p = 0; p < $L; p++)", n)
                        .addStatement("a += s[$L]", at).addStatement("th += t[$L]", at).endControlFlow()
                        .addStatement("s[0] = a / $L", n).addStatement("t[0] = th / $L", n);
                return null;
            }

            @Override
            public Void visitElementwise(Step.Elementwise el) {
                int n = positions(in);
                int offset = offsets[index];
                boolean f = full(in);
                b.addStatement("double[] out = new double[2]")
                        .beginControlFlow("for (int p = 0; p < $L; p++)", n)
                        .addStatement("double q1 = px[$L + p]", offset);
                if (f) {
                    b.beginControlFlow("for (int r = 0; r < $L; r++)", n);
                } else {
                    b.addStatement("int r = p");
                }
                b.addStatement("int k = $L", f ? "p * " + n + " + r" : "p")
                        .addStatement(ScalarDuals.call(el.dual(), index, "q1", "py[" + offset + " + r]", "s[k]"))
                        .addStatement("s[k] = out[0]")
                        .add(KernelClassWriter.thetaTimesOut("t[k]"));
                if (f) {
                    b.endControlFlow();
                }
                b.endControlFlow();
                return null;
            }
        });
        return m.addCode(b.build()).build();
    }
}
