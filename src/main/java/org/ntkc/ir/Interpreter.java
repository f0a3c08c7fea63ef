package org.ntkc.ir;

import java.util.List;
import java.util.stream.IntStream;
import org.ntkc.diag.SourceSpan;
import org.ntkc.runtime.quad.NonFiniteIntegrandException;
import org.ntkc.runtime.quad.QuadratureException;
import org.ntkc.runtime.Gram;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.Kernels;

/**
 * The reference semantics of the kernel IR: evaluates Σ and Θ entry by entry, plainly, exactly as MATH.md §2 states
 * the recursion. Every generated kernel class is checked against it. Entries are independent, so rows run in
 * parallel, but each entry is computed the same way whatever the schedule: results do not depend on the thread
 * count. The diagonal states q_i are computed once per point by the same recursion applied to (x, x), so an entry of
 * a point with itself is bit-identical to its diagonal.
 */
public final class Interpreter {
    private final KernelProgram program;
    private final List<Step> steps;
    /** The number of steps, those inside residual blocks included. */
    private final int flatCount;
    /** The evaluator of signal and image programs (full position-pair states), or null for a vector input. */
    private final SpatialInterpreter spatial;

    public Interpreter(KernelProgram program) {
        this.program = program;
        this.steps = program.steps();
        this.flatCount = program.allSteps().size();
        this.spatial = program.isSpatial() ? new SpatialInterpreter(program) : null;
    }

    public KernelProgram program() {
        return program;
    }

    /** Σ(x, y) and Θ(x, y), as {@code {nngp, ntk}}. */
    public double[] pair(double[] x, double[] y) {
        return pair(x, y, -1, -1);
    }

    /** Like {@link #pair(double[], double[])}, naming x and y as points i and j (0-based) in error messages. */
    public double[] pair(double[] x, double[] y, int i, int j) {
        checkDimension(x);
        checkDimension(y);
        if (spatial != null) {
            return spatial.pair(x, y, i, j);
        }
        return entry(diagonal(x, i), diagonal(y, j), x, y, i, j);
    }

    /**
     * The kernels for every pair of rows of {@code x1} and {@code x2}. When both are the same array the matrix is
     * symmetric and each pair is computed once.
     */
    public Kernels evaluate(double[][] x1, double[][] x2) {
        for (double[] x : x1) {
            checkDimension(x);
        }
        for (double[] x : x2) {
            checkDimension(x);
        }
        if (spatial != null) {
            return spatial.evaluate(x1, x2);
        }
        boolean symmetric = x1 == x2;
        double[][] d1 = IntStream.range(0, x1.length).parallel().mapToObj(i -> diagonal(x1[i], i))
                .toArray(double[][]::new);
        double[][] d2 = symmetric ? d1
                : IntStream.range(0, x2.length).parallel().mapToObj(j -> diagonal(x2[j], j)).toArray(double[][]::new);
        KernelMatrix nngp = new KernelMatrix(x1.length, x2.length);
        KernelMatrix ntk = new KernelMatrix(x1.length, x2.length);
        IntStream.range(0, x1.length).parallel().forEach(i -> {
            for (int j = symmetric ? i : 0; j < x2.length; j++) {
                double[] v = entry(d1[i], d2[j], x1[i], x2[j], i, j);
                nngp.set(i, j, v[0]);
                ntk.set(i, j, v[1]);
                if (symmetric) {
                    nngp.set(j, i, v[0]);
                    ntk.set(j, i, v[1]);
                }
            }
        });
        return new Kernels(nngp, ntk);
    }

    /** q = Σ(x, x) after every step (index k holds the value after step k of {@link KernelProgram#allSteps}). */
    private double[] diagonal(double[] x, int i) {
        double[] q = new double[flatCount];
        // The diagonal recursion is the entry recursion on (x, x), fed its own values as it goes.
        new Run(q, q, x, x, i, i, q).steps(steps);
        return q;
    }

