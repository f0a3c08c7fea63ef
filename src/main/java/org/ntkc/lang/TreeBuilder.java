package org.ntkc.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.Token;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.diag.SourceFile;
import org.ntkc.diag.SourceSpan;
import org.ntkc.lang.antlr.NtkParser;
import org.ntkc.lang.tree.ActivationDecl;
import org.ntkc.lang.tree.ActivationRef;
import org.ntkc.lang.tree.Arg;
import org.ntkc.lang.tree.Expr;
import org.ntkc.lang.tree.LayerOption;
import org.ntkc.lang.tree.Name;
import org.ntkc.lang.tree.NetworkDecl;
import org.ntkc.lang.tree.Num;
import org.ntkc.lang.tree.SettingValue;
import org.ntkc.lang.tree.SpecFile;
import org.ntkc.lang.tree.Statement;

/** Builds the immutable syntax tree from an error-free ANTLR parse tree, stamping every node with its span. */
final class TreeBuilder {
    private final SourceFile source;
    private final Spans spans;
    private final Diagnostics diagnostics;

    TreeBuilder(SourceFile source, Spans spans, Diagnostics diagnostics) {
        this.source = source;
        this.spans = spans;
        this.diagnostics = diagnostics;
    }

    SpecFile build(NtkParser.FileContext file) {
        List<NetworkDecl> networks = new ArrayList<>();
        List<ActivationDecl> activations = new ArrayList<>();
        for (NtkParser.DeclContext decl : file.decl()) {
            if (decl.networkDecl() != null) {
                networks.add(network(decl.networkDecl()));
            } else {
                activations.add(activation(decl.activationDecl()));
            }
        }
        return new SpecFile(source, networks, activations);
    }

    private NetworkDecl network(NtkParser.NetworkDeclContext ctx) {
        Name name = name(ctx.name);
        SourceSpan header = spans.of(ctx.getStart()).to(name.span());
        return new NetworkDecl(name, block(ctx.block()), header);
    }

    private ActivationDecl activation(NtkParser.ActivationDeclContext ctx) {
        Name name = name(ctx.name);
        return new ActivationDecl(name, name(ctx.param), expr(ctx.expr()), spans.of(ctx));
    }

    private List<Statement> block(NtkParser.BlockContext ctx) {
        List<Statement> out = new ArrayList<>();
        for (NtkParser.StatementContext s : ctx.statement()) {
            out.add(statement(s));
        }
        return out;
    }

    private Statement statement(NtkParser.StatementContext ctx) {
        SourceSpan span = spans.of(ctx);
        if (ctx instanceof NtkParser.InputStatementContext s) {
            return new Statement.Input(s.shape != null ? extents(s.shape) : List.of(number(s.width)), span);
        }
        if (ctx instanceof NtkParser.SettingStatementContext s) {
            NtkParser.SettingValueContext v = s.value;
            SettingValue value = v.ID() != null ? name(v.ID().getSymbol()) : number(v.signedNumber());
            return new Statement.Setting(name(s.name), value, span);
        }
        if (ctx instanceof NtkParser.DenseStatementContext s) {
            List<ActivationRef> acts = new ArrayList<>();
            for (NtkParser.ActivationRefContext a : s.activationRef()) {
                acts.add(activationRef(a));
            }
            return new Statement.Dense(number(s.width), args(s.argList()), acts, span);
        }
        if (ctx instanceof NtkParser.ResidualStatementContext s) {
            return new Statement.Residual(args(s.argList()), block(s.block()), spans.of(s.RESIDUAL().getSymbol()),
                    span);
        }
        if (ctx instanceof NtkParser.LayerNormStatementContext) {
            return new Statement.LayerNorm(span);
        }
        if (ctx instanceof NtkParser.RepeatStatementContext s) {
            return new Statement.Repeat(number(s.count), block(s.block()), span);
        }
        if (ctx instanceof NtkParser.ConvStatementContext s) {
            List<ActivationRef> acts = new ArrayList<>();
            for (NtkParser.ActivationRefContext a : s.activationRef()) {
                acts.add(activationRef(a));
            }
            // The layer's own span ends at its window's ')'; its activations carry their own spans.
            return new Statement.Conv(number(s.channels), window(s.windowArgs()), options(s.windowArgs()), acts,
                    spans.of(s.getStart()).to(spans.of(s.windowArgs())));
        }
        if (ctx instanceof NtkParser.AvgPoolStatementContext s) {
            return new Statement.AvgPool(window(s.windowArgs()), options(s.windowArgs()), span);
        }
        if (ctx instanceof NtkParser.GlobalAvgPoolStatementContext) {
            return new Statement.GlobalAvgPool(span);
        }
        if (ctx instanceof NtkParser.FlattenStatementContext) {
            return new Statement.Flatten(span);
        }
        NtkParser.ActivationStatementContext s = (NtkParser.ActivationStatementContext) ctx;
        return new Statement.Activation(activationRef(s.activationRef()), span);
    }

