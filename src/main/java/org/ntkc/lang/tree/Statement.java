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
    }

    /** {@code input N}. */
    record Input(Num dimension, SourceSpan span) implements Statement {
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
}
