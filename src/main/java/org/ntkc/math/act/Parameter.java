package org.ntkc.math.act;

import java.util.OptionalDouble;

/**
 * A parameter of a built-in activation: its name, its default (none means the user must give it), and its range.
 * The checker binds positional and named arguments against these and reports values out of range.
 */
public record Parameter(String name, OptionalDouble defaultValue, boolean integer, double min, double max) {

    static Parameter real(String name, double defaultValue) {
        return new Parameter(name, OptionalDouble.of(defaultValue), false, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY);
    }

    static Parameter nonNegative(String name, double defaultValue) {
        return new Parameter(name, OptionalDouble.of(defaultValue), false, 0.0, Double.POSITIVE_INFINITY);
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
        if (min == 0.0) {
            return "a number >= 0";
        }
        return "a finite number";
    }
}
