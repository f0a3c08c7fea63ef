package org.ntkc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The layers of a finite fully-connected network, as a spec declares them: dense layers with their widths, σ_w and
 * σ_b, and elementwise activations (several in a row composed into one), in one of the two parameterizations
 * (docs/math.md, "The network"). Immutable; {@link #withHiddenWidths} gives the same architecture at other widths, and
 * {@link #sample} a random network. Generated {@code <Network>Network} classes build one from their layer list.
 */
public final class NetworkArchitecture {
    /** One layer of the network. */
    public sealed interface Layer permits Dense, Activation, Residual, LayerNorm {
        /** Where it was declared, as {@code spec:line} (for messages and comments). */
        String origin();

        <R> R accept(Visitor<R> visitor);

        /** One method per layer kind: a new kind fails to compile until the finite network handles it. */
        interface Visitor<R> {
            R visitDense(Dense layer);

            R visitActivation(Activation layer);

            R visitResidual(Residual layer);

            R visitLayerNorm(LayerNorm layer);
        }
    }

    /** A residual block y = a + scale·f(a), f the layers of {@code body}, which end in a dense layer. */
    public record Residual(double scale, List<Layer> body, String origin) implements Layer {
        public Residual {
            body = List.copyOf(body);
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("the scale of a residual block must be > 0, got " + scale);
            }
            if (body.isEmpty() || !(body.get(body.size() - 1) instanceof Dense)) {
                throw new IllegalArgumentException("a residual block (" + origin + ") must end in a dense layer");
            }
            Objects.requireNonNull(origin);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitResidual(this);
        }
    }

    /** Layer normalisation over each point's features: mean 0 and variance 1 (no gain, no shift, no epsilon). */
    public record LayerNorm(String origin) implements Layer {
        public LayerNorm {
            Objects.requireNonNull(origin);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitLayerNorm(this);
        }
    }

    /** A dense layer from {@code inWidth} to {@code width} units. */
    public record Dense(int inWidth, int width, double weightStd, double biasStd, String origin) implements Layer {
        public Dense {
            if (inWidth < 1 || width < 1) {
                throw new IllegalArgumentException("layer widths must be at least 1, got " + inWidth + " -> " + width);
            }
            if (!(weightStd > 0) || !(biasStd >= 0) || Double.isInfinite(weightStd) || Double.isInfinite(biasStd)) {
                throw new IllegalArgumentException("need weight_std > 0 and bias_std >= 0, got " + weightStd + ", "
                        + biasStd);
            }
            Objects.requireNonNull(origin);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitDense(this);
        }
    }

    /** An elementwise activation, named {@code label} in messages. */
    public record Activation(String label, ActivationFunction function, String origin) implements Layer {
        public Activation {
            Objects.requireNonNull(label);
            Objects.requireNonNull(function);
            Objects.requireNonNull(origin);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitActivation(this);
        }
    }

    private final String name;
    private final int inputDim;
    private final Parameterization parameterization;
    private final List<Layer> layers;

    private NetworkArchitecture(String name, int inputDim, Parameterization parameterization, List<Layer> layers) {
        this.name = name;
        this.inputDim = inputDim;
        this.parameterization = parameterization;
        this.layers = List.copyOf(layers);
    }

    /** Starts an architecture; add layers in order, then {@link Builder#build()}. */
    public static Builder builder(String name, int inputDim, Parameterization parameterization) {
        return new Builder(name, inputDim, parameterization);
    }

    /** Adds layers in order; each dense layer's input width is the width before it. */
    public static final class Builder {
        private final String name;
        private final int inputDim;
        private final Parameterization parameterization;
        private final List<Layer> layers = new ArrayList<>();
        /** The residual blocks opened and not yet ended: their scale, origin, input width and outer layer list. */
        private final java.util.ArrayDeque<Object[]> open = new java.util.ArrayDeque<>();
        private List<Layer> current = layers;
        private int width;

        private Builder(String name, int inputDim, Parameterization parameterization) {
            if (inputDim < 1) {
                throw new IllegalArgumentException("the input dimension must be at least 1, got " + inputDim);
            }
            this.name = Objects.requireNonNull(name);
            this.inputDim = inputDim;
            this.parameterization = Objects.requireNonNull(parameterization);
            this.width = inputDim;
        }

        public Builder dense(int width, double weightStd, double biasStd, String origin) {
            current.add(new Dense(this.width, width, weightStd, biasStd, origin));
            this.width = width;
            return this;
        }

        public Builder activation(String label, ActivationFunction function, String origin) {
            current.add(new Activation(label, function, origin));
            return this;
        }

        public Builder layerNorm(String origin) {
            current.add(new LayerNorm(origin));
            return this;
        }

        /** Opens a residual block: the layers added until {@link #endResidual()} are its body. */
        public Builder residual(double scale, String origin) {
            open.push(new Object[] {scale, origin, width, current});
            current = new ArrayList<>();
            return this;
        }

        /** Closes the innermost open residual block, whose body must keep the width it started with. */
        @SuppressWarnings("unchecked")
        public Builder endResidual() {
            if (open.isEmpty()) {
                throw new IllegalStateException("endResidual() without residual()");
            }
            Object[] block = open.pop();
            if ((int) block[2] != width) {
                throw new IllegalArgumentException("the residual block (" + block[1] + ") changes the width from "
                        + block[2] + " to " + width);
            }
            List<Layer> body = current;
            current = (List<Layer>) block[3];
            current.add(new Residual((double) block[0], body, (String) block[1]));
            return this;
        }

        public NetworkArchitecture build() {
            if (!open.isEmpty()) {
                throw new IllegalStateException("a residual block (" + open.peek()[1] + ") is not ended");
            }
            if (layers.stream().noneMatch(l -> l instanceof Dense)) {
                throw new IllegalArgumentException("network " + name + " has no dense layer");
            }
            return new NetworkArchitecture(name, inputDim, parameterization, layers);
        }
    }

    public String name() {
        return name;
    }

    public int inputDim() {
        return inputDim;
    }

    public Parameterization parameterization() {
        return parameterization;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Every layer in pre-order: a residual block before the layers of its body. */
    public List<Layer> allLayers() {
        List<Layer> out = new ArrayList<>();
        addAll(layers, out);
        return out;
    }

    private static void addAll(List<Layer> list, List<Layer> out) {
        for (Layer l : list) {
            out.add(l);
            if (l instanceof Residual r) {
                addAll(r.body(), out);
            }
        }
    }

    /** The widths of the dense layers, in order (pre-order through residual blocks); the last is the output width. */
    public List<Integer> widths() {
        List<Integer> widths = new ArrayList<>();
        for (Layer l : allLayers()) {
            if (l instanceof Dense d) {
                widths.add(d.width());
            }
        }
        return widths;
    }

    /** n_L, the number of outputs. */
    public int outputWidth() {
        List<Integer> w = widths();
        return w.get(w.size() - 1);
    }

    /** The number of dense layers before the output layer: the widths that a convergence study varies. */
    public int hiddenLayers() {
        return widths().size() - 1;
    }

    /** Whether the last layer is dense (f = z^L), rather than an activation applied to the outputs. */
    public boolean endsWithDense() {
        return layers.get(layers.size() - 1) instanceof Dense;
    }

    /** The number of trainable parameters: every weight and bias (standard parameterization: biases with σ_b > 0). */
    public long parameterCount() {
        long n = 0;
        for (Layer l : allLayers()) {
            if (l instanceof Dense d) {
                n += (long) d.inWidth() * d.width();
                if (parameterization == Parameterization.NTK || d.biasStd() > 0) {
                    n += d.width();
                }
            }
        }
        return n;
    }

    /** The same layers with every hidden dense layer {@code width} units wide (input and output stay). */
    public NetworkArchitecture withHiddenWidths(int width) {
        List<Integer> widths = widths();
        for (int k = 0; k < widths.size() - 1; k++) {
            widths.set(k, width);
        }
        return withWidths(widths);
    }

    /** The same layers with the dense layers {@code widths} wide; the last (the output width) must stay. */
    public NetworkArchitecture withWidths(List<Integer> widths) {
        checkWidths(name, widths(), widths);
        Builder b = builder(name, inputDim, parameterization);
        Layer.Visitor<Builder> add = new Layer.Visitor<>() {
            private int k;

            @Override
            public Builder visitDense(Dense d) {
                return b.dense(widths.get(k++), d.weightStd(), d.biasStd(), d.origin());
            }

            @Override
            public Builder visitActivation(Activation a) {
                return b.activation(a.label(), a.function(), a.origin());
            }

            @Override
            public Builder visitResidual(Residual r) {
                b.residual(r.scale(), r.origin());
                for (Layer l : r.body()) {
                    l.accept(this);
                }
                return b.endResidual();
            }

            @Override
            public Builder visitLayerNorm(LayerNorm n) {
                return b.layerNorm(n.origin());
            }
        };
        for (Layer l : layers) {
            l.accept(add);
        }
        return b.build();
    }

    /**
     * Checks that {@code widths} can replace the dense-layer widths {@code current} of network {@code name}: one per
     * dense layer, each at least 1, the last (the output width) unchanged. The rule for both sides of a network at
     * other widths: this architecture's {@link #withWidths} and the kernel program's.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void checkWidths(String name, List<Integer> current, List<Integer> widths) {
        if (widths.size() != current.size()) {
            throw new IllegalArgumentException("network " + name + " has " + current.size() + " dense layers, got "
                    + widths.size() + " widths");
        }
        if (!widths.get(widths.size() - 1).equals(current.get(current.size() - 1))) {
            throw new IllegalArgumentException("the output width of network " + name + " is "
                    + current.get(current.size() - 1) + "; it cannot be changed to " + widths.get(widths.size() - 1));
        }
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("a layer width must be at least 1, got " + w);
            }
        }
    }

    /** A random network of this architecture, its parameters drawn from {@code seed} (see {@link FiniteNetwork}). */
    public FiniteNetwork sample(long seed) {
        return new FiniteNetwork(this, seed);
    }

    @Override
    public String toString() {
        return "network " + name + ": input " + inputDim + ", widths " + widths() + ", "
                + parameterization.name().toLowerCase(java.util.Locale.ROOT) + " parameterization";
    }
}
