package org.ntkc.ir.pass;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.diag.SourceSpan;
import org.ntkc.ir.Step;
import org.ntkc.math.act.Activation;
import org.ntkc.runtime.quad.QuadratureOptions;

/**
 * Fuses elementwise steps that follow each other with no dense layer between into one step φ₂∘φ₁ (MATH.md §2: the
 * input of φ₂ is not Gaussian, so applying two duals in a row would be wrong). Warns once per pair of spec places,
 * however many times {@code repeat} copies the pair.
 */
public final class FuseElementwisePass {
    private final QuadratureOptions options;
    private final Diagnostics diagnostics;

    public FuseElementwisePass(QuadratureOptions options, Diagnostics diagnostics) {
        this.options = options;
        this.diagnostics = diagnostics;
    }

    public List<Step> apply(List<Step> steps) {
        return apply(steps, new HashSet<>());
    }

    /** The checker never lets a run of activations cross a residual block's ends, so bodies fuse on their own. */
    private List<Step> apply(List<Step> steps, Set<List<SourceSpan>> warned) {
        List<Step> out = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof Step.Residual r) {
                out.add(r.withBody(apply(r.body(), warned)));
                continue;
            }
            Step last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (step instanceof Step.Elementwise outer && last instanceof Step.Elementwise inner) {
                SourceSpan innerSpan = inner.origins().get(inner.origins().size() - 1);
                SourceSpan outerSpan = outer.origins().get(0);
                Activation fused = inner.activation().then(outer.activation());
                if (warned.add(List.of(innerSpan, outerSpan))) {
                    diagnostics.report(DiagnosticCode.FUSED_ACTIVATIONS, outerSpan, outer.activation().label(),
                            inner.activation().label(), fused.label());
                }
                List<SourceSpan> origins = new ArrayList<>(inner.origins());
                origins.addAll(outer.origins());
                out.set(out.size() - 1, new Step.Elementwise(fused, fused.dual(options), origins));
            } else {
                out.add(step);
            }
        }
        return out;
    }
}
