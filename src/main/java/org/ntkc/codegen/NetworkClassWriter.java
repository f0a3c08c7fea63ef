package org.ntkc.codegen;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ntkc.ir.ImagesNotSupportedException;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.NetworkLayer;
import org.ntkc.math.act.Activation;
import org.ntkc.math.sym.Sym;
import org.ntkc.math.sym.Symbolic;

/**
 * Writes {@code <Network>Network}: the finite network of a spec, as data (its layer list, each layer with the spec line
 * it came from) plus one small class per distinct activation with φ and φ′ inlined. The numerical engine (forward
 * pass, backpropagation, the layer-wise contraction of the empirical NTK, Monte Carlo) is the runtime's
 * {@code FiniteNetwork}; this class only configures it.
 */
final class NetworkClassWriter extends GeneratedSourceWriter {
    static final ClassName ARCHITECTURE = ClassName.get("org.ntkc.runtime", "NetworkArchitecture");
    static final ClassName FINITE_NETWORK = ClassName.get("org.ntkc.runtime", "FiniteNetwork");
    static final ClassName ACTIVATION_FUNCTION = ClassName.get("org.ntkc.runtime", "ActivationFunction");
    static final ClassName PARAMETERIZATION = ClassName.get("org.ntkc.runtime", "Parameterization");
    /** Layers added by one chain of builder calls (and, past that, per builder method). */
    static final int CHAINED_LAYERS = 100;

    NetworkClassWriter(StepPlan plan, String packageName) {
        super(plan, packageName);
    }

    /** The network class's name, {@code <Network>Network}. */
    static String networkClassName(String network) {
        return network + "Network";
    }

