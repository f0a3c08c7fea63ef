package org.ntkc.sema;

import java.util.List;
import org.ntkc.diag.SourceSpan;
import org.ntkc.ir.NetworkLayer;
import org.ntkc.ir.Shape;
import org.ntkc.ir.Window;
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

    /**
     * {@code residual (scale) { body }}: y = a + scale·f(a), f the body. {@code span} is the header (the keyword and
     * its arguments), {@code block} the whole block.
     */
    record Residual(double scale, List<Layer> body, SourceSpan span, SourceSpan block) implements Layer {
        public Residual {
            body = List.copyOf(body);
        }
    }

    /** {@code layer_norm}. */
    record LayerNorm(SourceSpan span) implements Layer {
    }

    /**
     * A convolution from {@code in} to {@code out} with its resolved window, σ_w and σ_b; {@code dense} for a dense
     * layer on an image (a 1 × 1 window).
     */
    record Conv(Shape in, Shape out, Window window, double weightStd, double biasStd, boolean dense, SourceSpan span)
            implements Layer {
    }

    /** avg_pool (with its window), global_avg_pool or flatten, from {@code in} to {@code out}. */
    record Pool(NetworkLayer.Pool.Kind kind, Shape in, Shape out, Window window, SourceSpan span) implements Layer {
    }
}
