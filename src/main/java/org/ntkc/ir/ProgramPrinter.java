package org.ntkc.ir;

import java.util.ArrayList;
import java.util.List;
import org.ntkc.diag.SourceSpan;
import org.ntkc.math.act.Activation;
import org.ntkc.math.sym.Symbolic;

/**
 * Renders a kernel program as text, one step per line, for {@code ntkc ir}: what each step does to the state
 * (nngp = Σ(x,x'), ntk = Θ(x,x')), how its dual is computed, and the spec lines it came from. Numerical activations
 * also show their symbolic φ and φ′, so users can see what the compiler derived. Plain ASCII, so it reads the
 * same in every terminal.
 */
public final class ProgramPrinter {
    private ProgramPrinter() {
    }

    /** One printed step: its name, what it does, where it came from, and detail lines below it. */
    private record Row(String what, String recursion, String origin, List<String> details) {
    }

    /** A row as printed: its number (empty for the end of a residual block) and its indentation. */
    private record Line(String number, int depth, Row row) {
    }

    private static void lines(List<Step> steps, StateLayout layout, int depth, int[] next, List<Line> out) {
        for (Step step : steps) {
            int number = next[0]++;
            out.add(new Line(String.valueOf(number), depth, row(step, layout == null ? null : layout.after(number))));
            if (step instanceof Step.Residual r) {
                lines(r.body(), layout, depth + 1, next, out);
                out.add(new Line("", depth, new Row("end " + number, "sum of the block and its input", "",
                        List.of())));
            }
        }
    }

    public static String print(KernelProgram program) {
        List<Line> lines = new ArrayList<>();
        StateLayout layout = program.isSpatial() ? program.stateLayout() : null;
        lines(program.steps(), layout, 0, new int[1], lines);
        List<Row> rows = new ArrayList<>();
        for (Line l : lines) {
            rows.add(new Row("  ".repeat(l.depth()) + l.row().what(), l.row().recursion(), l.row().origin(),
                    l.row().details()));
        }
        int whatWidth = "step".length();
        int recursionWidth = 0;
        for (Row r : rows) {
            whatWidth = Math.max(whatWidth, r.what().length());
            recursionWidth = Math.max(recursionWidth, r.recursion().length());
        }
        StringBuilder out = new StringBuilder();
        out.append("network ").append(program.name()).append(": input ").append(program.inputShape());
        if (program.isSpatial()) {
            long convs = program.layers().stream().filter(l -> l instanceof NetworkLayer.Conv).count();
            out.append(" (").append(program.inputDim()).append(" values per point), ").append(convs)
                    .append(convs == 1 ? " conv layer" : " conv layers").append(" (dense on an image included)");
        }
        out.append(", ").append(program.depth()).append(program.depth() == 1 ? " dense layer" : " dense layers")
                .append(", output width ").append(program.outputWidth()).append(", ")
                .append(program.parameterization().spelling()).append(" parameterization\n");
        String format = "  %3s  %-" + whatWidth + "s  %-" + recursionWidth + "s  %s";
        out.append(String.format(format, "#", "step", "recursion", "from")).append('\n');
        String indent = " ".repeat(2 + 3 + 2 + whatWidth + 2);
        for (int s = 0; s < rows.size(); s++) {
            Row r = rows.get(s);
            out.append(String.format(format, lines.get(s).number(), r.what(), r.recursion(), r.origin()).stripTrailing())
                    .append('\n');
            for (String d : r.details()) {
                out.append(indent).append(d).append('\n');
            }
        }
        return out.toString();
    }

