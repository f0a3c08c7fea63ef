package org.ntkc.lang;

import java.util.Optional;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.diag.SourceFile;
import org.ntkc.lang.antlr.NtkLexer;
import org.ntkc.lang.antlr.NtkParser;
import org.ntkc.lang.tree.SpecFile;

/**
 * The front end: {@code .ntk} text in, our own syntax tree out. Lexical and syntax errors become diagnostics in
 * plain words; ANTLR never repairs the input, and no tree is returned when anything was wrong, so later stages only
 * ever see what the user actually wrote. No ANTLR type leaves this package.
 */
public final class SpecParser {
    private SpecParser() {
    }

    /** Parses {@code source}, reporting every lexical and syntax error found; empty if there was any. */
    public static Optional<SpecFile> parse(SourceFile source, Diagnostics diagnostics) {
        NtkLexer lexer = new NtkLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        Spans spans = new Spans(source);
        int errorsBefore = (int) diagnostics.errorCount();
        for (Token t : tokens.getTokens()) {
            if (t.getType() == NtkLexer.ERROR_CHAR) {
                diagnostics.report(DiagnosticCode.BAD_CHARACTER, spans.of(t), SyntaxErrors.quoteCharacter(t.getText()));
            } else if (t.getType() == NtkLexer.UNTERMINATED_COMMENT) {
                diagnostics.report(DiagnosticCode.UNTERMINATED_COMMENT, spans.startOf(t, 2));
            }
        }

        NtkParser parser = new NtkParser(tokens);
        parser.removeErrorListeners();
        SyntaxErrors syntaxErrors = new SyntaxErrors(spans, diagnostics);
        parser.setErrorHandler(syntaxErrors.strategy());
        NtkParser.FileContext tree = parser.file();
        if (diagnostics.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        SpecFile file = new TreeBuilder(source, spans, diagnostics).build(tree);
        return diagnostics.errorCount() > errorsBefore ? Optional.empty() : Optional.of(file);
    }
}
