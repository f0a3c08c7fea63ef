package org.ntkc.sema;

import java.util.ArrayList;
import java.util.List;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.NetworkLayer;
import org.ntkc.ir.ProgramBuilder;
import org.ntkc.ir.Step;
import org.ntkc.runtime.quad.QuadratureOptions;

/**
 * Lowers a checked network to the kernel IR: its layers, one per statement (a residual block with its body; conv and
 * pooling layers of a signal or image input, MATH.md §7), go to
 * {@link ProgramBuilder}, which folds the constants (MATH.md §2), chooses the duals and runs the passes. Also warns
 * about shapes that compute something other than what users usually mean (fused activations are warned about by
 * {@link NetworkChecker}).
 */
final class Lowering {
    private final Diagnostics diagnostics;

    Lowering(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    KernelProgram lower(NetworkModel network) {
        QuadratureOptions options = network.quadrature().isPresent()
                ? QuadratureOptions.fixed(network.quadrature().getAsInt())
                : QuadratureOptions.DEFAULT;
        List<NetworkLayer> layers = lowerLayers(network.layers(), true);
        Layer last = network.layers().get(network.layers().size() - 1);
        if (last instanceof Layer.Elementwise e) {
            diagnostics.report(DiagnosticCode.ENDS_IN_ACTIVATION, e.span(), network.name());
        }
        KernelProgram program = ProgramBuilder.build(network.name(), network.inputShape(),
                List.of(network.inputSpan()), network.parameterization(), options, layers, network.span());
        if (network.quadrature().isPresent()
                && Step.preorder(program.steps()).stream().noneMatch(Lowering::usesGaussHermite)) {
            diagnostics.report(DiagnosticCode.QUADRATURE_UNUSED, network.quadratureSpan(), network.name());
        }
        return program;
    }

    /** The network layers of {@code source}: a network's layers ({@code topLevel}) or a residual block's body. */
    private List<NetworkLayer> lowerLayers(List<Layer> source, boolean topLevel) {
        List<NetworkLayer> layers = new ArrayList<>();
        for (Layer layer : source) {
            if (layer instanceof Layer.Dense d) {
                layers.add(new NetworkLayer.Dense(d.inWidth(), d.width(), d.weightStd(), d.biasStd(),
                        List.of(d.span())));
            } else if (layer instanceof Layer.Residual r) {
                layers.add(new NetworkLayer.Residual(r.scale(), lowerLayers(r.body(), false), List.of(r.span())));
            } else if (layer instanceof Layer.LayerNorm n) {
                layers.add(new NetworkLayer.LayerNorm(List.of(n.span())));
            } else if (layer instanceof Layer.Conv c) {
                layers.add(new NetworkLayer.Conv(c.in(), c.out(), c.window(), c.weightStd(), c.biasStd(), c.dense(),
                        List.of(c.span())));
            } else if (layer instanceof Layer.Pool p) {
                layers.add(new NetworkLayer.Pool(p.kind(), p.in(), p.out(), p.window(), List.of(p.span())));
            } else {
                Layer.Elementwise e = (Layer.Elementwise) layer;
                if (topLevel && layers.isEmpty()) {
                    diagnostics.report(DiagnosticCode.ACTIVATION_ON_INPUT, e.span(), e.activation().label());
                }
                layers.add(new NetworkLayer.Elementwise(e.activation(), List.of(e.span())));
            }
        }
        return layers;
    }

    /** Whether a step integrates a smooth activation by Gauss–Hermite, the only rule {@code quadrature} sets. */
    private static boolean usesGaussHermite(Step step) {
        return step instanceof Step.Elementwise e && e.activation().isNumerical()
                && e.activation().breakpoints().length == 0;
    }
}
