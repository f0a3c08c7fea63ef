package org.ntkc.sema;

import java.util.List;
import java.util.OptionalInt;
import org.ntkc.diag.SourceSpan;
import org.ntkc.ir.Shape;
import org.ntkc.runtime.Parameterization;

/**
 * A network that passed every check: input dimension, network-wide settings, and the flat list of layers.
 * {@code inputSpan} is the {@code input} statement; {@code quadratureSpan} is where {@code quadrature} was set, if
 * it was. {@code inputShape} is a vector of {@code inputDim} features or a signal or image ({@code inputDim} values
 * per point); {@code outputShape} the shape of the last layer's value, always a vector.
 */
record NetworkModel(String name, int inputDim, SourceSpan inputSpan, Parameterization parameterization,
                    OptionalInt quadrature, SourceSpan quadratureSpan, List<Layer> layers, SourceSpan span,
                    Shape inputShape, Shape outputShape) {
    NetworkModel {
        layers = List.copyOf(layers);
    }
}
