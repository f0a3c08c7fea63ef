package org.ntkc.lang.tree;

import java.util.List;
import org.ntkc.diag.SourceSpan;

/** {@code network NAME { … }}; the span covers the keyword and the name. */
public record NetworkDecl(Name name, List<Statement> body, SourceSpan span) {
    public NetworkDecl {
        body = List.copyOf(body);
    }
}
