package org.ntkc.ir;

import org.ntkc.runtime.Parameterization;
import java.util.List;
import org.ntkc.diag.SourceSpan;
import org.ntkc.math.act.Activation;
import org.ntkc.math.dual.Dual;
import org.ntkc.math.sym.Symbolic;

/**
 * One step of the kernel recursion (MATH.md §2). A program is a list of steps applied to the state
 * (q1 = Σ(x,x), q2 = Σ(x',x'), q12 = Σ(x,x'), Θ(x,x')); every stage handles every kind through {@link Visitor}.
 * Each step remembers the spec lines it came from ({@code origins}, several after fusion).
 */
public sealed interface Step {
    List<SourceSpan> origins();

    <R> R accept(Visitor<R> visitor);

    /** One method per step kind: a new kind fails to compile until every stage handles it. */
    interface Visitor<R> {
        R visitInputGram(InputGram step);

        R visitAffine(Affine step);

        R visitElementwise(Elementwise step);

        R visitResidual(Residual step);

        R visitLayerNorm(LayerNorm step);

        R visitImageInput(ImageInput step);

        R visitConv(Conv step);

        R visitAvgPool(AvgPool step);

        R visitGlobalAvgPool(GlobalAvgPool step);

        R visitFlatten(Flatten step);
    }

    /** The start state: Σ = scale·x·x' (scale = 1/n0), Θ = 0. Always the first step, and only there. */
    record InputGram(int inputDim, double scale, List<SourceSpan> origins) implements Step {
        public InputGram {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitInputGram(this);
        }
    }

    /**
     * One or more dense layers with no activation between them, as one map that is affine in (Σ, Θ), with all
     * constants folded:
     * Σ ← sigmaScale·Σ + sigmaShift (q1, q2 and q12 alike); Θ ← thetaScale·Θ + thetaFromSigma·Σ_before + thetaShift.
     * NTK parameterization: (σ_w², σ_b², σ_w², σ_w², σ_b²); standard: (σ_w², σ_b², σ_w², n_in, [σ_b > 0]).
     * Composing two such maps gives another ({@link #then}).
     */
    record Affine(double sigmaScale, double sigmaShift, double thetaScale, double thetaFromSigma, double thetaShift,
                  String description, List<SourceSpan> origins) implements Step {
        public Affine {
            origins = List.copyOf(origins);
        }

        /** One dense layer from {@code inWidth} to {@code width} units with σ_w and σ_b (MATH.md §2). */
        public static Affine dense(int inWidth, int width, double weightStd, double biasStd,
                                   Parameterization parameterization, List<SourceSpan> origins) {
            double w2 = weightStd * weightStd;
            double b2 = biasStd * biasStd;
            String description = "dense " + width + " (weight_std = " + Symbolic.formatNumber(weightStd)
                    + ", bias_std = " + Symbolic.formatNumber(biasStd) + ")";
            return switch (parameterization) {
                case NTK -> new Affine(w2, b2, w2, w2, b2, description, origins);
                case STANDARD -> new Affine(w2, b2, w2, inWidth, biasStd > 0 ? 1.0 : 0.0, description, origins);
            };
        }

        /** This map followed by {@code next}. */
        public Affine then(Affine next) {
            List<SourceSpan> spans = new java.util.ArrayList<>(origins);
            spans.addAll(next.origins);
            return new Affine(
                    next.sigmaScale * sigmaScale,
                    next.sigmaScale * sigmaShift + next.sigmaShift,
                    next.thetaScale * thetaScale,
                    next.thetaScale * thetaFromSigma + next.thetaFromSigma * sigmaScale,
                    next.thetaScale * thetaShift + next.thetaFromSigma * sigmaShift + next.thetaShift,
                    description + ", then " + next.description,
                    spans);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAffine(this);
        }
    }

    /**
     * An elementwise activation (possibly several fused into one): Σ ← T(q1, q2, q12), q_i ← T(q_i, q_i, q_i),
     * Θ ← Θ·Ṫ(q1, q2, q12), with T and Ṫ from {@code dual}, chosen for the activation by the method pass.
     */
    record Elementwise(Activation activation, Dual dual, List<SourceSpan> origins) implements Step {
        public Elementwise {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitElementwise(this);
        }
    }

