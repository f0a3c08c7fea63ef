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
    /** The evaluator of signal and image programs (full position-pair states), or null for a vector input. */
    private final SpatialInterpreter spatial;

    public Interpreter(KernelProgram program) {
        this.program = program;
        this.steps = program.steps();
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

    /** q = Σ(x, x) after every step (index s holds the value after step s). */
    private double[] diagonal(double[] x, int i) {
        double[] q = new double[steps.size()];
        double[] state = new double[2];
        // The diagonal recursion is the entry recursion on (x, x), fed its own values as it goes.
        for (int s = 0; s < steps.size(); s++) {
            advance(s, q, q, x, x, state, i, i);
            q[s] = state[0];
        }
        return q;
    }

    private double[] entry(double[] d1, double[] d2, double[] x, double[] y, int i, int j) {
        double[] state = new double[2];
        for (int s = 0; s < steps.size(); s++) {
            advance(s, d1, d2, x, y, state, i, j);
        }
        if (!Double.isFinite(state[0]) || !Double.isFinite(state[1])) {
            throw new KernelEvaluationException(firstNonFinite(d1, d2, x, y, i, j), null);
        }
        return state;
    }

    /** Applies step {@code s} to {@code state = {Σ(x,y), Θ(x,y)}}; d1, d2 hold the diagonals before it. */
    private void advance(int s, double[] d1, double[] d2, double[] x, double[] y, double[] state, int i, int j) {
        Step step = steps.get(s);
        double q1 = s == 0 ? 0 : d1[s - 1];
        double q2 = s == 0 ? 0 : d2[s - 1];
        step.accept(new Step.Visitor<Void>() {
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
                    throw new KernelEvaluationException("activation " + e.activation().label() + " (" + where(step)
                            + ") at step " + s + pointsText(i, j) + ": " + ex.getMessage(), ex);
                }
                state[0] = t[0];
                state[1] = state[1] * t[1];
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
        });
    }

    /** Programs with spatial steps go to {@link SpatialInterpreter}; the scalar recursion never sees one. */
    private static IllegalStateException spatialStep(Step step) {
        return new IllegalStateException("a spatial step in the scalar recursion: " + step);
    }

    /** Replays an entry to name the first step whose output is not finite. */
    private String firstNonFinite(double[] d1, double[] d2, double[] x, double[] y, int i, int j) {
        double[] state = new double[2];
        for (int s = 0; s < steps.size(); s++) {
            double q12 = state[0];
            advance(s, d1, d2, x, y, state, i, j);
            if (!Double.isFinite(state[0]) || !Double.isFinite(state[1])) {
                String inputs = s == 0 ? "" : String.format(" from q1 = %.6g, q2 = %.6g, q12 = %.6g",
                        d1[s - 1], d2[s - 1], q12);
                return "the kernel is not finite" + pointsText(i, j) + ": step " + s + " (" + describe(steps.get(s))
                        + ", " + where(steps.get(s)) + ") gave nngp = " + state[0] + ", ntk = " + state[1] + inputs;
            }
        }
        return "the kernel is not finite" + pointsText(i, j);
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
