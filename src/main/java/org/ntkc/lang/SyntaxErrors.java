package org.ntkc.lang;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.lang.antlr.NtkParser;

/**
 * Syntax errors in plain words. ANTLR's own messages ("extraneous input … expecting {…}") name grammar tokens; here
 * the expected set is read in the context of the rule being parsed and said the way a user thinks of it ("expected
 * the layer width after 'dense', found '->'"), with a hint for the usual slips.
 *
 * <p>The strategy never repairs input (no single-token insertion or deletion). After an error it resynchronises the
 * way ANTLR does so that errors further on are found too; at most one error is reported per line, since later ones on
 * the same line are usually echoes of the first.
 */
final class SyntaxErrors {
    private final Spans spans;
    private final Diagnostics diagnostics;
    private int lastLine = -1;

    SyntaxErrors(Spans spans, Diagnostics diagnostics) {
        this.spans = spans;
        this.diagnostics = diagnostics;
    }

    DefaultErrorStrategy strategy() {
        return new Strategy();
    }

    private final class Strategy extends DefaultErrorStrategy {
        @Override
        public Token recoverInline(Parser recognizer) {
            throw new InputMismatchException(recognizer);
        }

        @Override
        protected Token singleTokenDeletion(Parser recognizer) {
            return null;
        }

        @Override
        protected boolean singleTokenInsertion(Parser recognizer) {
            return false;
        }

        @Override
        public void reportError(Parser recognizer, RecognitionException e) {
            if (inErrorRecoveryMode(recognizer)) {
                return;
            }
            beginErrorCondition(recognizer);
            ParserRuleContext ctx = recognizer.getContext();
            if (e instanceof NoViableAltException nva && nva.getStartToken() != nva.getOffendingToken()) {
                unexpectedAfter(nva.getStartToken(), nva.getOffendingToken());
            } else {
                expected(recognizer, e.getOffendingToken(), e.getExpectedTokens(), ctx);
            }
        }

        @Override
        protected void reportUnwantedToken(Parser recognizer) {
            if (inErrorRecoveryMode(recognizer)) {
                return;
            }
            beginErrorCondition(recognizer);
            expected(recognizer, recognizer.getCurrentToken(), getExpectedTokens(recognizer), recognizer.getContext());
        }

        @Override
        protected void reportMissingToken(Parser recognizer) {
            reportUnwantedToken(recognizer);
        }
    }

    private void expected(Parser parser, Token found, IntervalSet expected, ParserRuleContext ctx) {
        List<Token> line = statementSoFar(parser, found);
        String what = !line.isEmpty() && expected.contains(NtkParser.RBRACE) && found.getType() != Token.EOF
                ? "the end of the statement (a new line, ';' or '}')"
                : expectedPhrase(expected, ctx, found);
        emit(found, "expected " + what + ", found " + describe(found) + hint(line, found, ctx));
    }

    /** A prediction failed after reading some tokens, e.g. {@code bias_std 0.1}: say what was odd and after what. */
    private void unexpectedAfter(Token start, Token found) {
        String message = "unexpected " + describe(found) + " after " + describe(start);
        if (start.getType() == NtkParser.ID
                && (found.getType() == NtkParser.NUMBER || found.getType() == NtkParser.MINUS
                || found.getType() == NtkParser.ID)) {
            message += "; a setting is written '" + start.getText() + " = value', an activation with arguments '"
                    + start.getText() + "(...)'";
        }
        emit(found, message);
    }

    private void emit(Token found, String message) {
        int line = found.getType() == Token.EOF ? spans.endOfFile().line() : found.getLine();
        if (line == lastLine) {
            return;
        }
        lastLine = line;
        diagnostics.report(DiagnosticCode.SYNTAX, spans.of(found), message);
    }

    private static String expectedPhrase(IntervalSet expected, ParserRuleContext ctx, Token found) {
        Set<Integer> types = new LinkedHashSet<>(expected.toList());
        if (found.getType() == Token.EOF && types.contains(NtkParser.RBRACE)) {
            return closing(ctx);
        }
        if (types.contains(NtkParser.NETWORK) && types.contains(NtkParser.ACTIVATION)) {
            return "'network' or 'activation' at the top level of the file";
        }
        if (types.contains(NtkParser.DENSE) && types.contains(NtkParser.REPEAT)) {
            return "a statement (input, dense, conv, avg_pool, global_avg_pool, flatten, repeat, residual, "
                    + "layer_norm, a setting or an activation)"
                    + (types.contains(NtkParser.RBRACE) ? " or '}'" : "");
        }
        if (isNumberOnly(types)) {
            return numberPhrase(ctx);
        }
        if (within(ctx, NtkParser.ExprContext.class) || types.contains(NtkParser.LPAREN)
                && types.contains(NtkParser.NUMBER) && types.contains(NtkParser.ID) && !types.contains(NtkParser.COMMA)) {
            return "an expression";
        }
        if (types.equals(Set.of(NtkParser.ID))) {
            return namePhrase(ctx);
        }
        List<String> words = new ArrayList<>();
        boolean endOfStatement = types.contains(NtkParser.NEWLINE) || types.contains(NtkParser.SEMI);
        for (int type : types) {
            String w = switch (type) {
                case NtkParser.NEWLINE, NtkParser.SEMI -> null;
                case NtkParser.RBRACE -> endOfStatement ? null : "'}'";
                default -> tokenPhrase(type);
            };
            if (w != null && !words.contains(w)) {
                words.add(w);
            }
        }
        if (endOfStatement) {
            words.add("the end of the statement (a new line, ';' or '}')");
        }
        return join(words);
    }

