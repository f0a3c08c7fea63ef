package org.ntkc.sema;

import org.ntkc.diag.SourceSpan;
import org.ntkc.math.act.Activation;

/** One layer of a checked network after {@code repeat} is expanded and defaults are applied. */
sealed interface Layer {
    SourceSpan span();

    /** A dense layer from {@code inWidth} to {@code width} units, with its resolved σ_w and σ_b. */
    record Dense(int inWidth, int width, double weightStd, double biasStd, SourceSpan span) implements Layer {
    }

    /** An elementwise activation. */
    record Elementwise(Activation activation, SourceSpan span) implements Layer {
    }
}
