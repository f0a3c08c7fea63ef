package org.ntkc.math.sym;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recursive-descent parser for the text {@link Symbolic#format} prints, used only to check that printing round-trips.
 * Grammar (precedence climbing, {@code ^} right-associative and tighter than unary minus):
 *
 * <pre>
 * sum     := product (('+' | '-') product)*
 * product := unary (('*' | '/') unary)*
 * unary   := '-' unary | power
 * power   := atom ('^' power)?
 * atom    := number | name | name '(' sum (',' sum)* ')' | '(' sum ')'
 * </pre>
 */
final class TestParser {
    private final String text;
    private final String varName;
    private int pos;

    private TestParser(String text, String varName) {
        this.text = text;
        this.varName = varName;
    }

    static Sym parse(String text, String varName) {
        TestParser p = new TestParser(text, varName);
        Sym e = p.sum();
        p.skipSpaces();
        if (p.pos != text.length()) {
            throw p.error("trailing input");
        }
        return e;
    }

    private Sym sum() {
        Sym e = product();
        while (true) {
            if (accept('+')) {
                e = Sym.add(e, product());
            } else if (accept('-')) {
                e = Sym.sub(e, product());
            } else {
                return e;
            }
        }
    }

    private Sym product() {
        Sym e = unary();
        while (true) {
            if (accept('*')) {
                e = Sym.mul(e, unary());
            } else if (accept('/')) {
                e = Sym.div(e, unary());
            } else {
                return e;
            }
        }
    }

    private Sym unary() {
        return accept('-') ? Sym.neg(unary()) : power();
    }

    private Sym power() {
        Sym base = atom();
        return accept('^') ? Sym.pow(base, power()) : base;
    }

    private Sym atom() {
        skipSpaces();
        if (accept('(')) {
            Sym e = sum();
            expect(')');
            return e;
        }
        if (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            return Sym.c(number());
        }
        String name = name();
        if (accept('(')) {
            Fn fn = Arrays.stream(Fn.values()).filter(f -> f.sourceName().equals(name)).findFirst()
                    .orElseThrow(() -> error("unknown function " + name));
            List<Sym> args = new ArrayList<>();
            do {
                args.add(sum());
            } while (accept(','));
            expect(')');
            return new Sym.Call(fn, args);
        }
        if (name.equals(varName)) {
            return Sym.x();
        }
        return switch (name) {
            case "pi" -> Sym.c(Math.PI);
            case "e" -> Sym.c(Math.E);
            case "nan" -> Sym.c(Double.NaN);
            case "inf" -> Sym.c(Double.POSITIVE_INFINITY);
            default -> throw error("unknown name " + name);
        };
    }

    private double number() {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == 'e') {
            int mark = pos++;
            if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
                pos++;
            }
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = mark;
            }
        }
        return Double.parseDouble(text.substring(start, pos));
    }

    private String name() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name");
        }
        return text.substring(start, pos);
    }

    private boolean accept(char c) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " at " + pos + " in: " + text);
    }
}
