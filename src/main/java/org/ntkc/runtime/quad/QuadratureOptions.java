package org.ntkc.runtime.quad;

/**
 * How {@link GaussianExpectation} integrates.
 *
 * @param fixedOrder 0 for adaptive quadrature; n &gt; 0 makes smooth functions (no breakpoints) use exactly
 *                   n Gauss–Hermite nodes per dimension with no error control, as a user setting
 *                   {@code quadrature = n} asks. Functions with breakpoints are always integrated adaptively.
 * @param relTol     target error relative to E[|f(u)·g(v)|] for adaptive quadrature, in [1e-15, 1e-2]
 */
public record QuadratureOptions(int fixedOrder, double relTol) {

    /**
     * When the finest level still misses relTol (rounding noise in the function, e.g. a formula that cancels), a
     * result whose estimated error is within this factor of relTol is returned; beyond it the quadrature throws.
     * With the default tolerance that is 1e-9, ten times better than the 1e-8 promised for numerical activations.
     */
    static final double ACCEPTABLE_FACTOR = 1000;

    /** Adaptive, relative tolerance 1e-12. */
    public static final QuadratureOptions DEFAULT = new QuadratureOptions(0, 1e-12);

    public QuadratureOptions {
        if (fixedOrder < 0 || fixedOrder > HermiteRule.MAX_ORDER) {
            throw new IllegalArgumentException(
                    "fixedOrder must be 0 (adaptive) or in [1, " + HermiteRule.MAX_ORDER + "], got " + fixedOrder);
        }
        if (!(relTol >= 1e-15 && relTol <= 1e-2)) {
            throw new IllegalArgumentException("relTol must be in [1e-15, 1e-2], got " + relTol);
        }
    }

    /** Fixed-order Gauss–Hermite for smooth functions, default tolerance for the rest. */
    public static QuadratureOptions fixed(int n) {
        return new QuadratureOptions(n, DEFAULT.relTol());
    }
}
