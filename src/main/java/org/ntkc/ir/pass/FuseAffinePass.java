package org.ntkc.ir.pass;

import java.util.ArrayList;
import java.util.List;
import org.ntkc.ir.Step;

/**
 * Folds dense layers that follow each other with no activation between into one affine step: the composition of
 * affine maps of (Σ, Θ) is affine, so the constants are multiplied out once here instead of per matrix entry. A step
 * pass only: the finite network keeps both weight matrices, each with its own gradient. Inside a residual block's
 * body likewise, but never across the block's ends: the skip path needs the state as it was when the block began.
 */
public final class FuseAffinePass implements Pass<Step> {
    @Override
    public List<Step> apply(List<Step> steps) {
        List<Step> out = new ArrayList<>();
        for (Step step : steps) {
            Step last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (step instanceof Step.Affine next && last instanceof Step.Affine first) {
                out.set(out.size() - 1, first.then(next));
            } else if (step instanceof Step.Residual r) {
                out.add(r.withBody(apply(r.body())));
            } else {
                out.add(step);
            }
        }
        return out;
    }
}
