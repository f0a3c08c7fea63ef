package org.ntkc.diag;

/**
 * A place in a spec: 1-based line and column, and the length in characters of the construct it covers
 * (at least 1 when rendered). Every syntax-tree node carries one, and so does every IR step.
 */
public record SourceSpan(SourceFile source, int line, int column, int length) {

    public SourceSpan {
        if (line < 1 || column < 1 || length < 0) {
            throw new IllegalArgumentException("bad span " + line + ":" + column + "+" + length);
        }
    }

    /** A span from the start of this one to the end of {@code last}, or this span if they are on different lines. */
    public SourceSpan to(SourceSpan last) {
        if (last.line != line || last.column < column) {
            return this;
        }
        return new SourceSpan(source, line, column, last.column + last.length - column);
    }

    /** {@code file:line:col}, the prefix of every diagnostic. */
    public String location() {
        return source.name() + ":" + line + ":" + column;
    }

    @Override
    public String toString() {
        return location();
    }
}
