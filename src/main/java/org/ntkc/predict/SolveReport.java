package org.ntkc.predict;

import java.util.List;

/**
 * How a regularised kernel system was solved, for the user to see: the method, the ridge asked for and the jitter
 * that had to be added (both relative to trace/n), the relative residual of the solution, and the attempts that failed
 * on the way.
 *
 * @param method        Cholesky, or the eigendecomposition (finite time, or the fallback)
 * @param scale         trace(K)/n, the unit of ridge and jitter
 * @param ridge         the ridge λ asked for: λ·scale is added to the diagonal
 * @param jitter        the extra relative jitter that made the factorisation succeed (0 when none was needed)
 * @param residual      ‖(K + (λ + jitter)·scale·I)·α − Y‖_F / ‖Y‖_F of the solution (NaN when not measured)
 * @param clamped       eigenvalues below 0 set to 0 (eigendecomposition only)
 * @param dropped       eigenvalues treated as 0 in the inverse because they are below the cut-off (t = ∞ only)
 * @param failedAttempts one line per attempt that did not work, in order
 */
public record SolveReport(Method method, double scale, double ridge, double jitter, double residual, int clamped,
                          int dropped, List<String> failedAttempts) {
    /** How the system was solved. */
    public enum Method {
        CHOLESKY("Cholesky"),
        EIGEN("eigendecomposition");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public SolveReport {
        failedAttempts = List.copyOf(failedAttempts);
    }

    /** The absolute diagonal shift: (ridge + jitter)·scale. */
    public double shift() {
        return (ridge + jitter) * scale;
    }

    /** One line for users, e.g. "Cholesky, ridge 1e-04·trace/n, no jitter, residual 3.1e-14". */
    public String describe() {
        StringBuilder b = new StringBuilder(method.toString());
        b.append(", ridge ").append(ridge == 0 ? "0" : Format.sci(ridge) + "·trace/n");
        if (jitter > 0) {
            b.append(", jitter ").append(Format.sci(jitter)).append("·trace/n added");
        } else if (method == Method.CHOLESKY) {
            b.append(", no jitter");
        }
        if (clamped > 0) {
            b.append(", ").append(clamped).append(" negative eigenvalue").append(clamped == 1 ? "" : "s")
                    .append(" clamped to 0");
        }
        if (dropped > 0) {
            b.append(", ").append(dropped).append(" eigenvalue").append(dropped == 1 ? "" : "s")
                    .append(" below the cut-off treated as 0");
        }
        if (!Double.isNaN(residual)) {
            b.append(", residual ").append(Format.sci(residual));
        }
        return b.toString();
    }
}
