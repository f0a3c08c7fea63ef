package org.ntkc.ir;

import java.util.List;
import java.util.stream.IntStream;
import org.ntkc.diag.SourceSpan;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.quad.NonFiniteIntegrandException;
import org.ntkc.runtime.quad.QuadratureException;

/**
 * The reference semantics of programs whose input is a signal or an image (MATH.md §7), written as plainly as the
 * mathematics: the state of a pair of points is the full matrix over position pairs (p, p') for Σ and for Θ at every
 * step, whatever {@link StateLayout} says generated code may keep, so that it checks the diagonal-only shortcut
 * independently. Positions are numbered row-major (p = h·W + w), and a data row holds x[p·C + c].
 *
 * <p>Each point's own recursion (the pair (x, x)) runs first and records, before every step, the variances
 * Σ(x, x)_pp of each position, which the activations of a pair read as q₁ and q₂; an entry of a point with itself
 * is therefore bit-identical to its own recursion, as in {@link Interpreter}.
 */
final class SpatialInterpreter {
    private final KernelProgram program;
    private final List<Step> steps;

    SpatialInterpreter(KernelProgram program) {
        this.program = program;
        this.steps = program.steps();
    }

    /** The state of one pair: a P × P matrix (row-major) per kernel while spatial, one number each once a vector. */
    private static final class State {
        Shape shape;
        double[] sigma;
        double[] theta;

        boolean spatial() {
            return !shape.isVector();
        }
    }

    /** {Σ, Θ} of points x and y, named i and j (0-based, or −1) in messages. */
    double[] pair(double[] x, double[] y, int i, int j) {
        double[][] qx = own(x, i);
        double[][] qy = own(y, j);
        return run(x, y, qx, qy, i, j, null);
    }

