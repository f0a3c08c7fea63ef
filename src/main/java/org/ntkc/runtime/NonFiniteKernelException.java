package org.ntkc.runtime;

/**
 * A kernel entry came out infinite or NaN (e.g. a gaussian activation with b &gt; 0 diverges for large inputs, or a
 * custom formula leaves its domain). Names the first pair of points found, 0-based.
 */
public final class NonFiniteKernelException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int row;
    private final int column;

    public NonFiniteKernelException(int row, int column, double nngp, double ntk) {
        super("the kernel is not finite for points " + (row + 1) + " and " + (column + 1) + " (nngp = " + nngp
                + ", ntk = " + ntk + ")");
        this.row = row;
        this.column = column;
    }

    /** Points {@code row} and {@code column} (0-based) cannot be computed with, for the reason {@code message}. */
    public NonFiniteKernelException(int row, int column, String message) {
        super(message);
        this.row = row;
        this.column = column;
    }

    public int row() {
        return row;
    }

    public int column() {
        return column;
    }
}
