package org.ntkc.math.act;

import java.util.OptionalDouble;

/**
 * A parameter of a built-in activation: its name, its default (none means the user must give it), and its range.
 * The checker binds positional and named arguments against these and reports values out of range.
 */
public record Parameter(String name, OptionalDouble defaultValue, boolean integer, double min, double max) {
    /**
     * The largest magnitude of a real parameter: the closed forms square parameters and multiply them with
     * variances (gaussian's 4b²q₁₂², elu's alpha·(e^x − 1) squared), which must not overflow in an intermediate.
     */
    public static final double LARGEST = 1e100;

    static Parameter real(String name, double defaultValue) {
        return new Parameter(name, OptionalDouble.of(defaultValue), false, -LARGEST, LARGEST);
    }

    /**
     * A real parameter within [min, max]; gaussian's b: its closed form subtracts terms of size 4b²q² to get one of
     * size 1 + 4|b|q, which keeps about 16 − log10(|b|q) digits.
     */
    static Parameter bounded(String name, double defaultValue, double min, double max) {
        return new Parameter(name, OptionalDouble.of(defaultValue), false, min, max);
    }

    static Parameter nonNegative(String name, double defaultValue) {
        return new Parameter(name, OptionalDouble.of(defaultValue), false, 0.0, LARGEST);
    }

    static Parameter requiredInteger(String name, int min, int max) {
        return new Parameter(name, OptionalDouble.empty(), true, min, max);
    }

    /** Whether {@code value} is allowed. */
    public boolean accepts(double value) {
        return Double.isFinite(value) && value >= min && value <= max && (!integer || value == Math.rint(value));
    }

    /** The allowed values in words, for messages: "an integer from 0 to 5", "a number >= 0". */
    public String rangeDescription() {
        if (integer) {
            return "an integer from " + (long) min + " to " + (long) max;
        }
        return "a number from " + org.ntkc.math.sym.Symbolic.formatNumber(min) + " to "
                + org.ntkc.math.sym.Symbolic.formatNumber(max);
    }
}
