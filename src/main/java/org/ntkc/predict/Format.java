package org.ntkc.predict;

import java.util.Locale;

/** Number formatting for reports: short scientific notation and seconds. */
public final class Format {
    private Format() {
    }

    /** E.g. 1e-04, 3.1e-14, 0.25 → 2.5e-01. */
    public static String sci(double v) {
        if (v == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.1e", v);
        return s.replace(".0e", "e");
    }
}
