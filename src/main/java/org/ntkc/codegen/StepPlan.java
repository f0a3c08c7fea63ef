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
    record Entry(int index, Step step, String comment, List<Slot> slots, Step.Elementwise activation) {
        String method() {
            return "step" + index;
        }

        /** Whether this is an activation evaluated by quadrature (emitted by {@link SeriesCode}). */
        boolean numerical() {
            return activation != null && DualTraits.of(activation.dual()).numerical();
        }
    }

    private final KernelProgram program;
    private final String specName;
    private final List<Entry> entries = new ArrayList<>();

    StepPlan(KernelProgram program, String specName) {
        this.program = program;
        this.specName = specName;
        List<Step> steps = program.steps();
        List<String> lines = ProgramPrinter.stepLines(program);
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            int index = s;
            Step.Elementwise activation = step.accept(new Step.Visitor<Step.Elementwise>() {
                @Override
                public Step.Elementwise visitInputGram(Step.InputGram g) {
                    return null;
                }

                @Override
                public Step.Elementwise visitAffine(Step.Affine a) {
                    return null;
                }

                @Override
                public Step.Elementwise visitElementwise(Step.Elementwise e) {
                    return e;
                }

                @Override
                public Step.Elementwise visitImageInput(Step.ImageInput i) {
                    return null;
                }

                @Override
                public Step.Elementwise visitConv(Step.Conv c) {
                    return null;
                }

                @Override
                public Step.Elementwise visitAvgPool(Step.AvgPool p) {
                    return null;
                }

                @Override
                public Step.Elementwise visitGlobalAvgPool(Step.GlobalAvgPool p) {
                    return null;
                }

                @Override
                public Step.Elementwise visitFlatten(Step.Flatten f) {
                    return null;
                }
            });
            List<Slot> slots = new ArrayList<>();
            if (activation != null) {
                slots.addAll(DualTraits.of(activation.dual()).numerical() ? SeriesCode.slots(index)
                        : VectorFormulas.slots(activation.dual(), index));
            }
            entries.add(new Entry(s, step, lines.get(s) + " (" + where(step.origins()) + ")", slots, activation));
        }
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

    List<Entry> entries() {
        return entries;
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
