package org.ntkc.codegen;

/** Java source text for constants, exact to the last bit. */
final class JavaLiterals {
    private JavaLiterals() {
    }

    /**
     * A double literal that parses back to exactly {@code v}: {@code 0.1}, {@code -1.0E-5}, {@code Math.PI}. Negative
     * values are not parenthesised; callers that put one after an operator do.
     */
    static String of(double v) {
        if (v == Math.PI) {
            return "Math.PI";
        }
        if (Double.isNaN(v)) {
            return "Double.NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(v);
    }

    /** A double array initialiser, e.g. {@code {0.0, 1.5}}. */
    static String array(double[] values) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? ", " : "").append(of(values[i]));
        }
        return sb.append('}').toString();
    }
}