    @Override
    protected TypeSpec.Builder type() {
        KernelProgram p = plan.program();
        ClassName self = ClassName.get(packageName, networkClassName(p.name()));
        // One class per distinct activation formula, numbered in order of first use.
        Map<Sym, String> activationClasses = new LinkedHashMap<>();
        Map<Sym, Activation> activations = new LinkedHashMap<>();
        for (NetworkLayer layer : p.allLayers()) {
            if (layer instanceof NetworkLayer.Elementwise e && !activationClasses.containsKey(e.activation().phi())) {
                activationClasses.put(e.activation().phi(), "Activation" + (activationClasses.size() + 1));
                activations.put(e.activation().phi(), e.activation());
            }
        }
        TypeSpec.Builder t = TypeSpec.classBuilder(self)
                .addModifiers(PUBLIC, FINAL)
                .addJavadoc("$L", classDoc(p));
        t.addField(FieldSpec.builder(String.class, "NAME", PUBLIC, STATIC, FINAL)
                .addJavadoc("The network's name in its spec.\n").initializer("$S", p.name()).build());
        t.addField(FieldSpec.builder(int.class, "INPUT_DIM", PUBLIC, STATIC, FINAL)
                .addJavadoc("The input dimension n0.\n").initializer("$L", p.inputDim()).build());
        t.addField(FieldSpec.builder(int.class, "OUTPUT_WIDTH", PUBLIC, STATIC, FINAL)
                .addJavadoc("n_L, the number of outputs.\n").initializer("$L", p.outputWidth()).build());
        List<CodeBlock> calls = new ArrayList<>();
        layerCalls(p.layers(), activationClasses, calls);
        if (calls.size() <= CHAINED_LAYERS) {
            CodeBlock.Builder layers = CodeBlock.builder()
                    .add("$T.builder(NAME, INPUT_DIM, $T.$L)", ARCHITECTURE, PARAMETERIZATION,
                            p.parameterization().name())
                    .indent().indent();
            for (CodeBlock call : calls) {
                layers.add("\n").add(call);
            }
            layers.add("\n.build()").unindent().unindent();
            t.addField(architectureField().initializer(layers.build()).build());
        } else {
            // javac recurses once per chained call, and a method holds at most 64 KiB of bytecode: long networks are
            // built by statements, a bounded number per method.
            ClassName builder = ARCHITECTURE.nestedClass("Builder");
            MethodSpec.Builder architecture = MethodSpec.methodBuilder("architecture")
                    .addModifiers(PRIVATE, STATIC).returns(ARCHITECTURE)
                    .addStatement("$T b = $T.builder(NAME, INPUT_DIM, $T.$L)", builder, ARCHITECTURE, PARAMETERIZATION,
                            p.parameterization().name());
            for (int from = 0, part = 1; from < calls.size(); from += CHAINED_LAYERS, part++) {
                MethodSpec.Builder m = MethodSpec.methodBuilder("layers" + part).addModifiers(PRIVATE, STATIC)
                        .addParameter(builder, "b");
                for (CodeBlock call : calls.subList(from, Math.min(calls.size(), from + CHAINED_LAYERS))) {
                    m.addStatement("b$L", call);
                }
                t.addMethod(m.build());
                architecture.addStatement("layers$L(b)", part);
            }
            t.addMethod(architecture.addStatement("return b.build()").build());
            t.addField(architectureField().initializer("architecture()").build());
        }
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(PRIVATE).build());
        t.addMethod(MethodSpec.methodBuilder("create").addModifiers(PUBLIC, STATIC).returns(FINITE_NETWORK)
                .addParameter(long.class, "seed")
                .addJavadoc("A random network at the declared widths, its parameters drawn from {@code seed}.\n")
                .addStatement("return ARCHITECTURE.sample(seed)").build());
        t.addMethod(MethodSpec.methodBuilder("withHiddenWidths").addModifiers(PUBLIC, STATIC).returns(ARCHITECTURE)
                .addParameter(int.class, "width")
                .addJavadoc("The architecture with every hidden dense layer {@code width} units wide (the input"
                        + " dimension and\nthe output width stay).\n")
                .addStatement("return ARCHITECTURE.withHiddenWidths(width)").build());
        for (Map.Entry<Sym, String> e : activationClasses.entrySet()) {
            t.addType(activationType(e.getValue(), activations.get(e.getKey())));
        }
        return t;
    }

    private static FieldSpec.Builder architectureField() {
        return FieldSpec.builder(ARCHITECTURE, "ARCHITECTURE", PUBLIC, STATIC, FINAL)
                .addJavadoc("The layers at the declared widths, in order, each with the spec line it came from"
                        + " (dense: width, weight_std, bias_std).\n");
    }

    /** The builder calls of {@code layers} in order; a residual block is its opening, its body's calls, its end. */
    private void layerCalls(List<NetworkLayer> layers, Map<Sym, String> activationClasses, List<CodeBlock> out) {
        for (NetworkLayer layer : layers) {
            out.add(layerCall(layer, activationClasses));
            if (layer instanceof NetworkLayer.Residual r) {
                layerCalls(r.body(), activationClasses, out);
                out.add(CodeBlock.of(".endResidual()"));
            }
        }
    }

    private CodeBlock layerCall(NetworkLayer layer, Map<Sym, String> activationClasses) {
        return layer.accept(new NetworkLayer.Visitor<CodeBlock>() {
            @Override
            public CodeBlock visitDense(NetworkLayer.Dense d) {
                return CodeBlock.of(".dense($L, $L, $L, $S)", d.width(), JavaLiterals.of(d.weightStd()),
                        JavaLiterals.of(d.biasStd()), d.where(plan.specName()));
            }

            @Override
            public CodeBlock visitElementwise(NetworkLayer.Elementwise e) {
                return CodeBlock.of(".activation($S, new $L(), $S)", e.activation().label(),
                        activationClasses.get(e.activation().phi()), e.where(plan.specName()));
            }

            @Override
            public CodeBlock visitResidual(NetworkLayer.Residual r) {
                return CodeBlock.of(".residual($L, $S)", JavaLiterals.of(r.scale()), r.where(plan.specName()));
            }

            @Override
            public CodeBlock visitLayerNorm(NetworkLayer.LayerNorm n) {
                return CodeBlock.of(".layerNorm($S)", n.where(plan.specName()));
            }

            @Override
            public CodeBlock visitConv(NetworkLayer.Conv c) {
                throw new ImagesNotSupportedException(plan.program(), "a finite network");
            }

            @Override
            public CodeBlock visitPool(NetworkLayer.Pool p) {
                throw new ImagesNotSupportedException(plan.program(), "a finite network");
            }
        });
    }

    private String classDoc(KernelProgram p) {
        StringBuilder doc = new StringBuilder();
        doc.append("Finite networks {@code ").append(p.name()).append("} of {@code ").append(plan.specName())
                .append("}, ").append(p.parameterization().spelling()).append(" parameterization: random")
                .append("\ninitialisation, forward pass and empirical kernels (the finite-width counterpart of {@link ")
                .append(GeneratedSourceWriter.kernelClassName(p.name())).append("}).\n\n<pre>\n")
                .append("input ").append(p.inputDim()).append('\n');
        List<String> lines = new ArrayList<>();
        int longest = 0;
        List<NetworkLayer> all = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        docLayers(p.layers(), 0, all, depths);
        for (int n = 0; n < all.size(); n++) {
            NetworkLayer layer = all.get(n);
            String text = "  ".repeat(depths.get(n)) + layer.accept(new NetworkLayer.Visitor<String>() {
                @Override
                public String visitDense(NetworkLayer.Dense d) {
                    return "dense " + d.width() + " (weight_std = " + Symbolic.formatNumber(d.weightStd())
                            + ", bias_std = " + Symbolic.formatNumber(d.biasStd()) + ")";
                }

                @Override
                public String visitElementwise(NetworkLayer.Elementwise e) {
                    return e.activation().label();
                }

                @Override
                public String visitResidual(NetworkLayer.Residual r) {
                    return "residual (scale = " + Symbolic.formatNumber(r.scale()) + ")";
                }

                @Override
                public String visitLayerNorm(NetworkLayer.LayerNorm n) {
                    return "layer_norm";
                }

                @Override
                public String visitConv(NetworkLayer.Conv c) {
                    throw new ImagesNotSupportedException(p, "a finite network");
                }

                @Override
                public String visitPool(NetworkLayer.Pool pool) {
                    throw new ImagesNotSupportedException(p, "a finite network");
                }
            });
            lines.add(text);
            longest = Math.max(longest, text.length());
        }
        for (int i = 0; i < lines.size(); i++) {
            NetworkLayer layer = all.get(i);
            doc.append(html(String.format("%-" + longest + "s   %s", lines.get(i), layer.where(plan.specName()))))
                    .append('\n');
        }
        return doc.append("</pre>\n").toString();
    }

    private static void docLayers(List<NetworkLayer> layers, int depth, List<NetworkLayer> out, List<Integer> depths) {
        for (NetworkLayer layer : layers) {
            out.add(layer);
            depths.add(depth);
            if (layer instanceof NetworkLayer.Residual r) {
                docLayers(r.body(), depth + 1, out, depths);
            }
        }
    }

    private TypeSpec activationType(String name, Activation a) {
        MethodSpec phi = MethodSpec.methodBuilder("phi").addAnnotation(Override.class).addModifiers(PUBLIC)
                .returns(double.class).addParameter(double.class, "x")
                .addJavadoc("φ(x) = $L\n", html(Symbolic.format(a.phi(), "x")))
                .addCode(SymJava.body(a.phi())).build();
        MethodSpec derivative = MethodSpec.methodBuilder("derivative").addAnnotation(Override.class)
                .addModifiers(PUBLIC).returns(double.class).addParameter(double.class, "x")
                .addJavadoc("φ′(x) = $L\n", html(Symbolic.format(a.derivative(), "x")))
                .addCode(SymJava.body(a.derivative())).build();
        MethodSpec apply = MethodSpec.methodBuilder("apply").addAnnotation(Override.class).addModifiers(PUBLIC)
                .addParameter(double[].class, "z").addParameter(double[].class, "a")
                .addParameter(double[].class, "da").addParameter(int.class, "from").addParameter(int.class, "to")
                .beginControlFlow("for (int i = from; i < to; i++)")
                .addStatement("double x = z[i]")
                .addStatement("a[i] = phi(x)")
                .addStatement("da[i] = derivative(x)")
                .endControlFlow().build();
        return TypeSpec.classBuilder(name).addModifiers(PRIVATE, STATIC, FINAL)
                .addSuperinterface(ACTIVATION_FUNCTION)
                .addJavadoc("$L\n", html(a.label()))
                .addMethod(phi).addMethod(derivative).addMethod(apply).build();
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;");
    }
}
