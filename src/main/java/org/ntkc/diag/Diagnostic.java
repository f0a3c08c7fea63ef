package org.ntkc.diag;

/** One reported problem: what (code and message) and where (span). */
public record Diagnostic(DiagnosticCode code, SourceSpan span, String message) {

    public Severity severity() {
        return code.severity();
    }

    public boolean isError() {
        return code.severity() == Severity.ERROR;
    }

    /** {@code file:line:col: error[NTK012]: message}, the first line of the rendering. */
    public String headline() {
        return span.location() + ": " + severity().label() + "[" + code.id() + "]: " + message;
    }

    /** The headline, then the source line and a caret under the span. */
    public String render() {
        String text = span.source().line(span.line());
        StringBuilder out = new StringBuilder(headline()).append('\n');
        out.append(text).append('\n');
        int start = Math.min(span.column() - 1, text.length());
        for (int i = 0; i < start; i++) {
            // Keep tabs so that the caret lines up under tab-indented source.
            out.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        int carets = Math.max(1, Math.min(span.length(), text.length() - start));
        out.append("^".repeat(carets));
        return out.toString();
    }

    @Override
    public String toString() {
        return headline();
    }
}
