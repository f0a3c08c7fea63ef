package org.ntkc.nystrom;

import java.util.function.Function;

/**
 * The last step of a ridge choice in Gram mode: the held-out rows, whose kernel blocks against the centres were
 * computed to score the candidates, are added to H = K(X, C)ᵀ K(X, C) and Kᵀy, and the chosen ridge is solved once
 * more, now on all training rows.
 */
public final class Refit {
    private Refit() {
    }

    /**
     * Adds the held-out rows to {@code fitted} (which then holds every training row) and solves on it.
     *
     * @param fitted      the accumulation over the fitted rows; on return, over all rows
     * @param heldKernel  K(held-out rows, C), row-major, {@code held} × M
     * @param heldTargets the held-out targets, k columns of {@code held}
     * @param solver      the solve with the chosen ridge (Falkon's conjugate gradient, say) on the operator of all rows
     */
    public static Falkon.Solution onAllRows(GramAccumulator fitted, double[] heldKernel, int held,
                                            double[][] heldTargets, int threads,
                                            Function<NormalOperator, Falkon.Solution> solver) {
        if (heldTargets.length != fitted.outputs() || held > 0 && heldTargets[0].length != held
                || heldKernel.length != held * fitted.centres()) {
            throw new IllegalArgumentException("the held-out rows' kernel (" + heldKernel.length + " values) and "
                    + "targets do not match " + held + " rows, " + fitted.centres() + " centres and "
                    + fitted.outputs() + " outputs");
        }
        fitted.add(heldKernel, held, heldTargets, threads);
        return solver.apply(fitted.operator(threads));
    }
}
