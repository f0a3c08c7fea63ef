package org.ntkc.sema;

import java.util.List;
import java.util.OptionalInt;
import org.ntkc.diag.SourceSpan;
import org.ntkc.runtime.Parameterization;

/**
 * A network that passed every check: input dimension, network-wide settings, and the flat list of layers.
 * {@code inputSpan} is the {@code input} statement; {@code quadratureSpan} is where {@code quadrature} was set, if
 * it was.
 */
record NetworkModel(String name, int inputDim, SourceSpan inputSpan, Parameterization parameterization,
                    OptionalInt quadrature, SourceSpan quadratureSpan, List<Layer> layers, SourceSpan span) {
    NetworkModel {
        layers = List.copyOf(layers);
    }
}
