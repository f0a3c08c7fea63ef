package org.ntkc.sema;

import java.util.ArrayList;
import java.util.List;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.diag.SourceSpan;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.NetworkLayer;
import org.ntkc.runtime.Parameterization;
import org.ntkc.ir.Step;
import org.ntkc.ir.pass.FuseAffinePass;
import org.ntkc.ir.pass.FuseElementwisePass;
import org.ntkc.runtime.quad.QuadratureOptions;

/**
 * Lowers a checked network to the kernel IR: one affine step per dense layer with its constants folded
 * (MATH.md §2), one elementwise step per activation with its dual chosen, then the passes that fuse neighbours.
 * Also warns about shapes that compute something other than what users usually mean.
 */
final class Lowering {
    private final Diagnostics diagnostics;

    Lowering(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    KernelProgram lower(NetworkModel network) {
        if (!network.inputShape().isVector()) {
            return new ImageLowering(diagnostics).lower(network);
        }
        QuadratureOptions options = network.quadrature().isPresent()
                ? QuadratureOptions.fixed(network.quadrature().getAsInt())
                : QuadratureOptions.DEFAULT;
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.InputGram(network.inputDim(), 1.0 / network.inputDim(), List.of(network.inputSpan())));
        List<Integer> widths = new ArrayList<>();
        List<NetworkLayer> layers = new ArrayList<>();
        for (Layer layer : network.layers()) {
            if (layer instanceof Layer.Dense d) {
                widths.add(d.width());
                steps.add(affine(d, network.parameterization()));
                layers.add(new NetworkLayer.Dense(d.inWidth(), d.width(), d.weightStd(), d.biasStd(),
                        List.of(d.span())));
            } else {
                Layer.Elementwise e = (Layer.Elementwise) layer;
                if (widths.isEmpty() && steps.size() == 1) {
                    diagnostics.report(DiagnosticCode.ACTIVATION_ON_INPUT, e.span(), e.activation().label());
                }
                steps.add(new Step.Elementwise(e.activation(), e.activation().dual(options), List.of(e.span())));
                NetworkLayer previous = layers.isEmpty() ? null : layers.get(layers.size() - 1);
                if (previous instanceof NetworkLayer.Elementwise p) {
                    List<SourceSpan> origins = new ArrayList<>(p.origins());
                    origins.add(e.span());
                    layers.set(layers.size() - 1,
                            new NetworkLayer.Elementwise(p.activation().then(e.activation()), origins));
                } else {
                    layers.add(new NetworkLayer.Elementwise(e.activation(), List.of(e.span())));
                }
            }
        }
        Layer last = network.layers().get(network.layers().size() - 1);
        if (last instanceof Layer.Elementwise e) {
            diagnostics.report(DiagnosticCode.ENDS_IN_ACTIVATION, e.span(), network.name());
        }
        steps = new FuseElementwisePass(options, diagnostics).apply(steps);
        steps = new FuseAffinePass().apply(steps);
        if (network.quadrature().isPresent() && steps.stream().noneMatch(Lowering::usesGaussHermite)) {
            diagnostics.report(DiagnosticCode.QUADRATURE_UNUSED, network.quadratureSpan(), network.name());
        }
        return new KernelProgram(network.name(), network.inputDim(), widths.get(widths.size() - 1), layers,
                network.parameterization(), steps, network.span());
    }

    private static Step.Affine affine(Layer.Dense d, Parameterization parameterization) {
        return Step.Affine.dense(d.inWidth(), d.width(), d.weightStd(), d.biasStd(), parameterization,
                List.of(d.span()));
    }

    /** Whether a step integrates a smooth activation by Gauss–Hermite, the only rule {@code quadrature} sets. */
    static boolean usesGaussHermite(Step step) {
        return step instanceof Step.Elementwise e && e.activation().isNumerical()
                && e.activation().breakpoints().length == 0;
    }
}
