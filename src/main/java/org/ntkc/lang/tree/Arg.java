package org.ntkc.lang.tree;

import java.util.Optional;
import org.ntkc.diag.SourceSpan;

/** One argument of an activation or dense layer: {@code 0.1} (positional) or {@code alpha = 0.1} (named). */
public record Arg(Optional<Name> name, Num value, SourceSpan span) {
}
