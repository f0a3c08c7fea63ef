package org.ntkc.linalg;

/** A Cholesky factorization met a pivot that is not positive: the matrix is not (numerically) positive definite. */
public final class NotPositiveDefiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final double pivot;

    NotPositiveDefiniteException(int index, double pivot) {
        super("the matrix is not positive definite: pivot " + index + " is " + pivot);
        this.index = index;
        this.pivot = pivot;
    }

    /** The row at which the factorization stopped. */
    public int index() {
        return index;
    }

    /** The pivot found there (zero, negative or NaN). */
    public double pivot() {
        return pivot;
    }
}
