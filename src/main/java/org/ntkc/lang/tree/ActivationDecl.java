package org.ntkc.lang.tree;

import org.ntkc.diag.SourceSpan;

/** {@code activation NAME(PARAM) = EXPR}, a custom elementwise activation visible to the whole file. */
public record ActivationDecl(Name name, Name parameter, Expr body, SourceSpan span) {
}
