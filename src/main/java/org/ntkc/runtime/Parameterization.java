package org.ntkc.runtime;

import java.util.Locale;
import java.util.Optional;

/**
 * How a dense layer scales its weights (MATH.md §1–2): the one enum of the compiler (IR, checker) and of the runtime's
 * finite networks.
 */
public enum Parameterization {
    /**
     * z = (σ_w/√n) W a + σ_b b with W, b ~ N(0, 1); the parameters are W and b, and the kernel does not depend on the
     * widths.
     */
    NTK,
    /**
     * z = W a + b with W ~ N(0, σ_w²/n), b ~ N(0, σ_b²); Θ depends on the declared widths, and the bias is a
     * parameter only when σ_b &gt; 0.
     */
    STANDARD;

    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Parameterization> bySpelling(String word) {
        for (Parameterization p : values()) {
            if (p.spelling().equals(word)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
