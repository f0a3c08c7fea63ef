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

    /**
     * {@link #of}, followed by a comment saying where the value came from when a long literal is the square of a
     * short decimal or the reciprocal of an integer, as the spec constants the compiler folds are:
     * 0.010000000000000002 gets the comment "0.1²", 0.0012755102040816326 "1/784", and 0.0625 stays as it is. The
     * comment is written only when it reproduces the value exactly.
     */
    static String explained(double v) {
        String literal = of(v);
        if (literal.length() <= 10 || !(v > 0) || Double.isInfinite(v)) {
            return literal;
        }
        String root = shortDecimal(Math.sqrt(v));
        if (root != null) {
            double r = Double.parseDouble(root);
            if (r * r == v) {
                return literal + " /* " + root + "² */";
            }
        }
        double n = Math.rint(1 / v);
        if (n > 1 && n < 1e9 && 1 / n == v) {
            return literal + " /* 1/" + (long) n + " */";
        }
        return literal;
    }

    /** The shortest decimal of at most 6 significant digits whose double is within 1e-9 relative of x, or null. */
    private static String shortDecimal(double x) {
        for (int digits = 1; digits <= 6; digits++) {
            java.math.BigDecimal d = new java.math.BigDecimal(x).round(new java.math.MathContext(digits));
            double back = d.doubleValue();
            if (Math.abs(back - x) <= 1e-9 * x) {
                return d.stripTrailingZeros().toPlainString();
            }
        }
        return null;
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
