package org.ntkc.ir;

import java.util.ArrayList;
import java.util.List;
import org.ntkc.diag.SourceSpan;
import org.ntkc.math.act.Activation;

/**
 * One layer of the finite network a spec describes, as it would be trained: the kernel IR folds consecutive dense
 * layers into one affine step (right for the kernel, wrong for a network, whose two weight matrices have their own
 * gradients), so programs also carry the layers themselves. Consecutive activations are one composed activation,
 * which is exact for a network too.
 */
public sealed interface NetworkLayer {
    List<SourceSpan> origins();

    <R> R accept(Visitor<R> visitor);

    /** One method per layer kind: a new kind fails to compile until every consumer handles it. */
    interface Visitor<R> {
        R visitDense(Dense layer);

        R visitElementwise(Elementwise layer);

        R visitResidual(Residual layer);

        R visitLayerNorm(LayerNorm layer);

        R visitConv(Conv layer);

        R visitPool(Pool layer);
    }

    /** Where the layer was declared, as {@code spec:line} ({@code spec:line,line} for composed activations). */
    default String where(String specName) {
        List<String> lines = new ArrayList<>();
        for (SourceSpan o : origins()) {
            String l = String.valueOf(o.line());
            if (!lines.contains(l)) {
                lines.add(l);
            }
        }
        return specName + ":" + String.join(",", lines);
    }

    /** A dense layer from {@code inWidth} to {@code width} units with its σ_w and σ_b. */
    record Dense(int inWidth, int width, double weightStd, double biasStd, List<SourceSpan> origins)
            implements NetworkLayer {
        public Dense {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitDense(this);
        }
    }

    /** An elementwise activation (several in a row composed into one). */
    record Elementwise(Activation activation, List<SourceSpan> origins) implements NetworkLayer {
        public Elementwise {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitElementwise(this);
        }
    }

    /** A residual block y = a + scale·f(a), f the layers of {@code body} (ending in a dense layer). */
    record Residual(double scale, List<NetworkLayer> body, List<SourceSpan> origins) implements NetworkLayer {
        public Residual {
            body = List.copyOf(body);
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitResidual(this);
        }
    }

    /** Layer normalisation over a point's features: subtract their mean, divide by their standard deviation. */
    record LayerNorm(List<SourceSpan> origins) implements NetworkLayer {
        public LayerNorm {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitLayerNorm(this);
        }
    }

    /**
     * A convolution from {@code in} to {@code out} (a dense layer on an image when {@code dense}: a 1 × 1 window)
     * with its σ_w and σ_b.
     */
    record Conv(Shape in, Shape out, Window window, double weightStd, double biasStd, boolean dense,
                List<SourceSpan> origins) implements NetworkLayer {
        public Conv {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitConv(this);
        }
    }

    /** A layer without parameters that changes the shape: avg_pool, global_avg_pool or flatten. */
    record Pool(Kind kind, Shape in, Shape out, Window window, List<SourceSpan> origins) implements NetworkLayer {
        /** Which pooling; {@code window} is null except for AVG. */
        public enum Kind {
            AVG("avg_pool"), GLOBAL_AVG("global_avg_pool"), FLATTEN("flatten");

            private final String spelling;

            Kind(String spelling) {
                this.spelling = spelling;
            }

            public String spelling() {
                return spelling;
            }
        }

        public Pool {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitPool(this);
        }
    }

    /** Every layer of {@code layers} in pre-order: a residual block before the layers of its body. */
    static List<NetworkLayer> preorder(List<NetworkLayer> layers) {
        List<NetworkLayer> out = new ArrayList<>();
        addPreorder(layers, out);
        return out;
    }

    private static void addPreorder(List<NetworkLayer> layers, List<NetworkLayer> out) {
        for (NetworkLayer l : layers) {
            out.add(l);
            if (l instanceof Residual r) {
                addPreorder(r.body(), out);
            }
        }
    }
}