    private static Row row(Step step, StateLayout.State state) {
        String origin = origins(step.origins());
        String stateLine = state instanceof StateLayout.Spatial sp ? "state: " + sp : null;
        Row row = step.accept(new Step.Visitor<Row>() {
            @Override
            public Row visitInputGram(Step.InputGram g) {
                return new Row("input", "nngp = x.x' / " + g.inputDim() + "; ntk = 0", origin, List.of());
            }

            @Override
            public Row visitAffine(Step.Affine a) {
                String nngp = linear(new double[] {a.sigmaScale()}, new String[] {"nngp"}, a.sigmaShift());
                String ntk = linear(new double[] {a.thetaScale(), a.thetaFromSigma()}, new String[] {"ntk", "nngp"},
                        a.thetaShift());
                return new Row("dense", "nngp <- " + nngp + "; ntk <- " + ntk, origin, List.of(a.description()));
            }

            @Override
            public Row visitElementwise(Step.Elementwise e) {
                Activation act = e.activation();
                List<String> details = new ArrayList<>();
                details.add(e.dual().method());
                if (act.isNumerical()) {
                    details.add("phi(x)  = " + Symbolic.format(act.phi(), "x"));
                    details.add("phi'(x) = " + Symbolic.format(act.derivative(), "x"));
                }
                return new Row(act.label(), "nngp <- T(q1, q2, nngp); ntk <- ntk * Tdot(q1, q2, nngp)", origin,
                        details);
            }

            @Override
            public Row visitResidual(Step.Residual r) {
                String s2 = Symbolic.formatNumber(r.scaleSquared());
                return new Row("residual", "nngp <- nngp + " + s2 + " * f(nngp); ntk <- ntk + " + s2
                        + " * f(ntk); f: the steps below, on a copy", origin,
                        List.of("scale = " + Symbolic.formatNumber(r.scale())));
            }

            @Override
            public Row visitLayerNorm(Step.LayerNorm n) {
                return new Row("layer_norm", "nngp <- nngp / sqrt(q1 * q2); ntk <- ntk / sqrt(q1 * q2)", origin,
                        List.of());
            }

            @Override
            public Row visitImageInput(Step.ImageInput i) {
                return new Row("input", "nngp[p,p'] = sum_c x[p,c] x'[p',c] / " + i.shape().channels() + "; ntk = 0",
                        origin, List.of());
            }

            @Override
            public Row visitConv(Step.Conv c) {
                Step.Affine a = c.affine();
                String nngp = linear(new double[] {a.sigmaScale()}, new String[] {"A(nngp)"}, a.sigmaShift());
                String ntk = linear(new double[] {a.thetaScale(), a.thetaFromSigma()},
                        new String[] {"A(ntk)", "A(nngp)"}, a.thetaShift());
                return new Row("conv", "nngp <- " + nngp + "; ntk <- " + ntk, origin, List.of(a.description()
                        + "; A = mean over the " + c.window().volume() + " window offsets"));
            }

            @Override
            public Row visitAvgPool(Step.AvgPool p) {
                return new Row("avg_pool", "nngp <- P(nngp); ntk <- P(ntk)", origin, List.of("avg_pool ("
                        + p.window().describe() + "); P = mean over the window pairs of each position pair"));
            }

            @Override
            public Row visitGlobalAvgPool(Step.GlobalAvgPool p) {
                return new Row("global_avg_pool", "nngp <- mean_pp' nngp[p,p']; ntk <- mean_pp' ntk[p,p']", origin,
                        List.of("from " + p.in()));
            }

            @Override
            public Row visitFlatten(Step.Flatten f) {
                return new Row("flatten", "nngp <- mean_p nngp[p,p]; ntk <- mean_p ntk[p,p]", origin,
                        List.of("from " + f.in()));
            }
        });
        if (stateLine == null) {
            return row;
        }
        List<String> details = new ArrayList<>(row.details());
        details.add(stateLine);
        return new Row(row.what(), row.recursion(), row.origin(), details);
    }

    /**
     * One line per step in pre-order ({@link KernelProgram#allSteps}), "what: recursion" (e.g. "relu: nngp <- T(q1,
     * q2, nngp); ..."), for generated comments.
     */
    public static List<String> stepLines(KernelProgram program) {
        List<String> out = new ArrayList<>();
        for (Step step : program.allSteps()) {
            Row r = row(step, null);
            out.add(r.what() + ": " + r.recursion());
        }
        return out;
    }

    /** "2 * ntk + nngp + 0.01", leaving out zero terms and unit factors. */
    private static String linear(double[] coefficients, String[] names, double constant) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            double c = coefficients[i];
            if (c != 0) {
                terms.add(c == 1 ? names[i] : Symbolic.formatNumber(c) + " * " + names[i]);
            }
        }
        if (constant != 0 || terms.isEmpty()) {
            terms.add(Symbolic.formatNumber(constant));
        }
        return String.join(" + ", terms);
    }

    /** "relu3.ntk:9" or, for fused steps, "mixed.ntk:8,9". */
    private static String origins(List<SourceSpan> spans) {
        List<String> lines = new ArrayList<>();
        for (SourceSpan s : spans) {
            String l = String.valueOf(s.line());
            if (!lines.contains(l)) {
                lines.add(l);
            }
        }
        return spans.get(0).source().name() + ":" + String.join(",", lines);
    }
}
