package org.ntkc.lang.tree;

import org.ntkc.diag.SourceSpan;

/** The right-hand side of a setting: a number ({@code bias_std = 0.1}) or a word ({@code parameterization = ntk}). */
public sealed interface SettingValue permits Num, Name {
    SourceSpan span();
}
