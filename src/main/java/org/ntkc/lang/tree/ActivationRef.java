package org.ntkc.lang.tree;

import java.util.List;
import org.ntkc.diag.SourceSpan;

/** A use of an activation, built-in or custom: {@code relu}, {@code leaky_relu(alpha = 0.1)}. */
public record ActivationRef(Name name, List<Arg> args, SourceSpan span) {
    public ActivationRef {
        args = List.copyOf(args);
    }
}
