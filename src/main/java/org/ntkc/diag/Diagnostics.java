package org.ntkc.diag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Collects the diagnostics of one compilation, so that every error of a file is reported in one run.
 * Stages add to it and carry on; the driver decides at the end whether anything may be emitted.
 */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();

    /** Reports {@code code} at {@code span}; {@code args} fill the code's template. */
    public Diagnostic report(DiagnosticCode code, SourceSpan span, Object... args) {
        return add(new Diagnostic(code, span, code.format(args)));
    }

    /** Like {@link #report}, followed by a "Did you mean" sentence when a suggestion exists. */
    public Diagnostic reportWithSuggestion(DiagnosticCode code, SourceSpan span, String typed,
                                           Collection<String> candidates, Object... args) {
        String message = code.format(args);
        Optional<String> near = Suggestions.closest(typed, candidates);
        if (near.isPresent()) {
            message += ". Did you mean '" + near.get() + "'?";
        }
        return add(new Diagnostic(code, span, message));
    }

    public Diagnostic add(Diagnostic d) {
        items.add(d);
        return d;
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return items.stream().filter(Diagnostic::isError).count();
    }

    /** All diagnostics in source order (file, line, column), errors before warnings at the same place. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(items);
        copy.sort(Comparator.comparing((Diagnostic d) -> d.span().source().name())
                .thenComparingInt(d -> d.span().line())
                .thenComparingInt(d -> d.span().column())
                .thenComparing(Diagnostic::severity));
        return copy;
    }

    public List<Diagnostic> all() {
        return List.copyOf(items);
    }

    /** Every diagnostic rendered with its source line and caret, then a count line when there are errors. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : sorted()) {
            out.append(d.render()).append('\n');
        }
        long errors = errorCount();
        if (errors > 0) {
            out.append(errors).append(errors == 1 ? " error" : " errors").append('\n');
        }
        return out.toString();
    }
}
