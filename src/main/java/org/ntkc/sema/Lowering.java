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
 * Lowers a checked network to the kernel IR: its layers, one per statement, go to {@link ProgramBuilder}, which
 * folds the constants (MATH.md §2), chooses the duals and runs the passes. Also warns about shapes that compute
 * something other than what users usually mean (fused activations are warned about by {@link NetworkChecker}).
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
        List<NetworkLayer> layers = new ArrayList<>();
        for (Layer layer : network.layers()) {
            if (layer instanceof Layer.Dense d) {
                layers.add(new NetworkLayer.Dense(d.inWidth(), d.width(), d.weightStd(), d.biasStd(),
                        List.of(d.span())));
            } else {
                Layer.Elementwise e = (Layer.Elementwise) layer;
                if (layers.isEmpty()) {
                    diagnostics.report(DiagnosticCode.ACTIVATION_ON_INPUT, e.span(), e.activation().label());
                }
                layers.add(new NetworkLayer.Elementwise(e.activation(), List.of(e.span())));
            }
        }
        Layer last = network.layers().get(network.layers().size() - 1);
        if (last instanceof Layer.Elementwise e) {
            diagnostics.report(DiagnosticCode.ENDS_IN_ACTIVATION, e.span(), network.name());
        }
        KernelProgram program = ProgramBuilder.build(network.name(), network.inputDim(),
                List.of(network.inputSpan()), network.parameterization(), options, layers, network.span());
        if (network.quadrature().isPresent() && program.steps().stream().noneMatch(Lowering::usesGaussHermite)) {
            diagnostics.report(DiagnosticCode.QUADRATURE_UNUSED, network.quadratureSpan(), network.name());
        }
        return program;
    }

    /** Whether a step integrates a smooth activation by Gauss–Hermite, the only rule {@code quadrature} sets. */
    private static boolean usesGaussHermite(Step step) {
        return step instanceof Step.Elementwise e && e.activation().isNumerical()
                && e.activation().breakpoints().length == 0;
    }
}
