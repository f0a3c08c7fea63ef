package org.ntkc.lang.tree;

import org.ntkc.diag.SourceSpan;

/** A numeric literal, possibly with a leading minus; {@code text} is kept for messages ("got 512.5"). */
public record Num(double value, String text, SourceSpan span) implements SettingValue {

    /** True for values such as {@code 512} or {@code 1e3} that are whole numbers within int range. */
    public boolean isWholeNumber() {
        return value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE;
    }

    public int intValue() {
        return (int) value;
    }

    @Override
    public String toString() {
        return text;
    }
}
