package org.ntkc.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the kernel state of one pair of points is after each step of a program (MATH.md §7): a number per kernel
 * for a vector value, or for a signal or image a matrix over position pairs, kept in full or on the diagonal only.
 *
 * <p>The mode is decided by a backwards pass: conv, dense and activations compute an entry (o, o) from entries
 * (p, p) only, and flatten reads only p = p'; avg_pool and global_avg_pool read every pair. So a spatial state needs
 * its off-diagonal entries only when a pooling step follows it before its value becomes a vector. The interpreter
 * ignores the modes (it always keeps the full matrices, so that it checks the shortcut); generated code follows them.
 */
public final class StateLayout {
    /** Whether a spatial state keeps every position pair or only the same-position ones. */
    public enum PairMode {
        FULL("full position pairs"), DIAGONAL("same positions only");

        private final String meaning;

        PairMode(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    /** The state after a step. */
    public sealed interface State {
        /** Values kept per kernel for one pair of points. */
        long valuesPerPair();
    }

    /** One number per kernel. */
    public record Vector() implements State {
        @Override
        public long valuesPerPair() {
            return 1;
        }

        @Override
        public String toString() {
            return "vector";
        }
    }

    /** A matrix over the position pairs of {@code shape}, of which {@code mode} says what is kept. */
    public record Spatial(Shape shape, PairMode mode) implements State {
        @Override
        public long valuesPerPair() {
            long p = shape.positions();
            return mode == PairMode.FULL ? p * p : p;
        }

        @Override
        public String toString() {
            return shape + ", " + mode.meaning();
        }
    }

    private final List<State> after;

    private StateLayout(List<State> after) {
        this.after = Collections.unmodifiableList(after);
    }

    /** The layout of {@code program}'s states. */
    public static StateLayout of(KernelProgram program) {
        List<Step> steps = program.steps();
        Shape[] shapes = new Shape[steps.size()];
        Shape current = null;
        for (int s = 0; s < steps.size(); s++) {
            Shape in = current;
            current = steps.get(s).accept(new Step.Visitor<Shape>() {
                @Override
                public Shape visitInputGram(Step.InputGram g) {
                    return null;
                }

                @Override
                public Shape visitAffine(Step.Affine a) {
                    return null;
                }

                @Override
                public Shape visitElementwise(Step.Elementwise e) {
                    return in;
                }

                @Override
                public Shape visitResidual(Step.Residual r) {
                    return in;    // the checker allows residual blocks on vectors only
                }

                @Override
                public Shape visitLayerNorm(Step.LayerNorm n) {
                    return in;    // likewise layer_norm
                }

                @Override
                public Shape visitImageInput(Step.ImageInput i) {
                    return i.shape();
                }

                @Override
                public Shape visitConv(Step.Conv c) {
                    return c.out();
                }

                @Override
                public Shape visitAvgPool(Step.AvgPool p) {
                    return p.out();
                }

                @Override
                public Shape visitGlobalAvgPool(Step.GlobalAvgPool p) {
                    return null;
                }

                @Override
                public Shape visitFlatten(Step.Flatten f) {
                    return null;
                }
            });
            shapes[s] = current;
        }
        // Backwards: does the state entering each step need its off-diagonal entries?
        State[] states = new State[steps.size()];
        boolean needFull = false;
        for (int s = steps.size() - 1; s >= 0; s--) {
            states[s] = shapes[s] == null ? new Vector()
                    : new Spatial(shapes[s], needFull ? PairMode.FULL : PairMode.DIAGONAL);
            boolean after = needFull;
            needFull = steps.get(s).accept(new Step.Visitor<Boolean>() {
                @Override
                public Boolean visitInputGram(Step.InputGram g) {
                    return false;
                }

                @Override
                public Boolean visitAffine(Step.Affine a) {
                    return false;
                }

                @Override
                public Boolean visitElementwise(Step.Elementwise e) {
                    return after;
                }

                @Override
                public Boolean visitResidual(Step.Residual r) {
                    return after;
                }

                @Override
                public Boolean visitLayerNorm(Step.LayerNorm n) {
                    return after;
                }

                @Override
                public Boolean visitImageInput(Step.ImageInput i) {
                    return after;
                }

                @Override
                public Boolean visitConv(Step.Conv c) {
                    return after;
                }

                @Override
                public Boolean visitAvgPool(Step.AvgPool p) {
                    return true;
                }

                @Override
                public Boolean visitGlobalAvgPool(Step.GlobalAvgPool p) {
                    return true;
                }

                @Override
                public Boolean visitFlatten(Step.Flatten f) {
                    return false;
                }
            });
        }
        List<State> list = new ArrayList<>(List.of(states));
        return new StateLayout(list);
    }

    /** The state after step {@code s}. */
    public State after(int s) {
        return after.get(s);
    }

    public List<State> states() {
        return after;
    }

    /** Whether any state keeps full position pairs. */
    public boolean anyFull() {
        return after.stream().anyMatch(s -> s instanceof Spatial sp && sp.mode() == PairMode.FULL);
    }

    /** The largest state of one pair, in values per kernel (Σ and Θ each hold this many). */
    public long largestPairState() {
        long max = 1;
        for (State s : after) {
            max = Math.max(max, s.valuesPerPair());
        }
        return max;
    }

    /** The most position pairs of any spatial state, P² (1 for a vector program): what the interpreter keeps. */
    public long largestFullState() {
        long max = 1;
        for (State s : after) {
            if (s instanceof Spatial sp) {
                long p = sp.shape().positions();
                max = Math.max(max, p * p);
            }
        }
        return max;
    }

    /**
     * Bytes one pair of points needs while it goes through the layers: the largest state, for Σ and Θ, twice (the
     * step's input and output), in float64.
     */
    public long bytesPerPair() {
        return largestPairState() * 2 * 2 * Double.BYTES;
    }
}