    private List<Num> window(NtkParser.WindowArgsContext ctx) {
        NtkParser.ExtentContext e = ctx.window;
        return e.DIMS() != null ? extents(e.DIMS().getSymbol()) : List.of(number(e.NUMBER().getSymbol(), false,
                e.NUMBER().getSymbol()));
    }

    private List<LayerOption> options(NtkParser.WindowArgsContext ctx) {
        List<LayerOption> out = new ArrayList<>();
        for (NtkParser.LayerOptionContext o : ctx.layerOption()) {
            List<Num> numbers = o.signedNumber() != null ? List.of(number(o.signedNumber()))
                    : o.dims != null ? extents(o.dims) : List.of();
            Name word = o.word != null ? name(o.word) : null;
            Token valueStart = o.signedNumber() != null ? o.signedNumber().getStart()
                    : o.dims != null ? o.dims : o.word;
            SourceSpan valueSpan = spans.of(valueStart).to(spans.of(o.getStop()));
            out.add(new LayerOption(name(o.name), numbers, word, valueSpan, spans.of(o)));
        }
        return out;
    }

    /** The whole numbers of a {@code 28 x 28 x 1} token, each with its own span. */
    private List<Num> extents(Token dims) {
        List<Num> out = new ArrayList<>();
        String text = dims.getText();
        SourceSpan whole = spans.of(dims);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!Character.isDigit(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            String digits = text.substring(start, i);
            double value = Double.parseDouble(digits);
            SourceSpan span = new SourceSpan(source, whole.line(), whole.column() + start, i - start);
            out.add(new Num(value, digits, span));
        }
        return out;
    }

    private ActivationRef activationRef(NtkParser.ActivationRefContext ctx) {
        return new ActivationRef(name(ctx.name), args(ctx.argList()), spans.of(ctx));
    }

    private List<Arg> args(NtkParser.ArgListContext ctx) {
        List<Arg> out = new ArrayList<>();
        if (ctx != null) {
            for (NtkParser.ArgContext a : ctx.arg()) {
                Optional<Name> argName = a.name == null ? Optional.empty() : Optional.of(name(a.name));
                out.add(new Arg(argName, number(a.value), spans.of(a)));
            }
        }
        return out;
    }

    private Expr expr(NtkParser.ExprContext ctx) {
        SourceSpan span = spans.of(ctx);
        if (ctx instanceof NtkParser.PowerExprContext e) {
            return new Expr.Binary(Expr.Op.POWER, expr(e.left), expr(e.right), span);
        }
        if (ctx instanceof NtkParser.NegateExprContext e) {
            return new Expr.Negate(expr(e.operand), span);
        }
        if (ctx instanceof NtkParser.MultiplyExprContext e) {
            Expr.Op op = e.op.getType() == NtkParser.STAR ? Expr.Op.MULTIPLY : Expr.Op.DIVIDE;
            return new Expr.Binary(op, expr(e.left), expr(e.right), span);
        }
        if (ctx instanceof NtkParser.AddExprContext e) {
            Expr.Op op = e.op.getType() == NtkParser.PLUS ? Expr.Op.ADD : Expr.Op.SUBTRACT;
            return new Expr.Binary(op, expr(e.left), expr(e.right), span);
        }
        if (ctx instanceof NtkParser.NumberExprContext e) {
            return new Expr.Literal(number(e.NUMBER().getSymbol(), false, e.NUMBER().getSymbol()));
        }
        if (ctx instanceof NtkParser.CallExprContext e) {
            List<Expr> args = new ArrayList<>();
            for (NtkParser.ExprContext a : e.expr()) {
                args.add(expr(a));
            }
            return new Expr.Call(name(e.fn), args, span);
        }
        if (ctx instanceof NtkParser.NameExprContext e) {
            return new Expr.Variable(name(e.ID().getSymbol()));
        }
        return expr(((NtkParser.ParenExprContext) ctx).expr());
    }

    private Name name(Token t) {
        return new Name(t.getText(), spans.of(t));
    }

    private Num number(NtkParser.SignedNumberContext ctx) {
        return number(ctx.number().NUMBER().getSymbol(), ctx.MINUS() != null, ctx.getStart());
    }

    private Num number(Token digits, boolean negative, Token first) {
        double magnitude = Double.parseDouble(digits.getText());
        String text = (negative ? "-" : "") + digits.getText();
        SourceSpan span = spans.of(first).to(spans.of(digits));
        if (Double.isInfinite(magnitude)) {
            diagnostics.report(DiagnosticCode.BAD_NUMBER, span, text);
        }
        return new Num(negative ? -magnitude : magnitude, text, span);
    }
}
