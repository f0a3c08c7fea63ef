package org.ntkc.lang.tree;

import java.util.List;
import org.ntkc.diag.SourceSpan;

/** A statement inside a network block. Stages handle every kind through {@link Visitor}. */
public sealed interface Statement {
    SourceSpan span();

    <R> R accept(Visitor<R> visitor);

    /** One method per statement kind: adding a kind breaks every stage until it handles it. */
    interface Visitor<R> {
        R visitInput(Input input);

        R visitSetting(Setting setting);

        R visitDense(Dense dense);

        R visitResidual(Residual residual);

        R visitLayerNorm(LayerNorm layerNorm);

        R visitActivation(Activation activation);

        R visitRepeat(Repeat repeat);

        R visitConv(Conv conv);

        R visitAvgPool(AvgPool pool);

        R visitGlobalAvgPool(GlobalAvgPool pool);

        R visitFlatten(Flatten flatten);
    }

    /**
     * {@code input N} (one extent: a vector of N features), {@code input L x C} (a signal) or
     * {@code input H x W x C} (an image), channels last.
     */
    record Input(List<Num> extents, SourceSpan span) implements Statement {
        public Input {
            extents = List.copyOf(extents);
        }

        public Input(Num dimension, SourceSpan span) {
            this(List.of(dimension), span);
        }

        /** The input dimension of a vector input (the first extent of any input). */
        public Num dimension() {
            return extents.get(0);
        }

        /** Whether the input is a signal or an image rather than a vector. */
        public boolean spatial() {
            return extents.size() > 1;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitInput(this);
        }
    }

    /** {@code weight_std = 1.0}, {@code parameterization = standard}, … */
    record Setting(Name name, SettingValue value, SourceSpan span) implements Statement {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitSetting(this);
        }
    }

    /** {@code dense N (overrides) -> act -> act}; the activations are applied in order. */
    record Dense(Num width, List<Arg> args, List<ActivationRef> activations, SourceSpan span) implements Statement {
        public Dense {
            args = List.copyOf(args);
            activations = List.copyOf(activations);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitDense(this);
        }
    }

    /**
     * {@code residual (scale = R) { … }}: y = a + R·f(a), f the statements of the block. {@code args} are the
     * arguments as written (the checker resolves {@code scale}); {@code keyword} is the word {@code residual}.
     */
    record Residual(List<Arg> args, List<Statement> body, SourceSpan keyword, SourceSpan span) implements Statement {
        public Residual {
            args = List.copyOf(args);
            body = List.copyOf(body);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitResidual(this);
        }
    }

    /** {@code layer_norm}: each point's features normalised to mean 0 and variance 1. */
    record LayerNorm(SourceSpan span) implements Statement {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitLayerNorm(this);
        }
    }

    /** An activation on a line of its own. */
    record Activation(ActivationRef activation, SourceSpan span) implements Statement {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitActivation(this);
        }
    }

    /** {@code repeat K { … }}. */
    record Repeat(Num count, List<Statement> body, SourceSpan span) implements Statement {
        public Repeat {
            body = List.copyOf(body);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRepeat(this);
        }
    }

    /** {@code conv C (KH x KW, options) -> act}: a convolution with C output channels. */
    record Conv(Num channels, List<Num> window, List<LayerOption> options, List<ActivationRef> activations,
                SourceSpan span) implements Statement {
        public Conv {
            window = List.copyOf(window);
            options = List.copyOf(options);
            activations = List.copyOf(activations);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitConv(this);
        }
    }

    /** {@code avg_pool (KH x KW, options)}. */
    record AvgPool(List<Num> window, List<LayerOption> options, SourceSpan span) implements Statement {
        public AvgPool {
            window = List.copyOf(window);
            options = List.copyOf(options);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAvgPool(this);
        }
    }

    /** {@code global_avg_pool}: the mean over all positions. */
    record GlobalAvgPool(SourceSpan span) implements Statement {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitGlobalAvgPool(this);
        }
    }

    /** {@code flatten}: an image becomes a vector of H·W·C features. */
    record Flatten(SourceSpan span) implements Statement {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitFlatten(this);
        }
    }
}