    private double[] entry(double[] d1, double[] d2, double[] x, double[] y, int i, int j) {
        Run run = new Run(d1, d2, x, y, i, j, null);
        run.steps(steps);
        double[] state = run.state;
        if (!Double.isFinite(state[0]) || !Double.isFinite(state[1])) {
            throw new KernelEvaluationException(firstNonFinite(d1, d2, x, y, i, j), null);
        }
        return state;
    }

    /**
     * One evaluation of the recursion on {@code state = {Σ(x,y), Θ(x,y)}}, step by step in pre-order: {@code next} is
     * the number of the next step, {@code before} that of the step whose diagonals d1, d2 hold the variances entering
     * it (-1 before the input step). A residual block forks the state, runs its body on the copy from the block's own
     * entering variances, and sums. With {@code record} non-null, the value after each step is written there (the
     * diagonal); with {@code watch}, the first step whose output is not finite is described in {@code firstBad}.
     */
    private final class Run implements Step.Visitor<Void> {
        final double[] d1;
        final double[] d2;
        final double[] x;
        final double[] y;
        final int i;
        final int j;
        final double[] record;
        final double[] state = new double[2];
        int next;
        int before = -1;
        boolean watch;
        String firstBad;

        Run(double[] d1, double[] d2, double[] x, double[] y, int i, int j, double[] record) {
            this.d1 = d1;
            this.d2 = d2;
            this.x = x;
            this.y = y;
            this.i = i;
            this.j = j;
            this.record = record;
        }

        void steps(List<Step> list) {
            for (Step step : list) {
                int self = next++;
                String inputs = !watch || before < 0 ? "" : String.format(" from q1 = %.6g, q2 = %.6g, q12 = %.6g",
                        d1[before], d2[before], state[0]);
                step.accept(this);
                if (record != null) {
                    record[self] = state[0];
                }
                before = self;
                if (watch && firstBad == null && (!Double.isFinite(state[0]) || !Double.isFinite(state[1]))) {
                    firstBad = "step " + self + " (" + describe(step) + ", " + where(step) + ") gave nngp = "
                            + state[0] + ", ntk = " + state[1] + inputs;
                }
            }
        }

        private double q1() {
            return before < 0 ? 0 : d1[before];
        }

        private double q2() {
            return before < 0 ? 0 : d2[before];
        }

        @Override
        public Void visitInputGram(Step.InputGram g) {
            state[0] = g.scale() * Gram.dot(x, y);
            state[1] = 0;
            return null;
        }

        @Override
        public Void visitAffine(Step.Affine a) {
            double sigma = state[0];
            state[0] = a.sigmaScale() * sigma + a.sigmaShift();
            state[1] = a.thetaScale() * state[1] + a.thetaFromSigma() * sigma + a.thetaShift();
            return null;
        }

        @Override
        public Void visitElementwise(Step.Elementwise e) {
            double q1 = q1();
            double q2 = q2();
            double[] t = new double[2];
            if (!Double.isFinite(q1) || !Double.isFinite(q2) || !Double.isFinite(state[0])) {
                // An earlier step overflowed: the entry is not finite, and entry() names that step.
                state[0] = Double.NaN;
                state[1] = Double.NaN;
                return null;
            }
            try {
                e.dual().evaluate(q1, q2, state[0], t);
            } catch (NonFiniteIntegrandException | QuadratureException ex) {
                throw new KernelEvaluationException("activation " + e.activation().label() + " (" + where(e)
                        + ") at step " + (next - 1) + pointsText(i, j) + ": " + ex.getMessage(), ex);
            }
            state[0] = t[0];
            state[1] = state[1] * t[1];
            return null;
        }

        @Override
        public Void visitResidual(Step.Residual r) {
            double sigma = state[0];
            double theta = state[1];
            int entering = before;
            steps(r.body());
            before = entering;
            double s2 = r.scaleSquared();
            state[0] = sigma + s2 * state[0];
            state[1] = theta + s2 * state[1];
            return null;
        }

