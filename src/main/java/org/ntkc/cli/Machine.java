package org.ntkc.cli;

import java.util.Locale;

/**
 * Values of the machine-readable last lines: a number in the given format, or {@code n/a} where there is no number
 * (never NaN or Infinity, which scripts would parse as numbers or choke on); the command says why on a line before.
 */
final class Machine {
    private Machine() {
    }

    static final String NOT_AVAILABLE = "n/a";

    static String number(String format, double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : NOT_AVAILABLE;
    }
}