    Kernels evaluate(double[][] x1, double[][] x2) {
        boolean symmetric = x1 == x2;
        double[][][] q1 = IntStream.range(0, x1.length).parallel().mapToObj(i -> own(x1[i], i))
                .toArray(double[][][]::new);
        double[][][] q2 = symmetric ? q1
                : IntStream.range(0, x2.length).parallel().mapToObj(j -> own(x2[j], j)).toArray(double[][][]::new);
        KernelMatrix nngp = new KernelMatrix(x1.length, x2.length);
        KernelMatrix ntk = new KernelMatrix(x1.length, x2.length);
        IntStream.range(0, x1.length).parallel().forEach(i -> {
            for (int j = symmetric ? i : 0; j < x2.length; j++) {
                double[] v = run(x1[i], x2[j], q1[i], q2[j], i, j, null);
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

    /** The point's own variances before each step: q[s][p] = Σ(x, x)_pp entering step s (one entry for a vector). */
    private double[][] own(double[] x, int i) {
        double[][] q = new double[steps.size()][];
        run(x, x, null, null, i, i, q);
        return q;
    }

    /**
     * Runs every step on the pair (x, y). With {@code record} non-null this is a point's own recursion (x == y): the
     * variances before each step are read from the state itself and stored there; otherwise qx and qy hold them.
     */
    private double[] run(double[] x, double[] y, double[][] qx, double[][] qy, int i, int j, double[][] record) {
        State st = new State();
        for (int s = 0; s < steps.size(); s++) {
            if (record != null && s > 0) {
                record[s] = diagonal(st);
            }
            double[] v1 = record != null ? record[s] : qx[s];
            double[] v2 = record != null ? record[s] : qy[s];
            apply(s, st, x, y, v1, v2, i, j);
            if (!allFinite(st.sigma) || !allFinite(st.theta)) {
                Step step = steps.get(s);
                throw new KernelEvaluationException("the kernel is not finite" + pointsText(i, j) + ": step " + s
                        + " (" + Interpreter.describe(step) + ", " + where(step) + ") gave a value that is not finite",
                        null);
            }
        }
        return new double[] {st.sigma[0], st.theta[0]};
    }

    private static double[] diagonal(State st) {
        if (!st.spatial()) {
            return new double[] {st.sigma[0]};
        }
        int n = st.shape.positions();
        double[] d = new double[n];
        for (int p = 0; p < n; p++) {
            d[p] = st.sigma[p * n + p];
        }
        return d;
    }

    private void apply(int s, State st, double[] x, double[] y, double[] q1, double[] q2, int i, int j) {
        Step step = steps.get(s);
        step.accept(new Step.Visitor<Void>() {
            @Override
            public Void visitInputGram(Step.InputGram g) {
                double dot = 0;
                for (int k = 0; k < x.length; k++) {
                    dot += x[k] * y[k];
                }
                st.shape = Shape.vector(g.inputDim());
                st.sigma = new double[] {g.scale() * dot};
                st.theta = new double[] {0};
                return null;
            }

            @Override
            public Void visitImageInput(Step.ImageInput in) {
                int n = in.shape().positions();
                int c = in.shape().channels();
                double[] sigma = new double[n * n];
                for (int p = 0; p < n; p++) {
                    for (int r = 0; r < n; r++) {
                        double sum = 0;
                        for (int k = 0; k < c; k++) {
                            sum += x[p * c + k] * y[r * c + k];
                        }
                        sigma[p * n + r] = in.scale() * sum;
                    }
                }
                st.shape = in.shape();
                st.sigma = sigma;
                st.theta = new double[n * n];
                return null;
            }

            @Override
            public Void visitAffine(Step.Affine a) {
                double sigma = st.sigma[0];
                st.sigma[0] = a.sigmaScale() * sigma + a.sigmaShift();
                st.theta[0] = a.thetaScale() * st.theta[0] + a.thetaFromSigma() * sigma + a.thetaShift();
                return null;
            }

            @Override
            public Void visitConv(Step.Conv c) {
                double[] as = windowMean(st.sigma, c.in(), c.out(), c.window(), false);
                double[] at = windowMean(st.theta, c.in(), c.out(), c.window(), false);
                Step.Affine a = c.affine();
                for (int k = 0; k < as.length; k++) {
                    double sigma = as[k];
                    as[k] = a.sigmaScale() * sigma + a.sigmaShift();
                    at[k] = a.thetaScale() * at[k] + a.thetaFromSigma() * sigma + a.thetaShift();
                }
                st.shape = c.out();
                st.sigma = as;
                st.theta = at;
                return null;
            }

            @Override
            public Void visitAvgPool(Step.AvgPool p) {
                st.sigma = windowMean(st.sigma, p.in(), p.out(), p.window(), true);
                st.theta = windowMean(st.theta, p.in(), p.out(), p.window(), true);
                st.shape = p.out();
                return null;
            }

            @Override
            public Void visitGlobalAvgPool(Step.GlobalAvgPool p) {
                st.sigma = new double[] {mean(st.sigma)};
                st.theta = new double[] {mean(st.theta)};
                st.shape = Shape.vector(p.in().channels());
                return null;
            }

            @Override
            public Void visitResidual(Step.Residual r) {
                throw new IllegalStateException("a residual block in an image program (the checker refuses them): " + r);
            }

            @Override
            public Void visitLayerNorm(Step.LayerNorm n) {
                throw new IllegalStateException("layer_norm in an image program (the checker refuses it): " + n);
            }

            @Override
            public Void visitFlatten(Step.Flatten f) {
                int n = f.in().positions();
                double sigma = 0;
                double theta = 0;
                for (int p = 0; p < n; p++) {
                    sigma += st.sigma[p * n + p];
                    theta += st.theta[p * n + p];
                }
                st.sigma = new double[] {sigma / n};
                st.theta = new double[] {theta / n};
                st.shape = Shape.vector(f.in().size());
                return null;
            }

            @Override
            public Void visitElementwise(Step.Elementwise e) {
                int n = st.spatial() ? st.shape.positions() : 1;
                double[] t = new double[2];
                for (int p = 0; p < n; p++) {
                    for (int r = 0; r < n; r++) {
                        int k = p * n + r;
                        double a = q1[p];
                        double b = q2[r];
                        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(st.sigma[k])) {
                            st.sigma[k] = Double.NaN;
                            st.theta[k] = Double.NaN;
                            continue;
                        }
                        try {
                            e.dual().evaluate(a, b, st.sigma[k], t);
                        } catch (NonFiniteIntegrandException | QuadratureException ex) {
                            throw new KernelEvaluationException("activation " + e.activation().label() + " ("
                                    + where(step) + ") at step " + s + pointsText(i, j) + ": " + ex.getMessage(), ex);
                        }
                        st.sigma[k] = t[0];
                        st.theta[k] = st.theta[k] * t[1];
                    }
                }
                return null;
            }
        });
    }

    /**
     * The window mean of a full position-pair matrix: for conv (pool false) 𝒜(K)_oo' = (1/|k|) Σ_δ K_{src(o,δ),
     * src(o',δ)}, both positions shifted by the same offset δ; for avg_pool (1/|k|²) Σ_δ Σ_δ' K_{src(o,δ),
     * src(o',δ')}. A term with either position in the zero padding is 0 and still counts in the divisor.
     */
    static double[] windowMean(double[] k, Shape in, Shape out, Window w, boolean pool) {
        int nIn = in.positions();
        int nOut = out.positions();
        int[][] offsets = offsets(w);
        int[][] sources = new int[nOut][offsets.length];
        for (int o = 0; o < nOut; o++) {
            int[] oc = coordinates(o, out);
            for (int d = 0; d < offsets.length; d++) {
                int index = 0;
                for (int axis = 0; axis < w.rank(); axis++) {
                    int src = w.source(axis, oc[axis], offsets[d][axis]);
                    if (src < 0) {
                        index = -1;
                        break;
                    }
                    index = index * in.extent(axis) + src;
                }
                sources[o][d] = index;
            }
        }
        double[] result = new double[nOut * nOut];
        double volume = offsets.length;
        for (int o = 0; o < nOut; o++) {
            for (int r = 0; r < nOut; r++) {
                double sum = 0;
                for (int d = 0; d < offsets.length; d++) {
                    int a = sources[o][d];
                    if (a < 0) {
                        continue;
                    }
                    if (pool) {
                        for (int e = 0; e < offsets.length; e++) {
                            int b = sources[r][e];
                            if (b >= 0) {
                                sum += k[a * nIn + b];
                            }
                        }
                    } else {
                        int b = sources[r][d];
                        if (b >= 0) {
                            sum += k[a * nIn + b];
                        }
                    }
                }
                result[o * nOut + r] = sum / (pool ? volume * volume : volume);
            }
        }
        return result;
    }

    /** Every offset δ of the window, one int per axis, in row-major order. */
    private static int[][] offsets(Window w) {
        int count = w.volume();
        int[][] out = new int[count][w.rank()];
        for (int d = 0; d < count; d++) {
            int rest = d;
            for (int axis = w.rank() - 1; axis >= 0; axis--) {
                out[d][axis] = rest % w.size().get(axis);
                rest /= w.size().get(axis);
            }
        }
        return out;
    }

    /** The per-axis coordinates of position p (row-major). */
    private static int[] coordinates(int p, Shape shape) {
        int[] c = new int[shape.rank()];
        for (int axis = shape.rank() - 1; axis >= 0; axis--) {
            c[axis] = p % shape.extent(axis);
            p /= shape.extent(axis);
        }
        return c;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static String where(Step step) {
        SourceSpan span = step.origins().get(0);
        return span.source().name() + ":" + span.line();
    }

    private static String pointsText(int i, int j) {
        return i < 0 ? "" : " for points " + (i + 1) + " and " + (j + 1);
    }
}
