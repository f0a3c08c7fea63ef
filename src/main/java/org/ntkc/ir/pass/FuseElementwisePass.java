package org.ntkc.ir.pass;

import java.util.ArrayList;
import java.util.List;
import org.ntkc.diag.SourceSpan;
import org.ntkc.ir.NetworkLayer;

/**
 * Fuses activations that follow each other with no dense layer between into one activation φ₂∘φ₁. A layer pass,
 * before lowering to steps: the composition is exact for the finite network, and the kernel needs it (MATH.md §2:
 * the input of φ₂ is not Gaussian, so applying two duals in a row would be wrong), so both take the fused activation
 * from here. A residual block's body fuses on its own (the checker never lets a run of activations cross its ends).
 * Sema warns about the fusion (NTK100); this pass only transforms. Fusing fused layers again changes nothing.
 */
public final class FuseElementwisePass implements Pass<NetworkLayer> {
    @Override
    public List<NetworkLayer> apply(List<NetworkLayer> layers) {
        List<NetworkLayer> out = new ArrayList<>();
        for (NetworkLayer layer : layers) {
            NetworkLayer last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (layer instanceof NetworkLayer.Residual r) {
                out.add(new NetworkLayer.Residual(r.scale(), apply(r.body()), r.origins()));
            } else if (layer instanceof NetworkLayer.Elementwise outer
                    && last instanceof NetworkLayer.Elementwise inner) {
                List<SourceSpan> origins = new ArrayList<>(inner.origins());
                origins.addAll(outer.origins());
                out.set(out.size() - 1,
                        new NetworkLayer.Elementwise(inner.activation().then(outer.activation()), origins));
            } else {
                out.add(layer);
            }
        }
        return out;
    }
}
