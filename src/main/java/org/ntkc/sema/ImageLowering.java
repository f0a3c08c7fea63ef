package org.ntkc.sema;

import java.util.ArrayList;
import java.util.List;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.diag.SourceSpan;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.NetworkLayer;
import org.ntkc.ir.Step;
import org.ntkc.ir.Window;
import org.ntkc.ir.pass.FuseAffinePass;
import org.ntkc.ir.pass.FuseElementwisePass;
import org.ntkc.runtime.Parameterization;
import org.ntkc.runtime.quad.QuadratureOptions;

/**
 * Lowers a checked network whose input is a signal or an image (MATH.md §7): the image input Gram, one conv step per
 * conv (and per dense layer on an image, a 1 × 1 window) with its affine constants folded, the pooling steps, and
 * after flatten or global_avg_pool the vector steps as {@link Lowering} makes them; then the same fusion passes.
 */
final class ImageLowering {
    private final Diagnostics diagnostics;

    ImageLowering(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    KernelProgram lower(NetworkModel network) {
        QuadratureOptions options = network.quadrature().isPresent()
                ? QuadratureOptions.fixed(network.quadrature().getAsInt())
                : QuadratureOptions.DEFAULT;
        Parameterization parameterization = network.parameterization();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.ImageInput(network.inputShape(), 1.0 / network.inputShape().channels(),
                List.of(network.inputSpan())));
        List<NetworkLayer> layers = new ArrayList<>();
        for (Layer layer : network.layers()) {
            if (layer instanceof Layer.Dense d) {
                steps.add(Step.Affine.dense(d.inWidth(), d.width(), d.weightStd(), d.biasStd(), parameterization,
                        List.of(d.span())));
                layers.add(new NetworkLayer.Dense(d.inWidth(), d.width(), d.weightStd(), d.biasStd(),
                        List.of(d.span())));
            } else if (layer instanceof Layer.Conv c) {
                steps.add(conv(c, parameterization));
                layers.add(new NetworkLayer.Conv(c.in(), c.out(), c.window(), c.weightStd(), c.biasStd(), c.dense(),
                        List.of(c.span())));
            } else if (layer instanceof Layer.Pool p) {
                steps.add(switch (p.kind()) {
                    case AVG -> new Step.AvgPool(p.in(), p.out(), p.window(), List.of(p.span()));
                    case GLOBAL_AVG -> new Step.GlobalAvgPool(p.in(), List.of(p.span()));
                    case FLATTEN -> new Step.Flatten(p.in(), List.of(p.span()));
                });
                layers.add(new NetworkLayer.Pool(p.kind(), p.in(), p.out(), p.window(), List.of(p.span())));
            } else {
                Layer.Elementwise e = (Layer.Elementwise) layer;
                if (steps.size() == 1) {
                    diagnostics.report(DiagnosticCode.ACTIVATION_ON_INPUT, e.span(), e.activation().label());
                }
                steps.add(new Step.Elementwise(e.activation(), e.activation().dual(options), List.of(e.span())));
                NetworkLayer previous = layers.isEmpty() ? null : layers.get(layers.size() - 1);
                if (previous instanceof NetworkLayer.Elementwise prev) {
                    List<SourceSpan> origins = new ArrayList<>(prev.origins());
                    origins.add(e.span());
                    layers.set(layers.size() - 1,
                            new NetworkLayer.Elementwise(prev.activation().then(e.activation()), origins));
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
        return new KernelProgram(network.name(), network.inputDim(), network.outputShape().channels(), layers,
                parameterization, steps, network.span());
    }

    /**
     * A conv layer's step: the window, and the affine map of a dense layer whose fan-in is C_in·|k| (which only the
     * standard parameterization's Θ sees), described as written.
     */
    private static Step.Conv conv(Layer.Conv c, Parameterization parameterization) {
        Window w = c.window();
        int fanIn = c.in().channels() * w.volume();
        Step.Affine a = Step.Affine.dense(fanIn, c.out().channels(), c.weightStd(), c.biasStd(), parameterization,
                List.of(c.span()));
        String sigmas = a.description().substring(a.description().indexOf(" (") + 2, a.description().length() - 1);
        String description = c.dense() ? "dense " + c.out().channels() + " on each position (" + sigmas + ")"
                : "conv " + c.out().channels() + " (" + w.describe() + ", " + sigmas + ")";
        return new Step.Conv(c.in(), c.out(), w, new Step.Affine(a.sigmaScale(), a.sigmaShift(), a.thetaScale(),
                a.thetaFromSigma(), a.thetaShift(), description, a.origins()));
    }
}