        @Override
        public Void visitLayerNorm(Step.LayerNorm n) {
            double q1 = q1();
            double q2 = q2();
            if (q1 == 0 || q2 == 0) {
                // Only a point's own recursion gets here first: diagonals are computed before any pair.
                throw new KernelEvaluationException("layer_norm (" + where(n) + ") cannot normalise "
                        + (i < 0 ? "the point" : "point " + (i + 1)) + ": its features there have variance 0 (an "
                        + "all-zero input with bias_std = 0 stays zero), and 0 / 0 has no value", null);
            }
            state[0] = state[0] * (inverseSqrt(q1) * inverseSqrt(q2));
            state[1] = state[1] * (inverseSqrt(q1) * inverseSqrt(q2));
            return null;
        }

        @Override
        public Void visitImageInput(Step.ImageInput step) {
            throw spatialStep(step);
        }

        @Override
        public Void visitConv(Step.Conv step) {
            throw spatialStep(step);
        }

        @Override
        public Void visitAvgPool(Step.AvgPool step) {
            throw spatialStep(step);
        }

        @Override
        public Void visitGlobalAvgPool(Step.GlobalAvgPool step) {
            throw spatialStep(step);
        }

        @Override
        public Void visitFlatten(Step.Flatten step) {
            throw spatialStep(step);
        }
    }

    /** 1/√q, the per-point factor of layer normalisation, exactly as generated code computes it. */
    static double inverseSqrt(double q) {
        return 1.0 / Math.sqrt(q);
    }

    /** Programs with spatial steps go to {@link SpatialInterpreter}; the scalar recursion never sees one. */
    private static IllegalStateException spatialStep(Step step) {
        return new IllegalStateException("a spatial step in the scalar recursion: " + step);
    }

    /** Replays an entry to name the first step whose output is not finite. */
    private String firstNonFinite(double[] d1, double[] d2, double[] x, double[] y, int i, int j) {
        Run run = new Run(d1, d2, x, y, i, j, null);
        run.watch = true;
        run.steps(steps);
        return "the kernel is not finite" + pointsText(i, j) + (run.firstBad == null ? "" : ": " + run.firstBad);
    }

    static String describe(Step step) {
        return step.accept(new Step.Visitor<String>() {
            @Override
            public String visitInputGram(Step.InputGram g) {
                return "input";
            }

            @Override
            public String visitAffine(Step.Affine a) {
                return a.description();
            }

            @Override
            public String visitElementwise(Step.Elementwise e) {
                return e.activation().label();
            }

            @Override
            public String visitResidual(Step.Residual r) {
                return "residual block";
            }

            @Override
            public String visitLayerNorm(Step.LayerNorm n) {
                return "layer_norm";
            }

            @Override
            public String visitImageInput(Step.ImageInput i) {
                return "input " + i.shape();
            }

            @Override
            public String visitConv(Step.Conv c) {
                return c.affine().description();
            }

            @Override
            public String visitAvgPool(Step.AvgPool p) {
                return "avg_pool (" + p.window().describe() + ")";
            }

            @Override
            public String visitGlobalAvgPool(Step.GlobalAvgPool p) {
                return "global_avg_pool";
            }

            @Override
            public String visitFlatten(Step.Flatten f) {
                return "flatten";
            }
        });
    }

    private static String where(Step step) {
        SourceSpan span = step.origins().get(0);
        return span.source().name() + ":" + span.line();
    }

    private static String pointsText(int i, int j) {
        return i < 0 ? "" : " for points " + (i + 1) + " and " + (j + 1);
    }

    private void checkDimension(double[] x) {
        if (x.length != program.inputDim()) {
            throw new IllegalArgumentException("network " + program.name() + " takes inputs of dimension "
                    + program.inputDim() + ", got a point of dimension " + x.length);
        }
        String tiny = org.ntkc.runtime.CompiledKernel.tooSmall(x);
        if (tiny != null) {
            throw new KernelEvaluationException("a point " + tiny, null);
        }
    }
}
