package org.ntkc.lang.tree;

import java.util.List;
import org.ntkc.diag.SourceSpan;

/**
 * An option of a conv or avg_pool layer, {@code name = value}, where the value is a number ({@code bias_std = 0.1}),
 * extents ({@code stride = 2 x 2}) or a word ({@code padding = valid}). Exactly one of {@code numbers} (one entry for
 * a plain number, several for extents) and {@code word} is given: the other is empty or null.
 */
public record LayerOption(Name name, List<Num> numbers, Name word, SourceSpan valueSpan, SourceSpan span) {
    public LayerOption {
        numbers = List.copyOf(numbers);
    }

    /** The value as written, for messages. */
    public String valueText() {
        if (word != null) {
            return word.text();
        }
        return String.join(" x ", numbers.stream().map(Num::text).toList());
    }
}
