package org.ntkc.math.sym;

import java.util.List;
import java.util.Objects;

/**
 * An immutable expression in one real variable: the symbolic form of an elementwise activation and of its
 * derivatives. Structural equality is record equality (so {@code Const(0.0)} and {@code Const(-0.0)} differ).
 *
 * <p>Operations over trees ({@link Symbolic}, {@link CompiledSym}, {@link Breakpoints}) are {@link Visitor}s, so adding
 * a node type fails to compile until every operation handles it.
 */
public sealed interface Sym {

    /** The value at {@code x}, in plain IEEE double arithmetic (NaN and infinities propagate). */
    double eval(double x);

    <R> R accept(Visitor<R> visitor);

    /** One method per node type. */
    interface Visitor<R> {
        R visitConst(Const e);

        R visitVar(Var e);

        R visitNeg(Neg e);

        R visitAdd(Add e);

        R visitSub(Sub e);

        R visitMul(Mul e);

        R visitDiv(Div e);

        R visitPow(Pow e);

        R visitCall(Call e);
    }

    static Sym x() {
        return new Var();
    }

    static Sym c(double value) {
        return new Const(value);
    }

    static Sym neg(Sym arg) {
        return new Neg(arg);
    }

    static Sym add(Sym left, Sym right) {
        return new Add(left, right);
    }

    static Sym sub(Sym left, Sym right) {
        return new Sub(left, right);
    }

    static Sym mul(Sym left, Sym right) {
        return new Mul(left, right);
    }

    static Sym div(Sym left, Sym right) {
        return new Div(left, right);
    }

    static Sym pow(Sym base, Sym exponent) {
        return new Pow(base, exponent);
    }

    static Sym call(Fn fn, Sym... args) {
        return new Call(fn, List.of(args));
    }

    record Const(double value) implements Sym {
        @Override
        public double eval(double x) {
            return value;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitConst(this);
        }

        @Override
        public String toString() {
            return Symbolic.format(this, "x");
        }
    }

    /** The variable; all instances are equal. */
    record Var() implements Sym {
        @Override
        public double eval(double x) {
            return x;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitVar(this);
        }

        @Override
        public String toString() {
            return Symbolic.format(this, "x");
        }
    }

    record Neg(Sym arg) implements Sym {
        public Neg {
            Objects.requireNonNull(arg, "arg");
        }

        @Override
        public double eval(double x) {
            return -arg.eval(x);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitNeg(this);
        }

        @Override
        public String toString() {
            return Symbolic.format(this, "x");
        }
    }

    record Add(Sym left, Sym right) implements Sym {
        public Add {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public double eval(double x) {
            return left.eval(x) + right.eval(x);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAdd(this);
        }

        @Override
        public String toString() {
            return Symbolic.format(this, "x");
        }
    }

    record Sub(Sym left, Sym right) implements Sym {
        public Sub {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public double eval(double x) {
            return left.eval(x) - right.eval(x);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitSub(this);
        }

        @Override
        public String toString() {
            return Symbolic.format(this, "x");
        }
    }

    record Mul(Sym left, Sym right) implements Sym {
        public Mul {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public double eval(double x) {
            return left.eval(x) * right.eval(x);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitMul(this);
        }

        @Override
        public String toString() {
            return Symbolic.format(this, "x");
        }
    }

    record Div(Sym left, Sym right) implements Sym {
        public Div {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public double eval(double x) {
            return left.eval(x) / right.eval(x);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitDiv(this);
        }

        @Override
        public String toString() {
            return Symbolic.format(this, "x");
        }
    }

    /** {@code base^exponent} as {@link Math#pow}. */
    record Pow(Sym base, Sym exponent) implements Sym {
        public Pow {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(exponent, "exponent");
        }

        @Override
        public double eval(double x) {
            return Math.pow(base.eval(x), exponent.eval(x));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitPow(this);
        }

        @Override
        public String toString() {
            return Symbolic.format(this, "x");
        }
    }

    record Call(Fn fn, List<Sym> args) implements Sym {
        public Call {
            Objects.requireNonNull(fn, "fn");
            args = List.copyOf(args);
            if (args.size() != fn.arity()) {
                throw new IllegalArgumentException(
                        fn.sourceName() + " takes " + fn.arity() + " argument(s), got " + args.size());
            }
        }

        /** The first argument (every function has one). */
        public Sym arg() {
            return args.get(0);
        }

        @Override
        public double eval(double x) {
            return fn.arity() == 1 ? fn.apply(args.get(0).eval(x)) : fn.apply(args.get(0).eval(x), args.get(1).eval(x));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitCall(this);
        }

        @Override
        public String toString() {
            return Symbolic.format(this, "x");
        }
    }
}
