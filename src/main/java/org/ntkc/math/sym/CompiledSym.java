package org.ntkc.math.sym;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.ntkc.runtime.Functions;
import org.ntkc.math.sym.Sym.Add;
import org.ntkc.math.sym.Sym.Call;
import org.ntkc.math.sym.Sym.Const;
import org.ntkc.math.sym.Sym.Div;
import org.ntkc.math.sym.Sym.Mul;
import org.ntkc.math.sym.Sym.Neg;
import org.ntkc.math.sym.Sym.Pow;
import org.ntkc.math.sym.Sym.Sub;
import org.ntkc.math.sym.Sym.Var;

/**
 * A faster evaluator for a {@link Sym}, built once: the tree becomes a tree of small closures, so evaluation needs no
 * dispatch over node kinds or function names, and constant operands are bound in. It performs exactly the operations
 * of {@link Sym#eval}, calling the same function implementations, so results are bit-identical (up to which NaN comes
 * out: the JVM does not fix the payload of a NaN made from NaNs). Stateless, so one instance may be shared between
 * threads. The generated kernel classes of ntkc inline formulas as Java source instead; this serves the interpreter and
 * the quadrature, which evaluate an activation many thousand times per kernel entry.
 */
public final class CompiledSym implements DoubleUnaryOperator {
    private final Sym source;
    private final DoubleUnaryOperator program;

    private CompiledSym(Sym source, DoubleUnaryOperator program) {
        this.source = source;
        this.program = program;
    }

    public static CompiledSym of(Sym e) {
        return new CompiledSym(e, e.accept(new Compiler()));
    }

    public Sym source() {
        return source;
    }

    @Override
    public double applyAsDouble(double x) {
        return program.applyAsDouble(x);
    }

    @Override
    public String toString() {
        return "compiled " + source;
    }

    /** The same implementations {@link Fn#apply} uses, as operators bound once. */
    private static DoubleUnaryOperator unary(Fn fn) {
        return switch (fn) {
            case EXP -> Math::exp;
            case EXPM1 -> Math::expm1;
            case LOG -> Math::log;
            case LOG1P -> Math::log1p;
            case SQRT -> Math::sqrt;
            case ABS -> Math::abs;
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case TANH -> Math::tanh;
            case ERF -> Functions::erf;
            case SIGMOID -> Functions::sigmoid;
            case SOFTPLUS -> Functions::softplus;
            case RELU -> Functions::relu;
            case STEP -> Functions::step;
            case SIGN -> Math::signum;
            case MAX, MIN -> throw new IllegalArgumentException(fn.sourceName() + " takes two arguments");
        };
    }

    private static DoubleBinaryOperator binary(Fn fn) {
        return switch (fn) {
            case MAX -> Math::max;
            case MIN -> Math::min;
            case EXP, EXPM1, LOG, LOG1P, SQRT, ABS, SIN, COS, TANH, ERF, SIGMOID, SOFTPLUS, RELU, STEP, SIGN ->
                    throw new IllegalArgumentException(fn.sourceName() + " takes one argument");
        };
    }

    private static final class Compiler implements Sym.Visitor<DoubleUnaryOperator> {
        @Override
        public DoubleUnaryOperator visitConst(Const e) {
            double v = e.value();
            return x -> v;
        }

        @Override
        public DoubleUnaryOperator visitVar(Var e) {
            return x -> x;
        }

        @Override
        public DoubleUnaryOperator visitNeg(Neg e) {
            DoubleUnaryOperator a = e.arg().accept(this);
            return x -> -a.applyAsDouble(x);
        }

        @Override
        public DoubleUnaryOperator visitAdd(Add e) {
            DoubleUnaryOperator r = e.right().accept(this);
            if (e.left() instanceof Const c) {
                double k = c.value();
                return x -> k + r.applyAsDouble(x);
            }
            DoubleUnaryOperator l = e.left().accept(this);
            return x -> l.applyAsDouble(x) + r.applyAsDouble(x);
        }

        @Override
        public DoubleUnaryOperator visitSub(Sub e) {
            DoubleUnaryOperator l = e.left().accept(this);
            DoubleUnaryOperator r = e.right().accept(this);
            return x -> l.applyAsDouble(x) - r.applyAsDouble(x);
        }

        @Override
        public DoubleUnaryOperator visitMul(Mul e) {
            DoubleUnaryOperator r = e.right().accept(this);
            if (e.left() instanceof Const c) {
                double k = c.value();
                return x -> k * r.applyAsDouble(x);
            }
            DoubleUnaryOperator l = e.left().accept(this);
            return x -> l.applyAsDouble(x) * r.applyAsDouble(x);
        }

        @Override
        public DoubleUnaryOperator visitDiv(Div e) {
            DoubleUnaryOperator l = e.left().accept(this);
            DoubleUnaryOperator r = e.right().accept(this);
            return x -> l.applyAsDouble(x) / r.applyAsDouble(x);
        }

        @Override
        public DoubleUnaryOperator visitPow(Pow e) {
            DoubleUnaryOperator b = e.base().accept(this);
            if (e.exponent() instanceof Const c) {
                double k = c.value();
                return x -> Math.pow(b.applyAsDouble(x), k);
            }
            DoubleUnaryOperator p = e.exponent().accept(this);
            return x -> Math.pow(b.applyAsDouble(x), p.applyAsDouble(x));
        }

        @Override
        public DoubleUnaryOperator visitCall(Call e) {
            DoubleUnaryOperator a = e.args().get(0).accept(this);
            if (e.fn().arity() == 1) {
                DoubleUnaryOperator f = unary(e.fn());
                return x -> f.applyAsDouble(a.applyAsDouble(x));
            }
            DoubleUnaryOperator b = e.args().get(1).accept(this);
            DoubleBinaryOperator f = binary(e.fn());
            return x -> f.applyAsDouble(a.applyAsDouble(x), b.applyAsDouble(x));
        }
    }
}
