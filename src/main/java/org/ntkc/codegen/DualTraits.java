package org.ntkc.codegen;

import org.ntkc.math.dual.ClosedForms;
import org.ntkc.math.dual.Dual;
import org.ntkc.math.dual.QuadratureDual;

/**
 * What the writers need to know about a dual's family besides its formulas, decided in one place by one complete
 * {@link Dual.Visitor} (so a new family fails to compile here until its traits are stated).
 *
 * @param numerical       evaluated by quadrature and emitted by {@link SeriesCode}, not by a closed form
 * @param edge            the vector code computes θ by ACOS and marks near-parallel lanes in a mask {@code edge}
 *                        after a first look at the row
 * @param inlineEdge      the vector code marks its own edge lanes in every loop, with no first look (erf)
 * @param readsQ          the vector code reads q itself (the others only read the slots derived from it)
 * @param arcCosineDegree the degree of the expanded arc-cosine kernel the scalar code calls as a constant, or −1
 */
record DualTraits(boolean numerical, boolean edge, boolean inlineEdge, boolean readsQ, int arcCosineDegree) {
    private static final DualTraits PLAIN = new DualTraits(false, false, false, false, -1);
    private static final DualTraits READS_Q = new DualTraits(false, false, false, true, -1);
    private static final DualTraits ANGLE = new DualTraits(false, true, false, false, -1);

    static DualTraits of(Dual dual) {
        return dual.accept(new Dual.Visitor<DualTraits>() {
            @Override
            public DualTraits visitIdentity(ClosedForms.Identity d) {
                return PLAIN;
            }

            @Override
            public DualTraits visitABRelu(ClosedForms.ABRelu d) {
                // a = b is a scaled identity: no angle
                return d.a() != d.b() ? ANGLE : PLAIN;
            }

            @Override
            public DualTraits visitErf(ClosedForms.Erf d) {
                return new DualTraits(false, false, true, false, -1);
            }

            @Override
            public DualTraits visitGelu(ClosedForms.Gelu d) {
                return READS_Q;
            }

            @Override
            public DualTraits visitSinusoid(ClosedForms.Sinusoid d) {
                return READS_Q;
            }

            @Override
            public DualTraits visitExp(ClosedForms.Exp d) {
                return READS_Q;
            }

            @Override
            public DualTraits visitGaussian(ClosedForms.Gaussian d) {
                return PLAIN;
            }

            @Override
            public DualTraits visitRbf(ClosedForms.Rbf d) {
                return READS_Q;
            }

            @Override
            public DualTraits visitMonomial(ClosedForms.Monomial d) {
                return READS_Q;
            }

            @Override
            public DualTraits visitRectifiedMonomial(ClosedForms.RectifiedMonomial d) {
                return new DualTraits(false, true, false, false, d.degree());
            }

            @Override
            public DualTraits visitSign(ClosedForms.Sign d) {
                return ANGLE;
            }

            @Override
            public DualTraits visitQuadrature(QuadratureDual d) {
                return new DualTraits(true, false, false, false, -1);
            }
        });
    }
}
