package org.ntkc.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ntkc.diag.SourceSpan;
import org.ntkc.math.sym.Symbolic;

/**
 * A network's shapes layer by layer, for {@code ntkc check --shapes}: each layer as written with the shape of its
 * output, what the kernel state of a pair keeps there (MATH.md §7), and the memory a pair and a point need.
 */
public final class ShapeListing {
    private ShapeListing() {
    }

    public static String print(KernelProgram program, String specName) {
        StateLayout layout = program.stateLayout();
        // A statement inside repeat is several layers with one span: they take its steps' states in order.
        Map<SourceSpan, java.util.ArrayDeque<StateLayout.State>> stateAt = new HashMap<>();
        for (int s = 0; s < program.steps().size(); s++) {
            for (SourceSpan o : program.steps().get(s).origins()) {
                stateAt.computeIfAbsent(o, k -> new java.util.ArrayDeque<>()).add(layout.after(s));
            }
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"layer", "output", "kernel state of a pair", "from"});
        Shape input = program.inputShape();
        rows.add(new String[] {"input", input.toString(), keeps(layout.after(0)),
                where(program.steps().get(0).origins(), specName)});
        Shape[] shape = {input};
        for (NetworkLayer layer : program.layers()) {
            String what = layer.accept(new NetworkLayer.Visitor<String>() {
                @Override
                public String visitDense(NetworkLayer.Dense d) {
                    shape[0] = Shape.vector(d.width());
                    return "dense " + d.width();
                }

                @Override
                public String visitElementwise(NetworkLayer.Elementwise e) {
                    return e.activation().label();
                }

                @Override
                public String visitResidual(NetworkLayer.Residual r) {
                    return "residual (scale = " + org.ntkc.math.sym.Symbolic.formatNumber(r.scale()) + ", "
                            + r.body().size() + (r.body().size() == 1 ? " layer)" : " layers)");
                }

                @Override
                public String visitLayerNorm(NetworkLayer.LayerNorm n) {
                    return "layer_norm";
                }

                @Override
                public String visitConv(NetworkLayer.Conv c) {
                    shape[0] = c.out();
                    return c.dense() ? "dense " + c.out().channels() + " (on each position)"
                            : "conv " + c.out().channels() + " (" + c.window().describe() + ")";
                }

                @Override
                public String visitPool(NetworkLayer.Pool p) {
                    shape[0] = p.out();
                    return p.kind().spelling() + (p.window() == null ? "" : " (" + p.window().describe() + ")");
                }
            });
            java.util.ArrayDeque<StateLayout.State> states = stateAt.get(layer.origins().get(0));
            StateLayout.State state = states == null ? null : states.poll();
            rows.add(new String[] {what, shape[0].toString(), state == null ? "" : keeps(state),
                    layer.where(specName)});
        }
        int[] widths = new int[4];
        for (String[] r : rows) {
            for (int c = 0; c < 4; c++) {
                widths[c] = Math.max(widths[c], r[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            out.append(String.format(Locale.ROOT, "  %-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2]
                    + "s  %s", r[0], r[1], r[2], r[3]).stripTrailing()).append('\n');
        }
        long perPair = layout.bytesPerPair();
        long perPoint = perPointValues(program, layout) * Double.BYTES;
        out.append(String.format(Locale.ROOT, "  memory: %s per pair of points in flight (nngp and ntk of the largest "
                + "state, %,d value(s) each, in and out of a step); %s per point kept (its variances at each "
                + "activation)%n", bytes(perPair), layout.largestPairState(), bytes(perPoint)));
        return out.toString();
    }

    /** The values each point keeps for the pairs: its own variance at every position entering each activation. */
    static long perPointValues(KernelProgram program, StateLayout layout) {
        long values = 0;
        for (int s = 1; s < program.steps().size(); s++) {
            if (program.steps().get(s) instanceof Step.Elementwise) {
                StateLayout.State before = layout.after(s - 1);
                values += before instanceof StateLayout.Spatial sp ? sp.shape().positions() : 1;
            }
        }
        return values;
    }

    private static String keeps(StateLayout.State state) {
        if (state instanceof StateLayout.Spatial sp) {
            long p = sp.shape().positions();
            return sp.mode() == StateLayout.PairMode.FULL ? String.format(Locale.ROOT, "full: %,d x %,d positions", p, p)
                    : String.format(Locale.ROOT, "diagonal: %,d positions", p);
        }
        return "one number";
    }

    private static String where(List<SourceSpan> origins, String specName) {
        return specName + ":" + origins.get(0).line();
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return Symbolic.formatNumber(Math.round(b / 102.4) / 10.0) + " KiB";
        }
        if (b < 1024L * 1024 * 1024) {
            return Symbolic.formatNumber(Math.round(b / (1024 * 102.4)) / 10.0) + " MiB";
        }
        return Symbolic.formatNumber(Math.round(b / (1024 * 1024 * 102.4)) / 10.0) + " GiB";
    }
}
