package org.ntkc.codegen;

import java.util.ArrayList;
import java.util.List;
import org.ntkc.diag.SourceSpan;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.ProgramPrinter;
import org.ntkc.ir.Step;

/**
 * What the two writers of a network agree on: for each IR step, its method name, the comment that ties it to the
 * spec, and the per-point values ({@link Slot}s) that its code reads. Built from the IR alone.
 */
final class StepPlan {
    /**
     * One step: its index, the IR step, the per-point slots (empty for input and dense steps), and the step as an
     * activation ({@code null} for input and dense steps).
     */
    record Entry(int index, Step step, String comment, List<Slot> slots, Step.Elementwise activation,
                 List<Entry> body) {
        String method() {
            return "step" + index;
        }

        /** Whether this is an activation evaluated by quadrature (emitted by {@link SeriesCode}). */
        boolean numerical() {
            return activation != null && DualTraits.of(activation.dual()).numerical();
        }

        /** The residual block this entry is, or null. */
        Step.Residual residual() {
            return step instanceof Step.Residual r ? r : null;
        }
    }

    /** The per-point slot of a layer_norm step: 1/√q of the variance entering it. */
    static Slot layerNormSlot(int index) {
        return new Slot("rn" + index, "1/sqrt(q) entering step " + index + " (layer_norm)",
                com.palantir.javapoet.CodeBlock.of("1.0 / Math.sqrt(q)"));
    }

    private final KernelProgram program;
    private final String specName;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Entry> topLevel = new ArrayList<>();

    StepPlan(KernelProgram program, String specName) {
        this.program = program;
        this.specName = specName;
        List<String> lines = ProgramPrinter.stepLines(program);
        topLevel.addAll(plan(program.steps(), lines, new int[1]));
    }

    /** Entries for {@code steps} and, inside residual blocks, their bodies, numbered in pre-order from next[0]. */
    private List<Entry> plan(List<Step> steps, List<String> lines, int[] next) {
        List<Entry> out = new ArrayList<>();
        for (Step step : steps) {
            int index = next[0]++;
            Step.Elementwise activation = step instanceof Step.Elementwise e ? e : null;
            List<Slot> slots = new ArrayList<>();
            if (activation != null) {
                slots.addAll(DualTraits.of(activation.dual()).numerical() ? SeriesCode.slots(index)
                        : VectorFormulas.slots(activation.dual(), index));
            }
            if (step instanceof Step.LayerNorm) {
                slots.add(layerNormSlot(index));
            }
            // Pre-order: the block's own entry comes before those of its body.
            List<Entry> body = new ArrayList<>();
            Entry entry = new Entry(index, step, lines.get(index) + " (" + where(step.origins()) + ")", slots,
                    activation, body);
            entries.add(entry);
            if (step instanceof Step.Residual r) {
                body.addAll(plan(r.body(), lines, next));
            }
            out.add(entry);
        }
        return out;
    }

    private String where(List<SourceSpan> origins) {
        List<String> lines = new ArrayList<>();
        for (SourceSpan o : origins) {
            String l = String.valueOf(o.line());
            if (!lines.contains(l)) {
                lines.add(l);
            }
        }
        return specName + ":" + String.join(",", lines);
    }

    KernelProgram program() {
        return program;
    }

    String specName() {
        return specName;
    }

    /** Every entry in pre-order, those inside residual blocks included. */
    List<Entry> entries() {
        return entries;
    }

    /** The entries of the top-level steps; residual blocks hold theirs in {@link Entry#body}. */
    List<Entry> topLevel() {
        return topLevel;
    }

    /** Every per-point slot, in step order. */
    List<Slot> allSlots() {
        List<Slot> out = new ArrayList<>();
        for (Entry e : entries) {
            out.addAll(e.slots());
        }
        return out;
    }
}
