package org.ntkc.lang.tree;

import org.ntkc.diag.SourceSpan;

/** An identifier as written: a network, activation, setting, parameter or function name. */
public record Name(String text, SourceSpan span) implements SettingValue {
    @Override
    public String toString() {
        return text;
    }
}
