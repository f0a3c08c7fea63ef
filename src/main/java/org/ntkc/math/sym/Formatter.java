package org.ntkc.math.sym;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.StringJoiner;
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
 * Infix printing with the fewest parentheses under the source grammar's precedence: {@code + -} &lt; {@code * /} &lt;
 * unary minus &lt; {@code ^} (right-associative), so {@code -x^2} is {@code -(x^2)}. Left-associative operators keep
 * parentheses around a right operand of equal precedence ({@code a - (b - c)}, and also {@code a + (b + c)}, since
 * floating-point addition is not associative and the text must evaluate exactly as the tree does).
 */
final class Formatter implements Sym.Visitor<Formatter.Out> {

    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int UNARY = 3;
    private static final int POWER = 4;
    private static final int ATOM = 5;

    /** Printed text and the precedence of its outermost operator. */
    record Out(String text, int precedence) {
    }

    private final String varName;

    Formatter(String varName) {
        this.varName = varName;
    }

    /**
     * The shortest decimal that parses back to {@code v}, integers without a fraction, scientific notation outside
     * [1e-4, 1e16); {@code pi}, {@code e}, {@code nan}, {@code inf} by name.
     */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        String sign = Math.copySign(1.0, v) < 0 ? "-" : "";
        double magnitude = Math.abs(v);
        if (magnitude == Double.POSITIVE_INFINITY) {
            return sign + "inf";
        }
        if (magnitude == Math.PI) {
            return sign + "pi";
        }
        if (magnitude == Math.E) {
            return sign + "e";
        }
        if (magnitude == 0) {
            return sign + "0";
        }
        BigDecimal exact = new BigDecimal(magnitude);
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= 17; digits++) {
            shortest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (shortest.doubleValue() == magnitude) {
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        if (exponent >= -4 && exponent < 16) {
            return sign + shortest.toPlainString();
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + exponent;
    }

    @Override
    public Out visitConst(Const e) {
        String text = number(e.value());
        return new Out(text, text.startsWith("-") ? UNARY : ATOM);
    }

    @Override
    public Out visitVar(Var e) {
        return new Out(varName, ATOM);
    }

    @Override
    public Out visitNeg(Neg e) {
        Out arg = e.arg().accept(this);
        // "--x" would read as a decrement in most languages, so a negated negative keeps its parentheses.
        return new Out("-" + wrap(arg, arg.precedence() <= UNARY), UNARY);
    }

    @Override
    public Out visitAdd(Add e) {
        return infix(e.left(), " + ", e.right(), SUM);
    }

    @Override
    public Out visitSub(Sub e) {
        return infix(e.left(), " - ", e.right(), SUM);
    }

    @Override
    public Out visitMul(Mul e) {
        return infix(e.left(), " * ", e.right(), PRODUCT);
    }

    @Override
    public Out visitDiv(Div e) {
        return infix(e.left(), " / ", e.right(), PRODUCT);
    }

    @Override
    public Out visitPow(Pow e) {
        Out base = e.base().accept(this);
        Out exponent = e.exponent().accept(this);
        return new Out(wrap(base, base.precedence() <= POWER) + "^" + wrap(exponent, exponent.precedence() < POWER),
                POWER);
    }

    @Override
    public Out visitCall(Call e) {
        StringJoiner args = new StringJoiner(", ", e.fn().sourceName() + "(", ")");
        for (Sym a : e.args()) {
            args.add(a.accept(this).text());
        }
        return new Out(args.toString(), ATOM);
    }

    private Out infix(Sym left, String operator, Sym right, int precedence) {
        Out l = left.accept(this);
        Out r = right.accept(this);
        return new Out(wrap(l, l.precedence() < precedence) + operator + wrap(r, r.precedence() <= precedence),
                precedence);
    }

    private static String wrap(Out out, boolean parenthesize) {
        return parenthesize ? "(" + out.text() + ")" : out.text();
    }
}
