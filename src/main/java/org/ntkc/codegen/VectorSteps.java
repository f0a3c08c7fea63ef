package org.ntkc.codegen;

import org.ntkc.ir.Step;

/**
 * A step visitor of the vector code writers: the writers of this package generate code for programs whose input is
 * a vector, and {@link KernelGenerator} refuses the others before any writer runs, so the image steps are never
 * visited here. Image programs get writers of their own.
 */
abstract class VectorSteps<R> implements Step.Visitor<R> {
    private static IllegalStateException imageStep(Step step) {
        return new IllegalStateException("the vector code writers got an image step: " + step);
    }

    @Override
    public final R visitImageInput(Step.ImageInput step) {
        throw imageStep(step);
    }

    @Override
    public final R visitConv(Step.Conv step) {
        throw imageStep(step);
    }

    @Override
    public final R visitAvgPool(Step.AvgPool step) {
        throw imageStep(step);
    }

    @Override
    public final R visitGlobalAvgPool(Step.GlobalAvgPool step) {
        throw imageStep(step);
    }

    @Override
    public final R visitFlatten(Step.Flatten step) {
        throw imageStep(step);
    }
}