    private static boolean isNumberOnly(Set<Integer> types) {
        return types.contains(NtkParser.NUMBER)
                && types.stream().allMatch(t -> t == NtkParser.NUMBER || t == NtkParser.MINUS || t == NtkParser.DIMS);
    }

    private static String numberPhrase(ParserRuleContext ctx) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            if (c instanceof NtkParser.InputStatementContext) {
                return "the input dimension (a whole number) or shape (H x W x C, or L x C) after 'input'";
            }
            if (c instanceof NtkParser.DenseStatementContext) {
                return "the layer width (a whole number) after 'dense'";
            }
            if (c instanceof NtkParser.ConvStatementContext) {
                return "the channel count (a whole number) after 'conv'";
            }
            if (c instanceof NtkParser.ExtentContext || c instanceof NtkParser.WindowArgsContext) {
                return "a window, K or KH x KW";
            }
            if (c instanceof NtkParser.RepeatStatementContext) {
                return "the repeat count (a whole number) after 'repeat'";
            }
            if (c instanceof NtkParser.SettingValueContext || c instanceof NtkParser.ArgContext) {
                return "a number";
            }
        }
        return "a number";
    }

    private static String namePhrase(ParserRuleContext ctx) {
        if (ctx instanceof NtkParser.NetworkDeclContext) {
            return "the network's name after 'network'";
        }
        if (ctx instanceof NtkParser.ActivationDeclContext decl) {
            return decl.name == null ? "the activation's name after 'activation'"
                    : "the parameter name, as in 'activation " + decl.name.getText() + "(x) = ...'";
        }
        if (within(ctx, NtkParser.ActivationRefContext.class) || within(ctx, NtkParser.DenseStatementContext.class)) {
            return "an activation name after '->'";
        }
        return "a name";
    }

    private static String closing(ParserRuleContext ctx) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            if (c instanceof NtkParser.RepeatStatementContext r) {
                return "'}' to close the repeat block opened at line " + r.getStart().getLine();
            }
            if (c instanceof NtkParser.ResidualStatementContext r) {
                return "'}' to close the residual block opened at line " + r.getStart().getLine();
            }
            if (c instanceof NtkParser.NetworkDeclContext n) {
                String name = n.name == null ? "" : " '" + n.name.getText() + "'";
                return "'}' to close network" + name + " opened at line " + n.getStart().getLine();
            }
        }
        return "'}'";
    }

    /**
     * Hints for the usual slips, read from the tokens of the statement so far: a missing '->' before an activation,
     * a setting without '=', a layer outside any network.
     */
    private static String hint(List<Token> line, Token found, ParserRuleContext ctx) {
        int first = line.isEmpty() ? -1 : line.get(0).getType();
        if (first == NtkParser.DENSE && found.getType() == NtkParser.ID && line.size() >= 2) {
            return "; to apply an activation after a dense layer, write 'dense " + line.get(1).getText() + " -> "
                    + found.getText() + "'";
        }
        if (first == NtkParser.ID && line.size() == 1
                && (found.getType() == NtkParser.NUMBER || found.getType() == NtkParser.MINUS)) {
            return "; a setting is written '" + line.get(0).getText() + " = " + found.getText() + "'";
        }
        if (found.getType() == NtkParser.ARROW && line.isEmpty()) {
            return "; '->' applies an activation to a dense layer on the same line";
        }
        if (!within(ctx, NtkParser.NetworkDeclContext.class)
                && (found.getType() == NtkParser.DENSE || found.getType() == NtkParser.INPUT
                || found.getType() == NtkParser.REPEAT || found.getType() == NtkParser.RESIDUAL
                || found.getType() == NtkParser.LAYER_NORM || found.getType() == NtkParser.CONV
                || found.getType() == NtkParser.AVG_POOL || found.getType() == NtkParser.GLOBAL_AVG_POOL
                || found.getType() == NtkParser.FLATTEN)) {
            return "; statements belong inside 'network NAME { ... }'";
        }
        return "";
    }

    /** The tokens of the current statement before {@code found}, back to the last separator or brace. */
    private static List<Token> statementSoFar(Parser parser, Token found) {
        List<Token> out = new ArrayList<>();
        for (int i = found.getTokenIndex() - 1; i >= 0; i--) {
            Token t = parser.getTokenStream().get(i);
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            int type = t.getType();
            if (type == NtkParser.NEWLINE || type == NtkParser.SEMI || type == NtkParser.LBRACE
                    || type == NtkParser.RBRACE) {
                break;
            }
            out.add(0, t);
        }
        return out;
    }

    private static boolean within(ParserRuleContext ctx, Class<? extends ParserRuleContext> kind) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            if (kind.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String tokenPhrase(int type) {
        return switch (type) {
            case NtkParser.NUMBER -> "a number";
            case NtkParser.DIMS -> "extents such as 3 x 3";
            case NtkParser.ID -> "a name";
            case Token.EOF -> "the end of the file";
            case NtkParser.NEWLINE -> "a new line";
            default -> NtkParser.VOCABULARY.getLiteralName(type);
        };
    }

    private static String join(List<String> words) {
        if (words.isEmpty()) {
            return "something else";
        }
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    /** How a token is named in "found …". */
    static String describe(Token t) {
        return switch (t.getType()) {
            case Token.EOF -> "end of file";
            case NtkParser.NEWLINE -> "end of line";
            default -> "'" + t.getText() + "'";
        };
    }

    /** A bad character, quoted, with its code point when it is invisible or unusual. */
    static String quoteCharacter(String text) {
        int cp = text.codePointAt(0);
        String hex = String.format("U+%04X", cp);
        if (Character.isISOControl(cp) || Character.isWhitespace(cp) || cp > 126) {
            return "'" + (Character.isISOControl(cp) ? "" : text) + "' (" + hex + ")";
        }
        return "'" + text + "'";
    }
}
