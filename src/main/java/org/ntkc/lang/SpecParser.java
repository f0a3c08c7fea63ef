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
    /** Parentheses, calls and repeat blocks nested inside each other, all together. */
    public static final int MAX_NESTING = 64;
    /** Tokens in one activation's formula (numbers, names, operators and parentheses). */
    public static final int MAX_FORMULA_TOKENS = 2000;
    /** Characters of a name (a network's becomes a Java class name). */
    public static final int MAX_NAME_LENGTH = 128;

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

        if (diagnostics.errorCount() > errorsBefore || !withinLimits(tokens, spans, diagnostics)) {
            return Optional.empty();
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

    /**
     * The limits that keep every later stage (the parser, the tree walks, the symbolic algebra and javac, all of them
     * recursive) within bounds, checked on the tokens before anything recursive runs: nesting depth, formula length
     * and name length. Reports the first violation of each kind; false if there was any.
     */
    private static boolean withinLimits(CommonTokenStream tokens, Spans spans, Diagnostics diagnostics) {
        boolean ok = true;
        int depth = 0;
        boolean nestingReported = false;
        Token formula = null;
        int formulaTokens = 0;
        for (Token t : tokens.getTokens()) {
            int type = t.getType();
            if (type == NtkLexer.LPAREN || type == NtkLexer.LBRACE) {
                depth++;
                if (depth > MAX_NESTING && !nestingReported) {
                    diagnostics.report(DiagnosticCode.TOO_DEEPLY_NESTED, spans.of(t), MAX_NESTING);
                    nestingReported = true;
                    ok = false;
                }
            } else if (type == NtkLexer.RPAREN || type == NtkLexer.RBRACE) {
                depth = Math.max(0, depth - 1);
            } else if (type == NtkLexer.ID && t.getText().length() > MAX_NAME_LENGTH) {
                diagnostics.report(DiagnosticCode.NAME_TOO_LONG, spans.startOf(t, 1), MAX_NAME_LENGTH,
                        t.getText().length());
                ok = false;
            }
            if (type == NtkLexer.ACTIVATION || type == NtkLexer.NETWORK || type == Token.EOF) {
                ok &= formulaWithinLimit(formula, formulaTokens, spans, diagnostics);
                formula = type == NtkLexer.ACTIVATION ? t : null;
                formulaTokens = 0;
            } else if (formula != null && type != NtkLexer.NEWLINE) {
                formulaTokens++;
            }
        }
        return ok;
    }

    private static boolean formulaWithinLimit(Token activation, int count, Spans spans, Diagnostics diagnostics) {
        if (activation == null || count <= MAX_FORMULA_TOKENS) {
            return true;
        }
        diagnostics.report(DiagnosticCode.FORMULA_TOO_LARGE, spans.of(activation),
                "this activation declaration is " + count + " tokens long (numbers, names, operators and parentheses)",
                MAX_FORMULA_TOKENS);
        return false;
    }
}
