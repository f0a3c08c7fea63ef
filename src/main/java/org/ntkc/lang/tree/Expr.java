package org.ntkc.lang.tree;

import java.util.List;
import org.ntkc.diag.SourceSpan;

/** The formula of a custom activation, as written (names unresolved). */
public sealed interface Expr {
    SourceSpan span();

    <R> R accept(Visitor<R> visitor);

    /** One method per expression kind. */
    interface Visitor<R> {
        R visitLiteral(Literal literal);

        R visitVariable(Variable variable);

        R visitNegate(Negate negate);

        R visitBinary(Binary binary);

        R visitCall(Call call);
    }

    /** The binary operators, in the spelling of the language. */
    enum Op {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), POWER("^");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    record Literal(Num value) implements Expr {
        @Override
        public SourceSpan span() {
            return value.span();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitLiteral(this);
        }
    }

    /** A name used as a value: the parameter, or a constant such as {@code pi}. */
    record Variable(Name name) implements Expr {
        @Override
        public SourceSpan span() {
            return name.span();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitVariable(this);
        }
    }

    record Negate(Expr operand, SourceSpan span) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitNegate(this);
        }
    }

    record Binary(Op op, Expr left, Expr right, SourceSpan span) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitBinary(this);
        }
    }

    /** {@code f(a)} or {@code max(a, b)}: a built-in function or another custom activation. */
    record Call(Name function, List<Expr> args, SourceSpan span) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitCall(this);
        }
    }
}
