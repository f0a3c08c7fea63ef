package org.ntkc.lang;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.ntkc.diag.SourceFile;
import org.ntkc.diag.SourceSpan;

/** Turns ANTLR tokens and contexts into {@link SourceSpan}s (1-based columns, lengths clipped to one line). */
final class Spans {
    private final SourceFile source;

    Spans(SourceFile source) {
        this.source = source;
    }

    SourceSpan of(Token t) {
        if (t.getType() == Token.EOF) {
            return endOfFile();
        }
        int length = Math.max(1, t.getStopIndex() - t.getStartIndex() + 1);
        return clip(t.getLine(), t.getCharPositionInLine() + 1, length);
    }

    /** The first {@code length} characters of a token, e.g. the {@code /*} of an unclosed comment. */
    SourceSpan startOf(Token t, int length) {
        return clip(t.getLine(), t.getCharPositionInLine() + 1, length);
    }

    /** From the start of a rule's first token to the end of its last, or to the end of the first line. */
    SourceSpan of(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() == null || ctx.getStop().getTokenIndex() < start.getTokenIndex()
                ? start : ctx.getStop();
        if (start.getType() == Token.EOF) {
            return endOfFile();
        }
        int column = start.getCharPositionInLine() + 1;
        int length = stop.getLine() == start.getLine()
                ? stop.getCharPositionInLine() + Math.max(1, stop.getStopIndex() - stop.getStartIndex() + 1)
                        - start.getCharPositionInLine()
                : Integer.MAX_VALUE;
        return clip(start.getLine(), column, length);
    }

    /** Just after the last character of the file, where "found end of file" points. */
    SourceSpan endOfFile() {
        int line = source.lineCount();
        while (line > 1 && source.line(line).isBlank()) {
            line--;
        }
        return new SourceSpan(source, line, source.line(line).length() + 1, 1);
    }

    private SourceSpan clip(int line, int column, int length) {
        int room = source.line(line).length() - column + 1;
        return new SourceSpan(source, line, column, Math.max(1, Math.min(length, room)));
    }
}