    /**
     * A residual block y = a + scale·f(a) (MATH.md §8): the state forks, {@code body} (the steps of f, ending in an
     * affine step) runs on the copy, and the two are summed, Σ ← Σ_a + scale²·Σ_f and Θ ← Θ_a + scale²·Θ_f; each
     * point's own Σ(x,x) and Θ(x,x) likewise. Passes work inside the body and never across its ends.
     */
    record Residual(double scale, List<Step> body, List<SourceSpan> origins) implements Step {
        public Residual {
            body = List.copyOf(body);
            origins = List.copyOf(origins);
            if (body.isEmpty() || body.stream().anyMatch(s -> s instanceof InputGram)) {
                throw new IllegalArgumentException("a residual block has steps, and no input step among them");
            }
            if (!(scale > 0) || !Double.isFinite(scale)) {
                throw new IllegalArgumentException("the scale of a residual block must be > 0, got " + scale);
            }
        }

        /** scale², the factor of the branch's Σ and Θ in the sum. */
        public double scaleSquared() {
            return scale * scale;
        }

        /** The same block with other body steps (passes rewrite bodies). */
        public Residual withBody(List<Step> newBody) {
            return new Residual(scale, newBody, origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitResidual(this);
        }
    }

    /**
     * Layer normalisation: Σ ← Σ/√(q1·q2), Θ ← Θ/√(q1·q2), so q ← 1 (MATH.md §8), computed as Σ·r1·r2 with
     * r = 1/√q per point. A point whose q is 0 cannot be normalised: an error, never a NaN.
     */
    record LayerNorm(List<SourceSpan> origins) implements Step {
        public LayerNorm {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitLayerNorm(this);
        }
    }

    /**
     * Every step of {@code steps} in pre-order: a residual block comes before the steps of its body. A step's index in
     * this list is its number in printed programs, the interpreter's diagonals and generated code.
     */
    static List<Step> preorder(List<Step> steps) {
        List<Step> out = new java.util.ArrayList<>();
        addPreorder(steps, out);
        return out;
    }

    private static void addPreorder(List<Step> steps, List<Step> out) {
        for (Step s : steps) {
            out.add(s);
            if (s instanceof Residual r) {
                addPreorder(r.body(), out);
            }
        }
    }

    // ---------------------------------------------------------------------------------- images (MATH.md §7)
    // The state of a signal or image is a matrix over position pairs (p, p'), the same for every channel; see
    // StateLayout for which of its entries a program keeps.

    /**
     * The start state of a signal or image input: Σ_pp' = scale·Σ_c x_p,c x'_p',c (scale = 1/C), Θ = 0. Always the
     * first step of a program whose input is spatial, and only there.
     */
    record ImageInput(Shape shape, double scale, List<SourceSpan> origins) implements Step {
        public ImageInput {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitImageInput(this);
        }
    }

    /**
     * A convolution (or a dense layer on an image: a 1 × 1 window): with 𝒜(K)_oo' = (1/|k|) Σ_δ K_{so+δ−pad, so'+δ−pad}
     * over the window's offsets δ, the affine map of {@code affine} applied to 𝒜(Σ) and 𝒜(Θ):
     * Σ ← sigmaScale·𝒜(Σ) + sigmaShift, Θ ← thetaScale·𝒜(Θ) + thetaFromSigma·𝒜(Σ) + thetaShift (in the standard
     * parameterization thetaFromSigma is C_in·|k|). Both positions of a pair move by the same δ.
     */
    record Conv(Shape in, Shape out, Window window, Affine affine) implements Step {
        @Override
        public List<SourceSpan> origins() {
            return affine.origins();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitConv(this);
        }
    }

    /**
     * Average pooling: Σ_oo' = (1/|k|²) Σ_{p∈win(o)} Σ_{p'∈win(o')} Σ_pp', Θ likewise; zero padding counts in the
     * divisor. Needs the full position-pair state of its input.
     */
    record AvgPool(Shape in, Shape out, Window window, List<SourceSpan> origins) implements Step {
        public AvgPool {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAvgPool(this);
        }
    }

    /** The mean over all positions: Σ = (1/|P|²) Σ_pp' Σ_pp', Θ likewise; the result is a vector of C features. */
    record GlobalAvgPool(Shape in, List<SourceSpan> origins) implements Step {
        public GlobalAvgPool {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitGlobalAvgPool(this);
        }
    }

    /** Σ = (1/|P|) Σ_p Σ_pp, Θ likewise (only same-position entries); the result is a vector of |P|·C features. */
    record Flatten(Shape in, List<SourceSpan> origins) implements Step {
        public Flatten {
            origins = List.copyOf(origins);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitFlatten(this);
        }
    }
}
