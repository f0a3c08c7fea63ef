package org.ntkc.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ntkc.diag.Diagnostic;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.diag.SourceFile;
import org.ntkc.lang.tree.ActivationDecl;
import org.ntkc.lang.tree.Expr;
import org.ntkc.lang.tree.Name;
import org.ntkc.lang.tree.NetworkDecl;
import org.ntkc.lang.tree.Num;
import org.ntkc.lang.tree.SpecFile;
import org.ntkc.lang.tree.Statement;

class SpecParserTest {
    /** The complete example of the language reference, verbatim. */
    static final String REFERENCE_EXAMPLE = """
            // Three hidden ReLU layers in NTK parameterization, as in Jacot et al. (2018).
            network Relu3 {
              input 784                     // input dimension n0: required, and the first statement
              weight_std = 1.0              // network-wide defaults for every dense layer below
              bias_std = 0.1                // β in the NTK parameterization
              parameterization = ntk        // ntk (default) | standard

              repeat 3 {
                dense 512 -> relu
              }
              dense 10                      // output layer: n_L = 10, the kernel is Θ ⊗ I_10
            }

            /* A custom activation: the compiler differentiates it symbolically. */
            activation mish(x) = x * tanh(softplus(x))

            network Mixed {
              input 16
              dense 1024 -> mish
              dense 1024 (weight_std = 1.5, bias_std = 0) -> leaky_relu(alpha = 0.1)
              dense 256 -> erf(b = 2)
              gelu                          // two elementwise steps in a row are fused into gelu∘erf
              dense 1 (weight_std = 0.5)
            }
            """;

    private static SpecFile parse(String text) {
        Diagnostics d = new Diagnostics();
        Optional<SpecFile> file = SpecParser.parse(new SourceFile("t.ntk", text), d);
        assertTrue(file.isPresent(), () -> d.render());
        assertFalse(d.hasErrors());
        return file.get();
    }

    private static List<Diagnostic> errors(String text) {
        Diagnostics d = new Diagnostics();
        Optional<SpecFile> file = SpecParser.parse(new SourceFile("t.ntk", text), d);
        assertTrue(file.isEmpty(), "a spec with syntax errors yields no tree");
        assertTrue(d.hasErrors());
        return d.sorted();
    }

    @Test
    void parsesTheReferenceExampleWithSpans() {
        SpecFile file = parse(REFERENCE_EXAMPLE);
        assertEquals(2, file.networks().size());
        assertEquals(1, file.activations().size());

        NetworkDecl relu3 = file.networks().get(0);
        assertEquals("Relu3", relu3.name().text());
        assertEquals(2, relu3.name().span().line());
        assertEquals(9, relu3.name().span().column());
        assertEquals(6, relu3.body().size());
        Statement.Input input = assertInstanceOf(Statement.Input.class, relu3.body().get(0));
        assertEquals(784, input.dimension().value());
        assertEquals(3, input.span().line());
        assertEquals(3, input.span().column());
        Statement.Setting bias = assertInstanceOf(Statement.Setting.class, relu3.body().get(2));
        assertEquals("bias_std", bias.name().text());
        assertEquals(0.1, ((Num) bias.value()).value());
        Statement.Setting param = assertInstanceOf(Statement.Setting.class, relu3.body().get(3));
        assertEquals("ntk", ((Name) param.value()).text());
        Statement.Repeat repeat = assertInstanceOf(Statement.Repeat.class, relu3.body().get(4));
        assertEquals(3, repeat.count().value());
        Statement.Dense inner = assertInstanceOf(Statement.Dense.class, repeat.body().get(0));
        assertEquals(512, inner.width().value());
        assertEquals("relu", inner.activations().get(0).name().text());
        assertEquals(9, inner.activations().get(0).span().line());
        assertEquals(18, inner.activations().get(0).span().column());

        ActivationDecl mish = file.activations().get(0);
        assertEquals("mish", mish.name().text());
        assertEquals("x", mish.parameter().text());
        Expr.Binary product = assertInstanceOf(Expr.Binary.class, mish.body());
        assertEquals(Expr.Op.MULTIPLY, product.op());
        Expr.Call tanh = assertInstanceOf(Expr.Call.class, product.right());
        assertEquals("tanh", tanh.function().text());

        NetworkDecl mixed = file.networks().get(1);
        Statement.Dense second = assertInstanceOf(Statement.Dense.class, mixed.body().get(2));
        assertEquals(2, second.args().size());
        assertEquals("weight_std", second.args().get(0).name().orElseThrow().text());
        assertEquals(1.5, second.args().get(0).value().value());
        assertEquals("alpha", second.activations().get(0).args().get(0).name().orElseThrow().text());
        Statement.Activation gelu = assertInstanceOf(Statement.Activation.class, mixed.body().get(4));
        assertEquals("gelu", gelu.activation().name().text());
    }

    @Test
    void statementsEndAtSemicolonsAndClosingBraces() {
        SpecFile file = parse("network A { input 3; dense 4 -> relu; dense 1 }\nnetwork B { input 2 ; dense 1 }");
        assertEquals(3, file.networks().get(0).body().size());
        assertEquals(2, file.networks().get(1).body().size());
    }

    @Test
    void newlinesInsideParenthesesAreWhitespace() {
        SpecFile file = parse("""
                activation f(x) = max(x,
                                      0) + 1
                network A {
                  input 3
                  dense 4 (weight_std = 2,
                           bias_std = 0.5) -> leaky_relu(
                      alpha = 0.2)
                  dense 1
                }
                """);
        Statement.Dense d = (Statement.Dense) file.networks().get(0).body().get(1);
        assertEquals(2, d.args().size());
        assertEquals(0.2, d.activations().get(0).args().get(0).value().value());
    }

    @Test
    void numbersNegativeAndExponent() {
        SpecFile file = parse("network A {\n input 3\n bias_std = -1.5e-3\n dense 2.5E+2 -> erf(-2, .5)\n}");
        Statement.Setting s = (Statement.Setting) file.networks().get(0).body().get(1);
        Num n = (Num) s.value();
        assertEquals(-1.5e-3, n.value());
        assertEquals("-1.5e-3", n.text());
        assertEquals(13, n.span().column());
        assertEquals(7, n.span().length());
        Statement.Dense d = (Statement.Dense) file.networks().get(0).body().get(2);
        assertEquals(250, d.width().value());
        assertEquals(-2, d.activations().get(0).args().get(0).value().value());
        assertEquals(0.5, d.activations().get(0).args().get(1).value().value());
    }

    @Test
    void powerIsRightAssociativeAndBindsTighterThanUnaryMinus() {
        ActivationDecl f = parse("activation f(x) = -x^2^3 * 2 - 1\nnetwork A { input 1; dense 1 }")
                .activations().get(0);
        // ((-(x^(2^3))) * 2) - 1
        Expr.Binary minus = (Expr.Binary) f.body();
        assertEquals(Expr.Op.SUBTRACT, minus.op());
        Expr.Binary times = (Expr.Binary) minus.left();
        assertEquals(Expr.Op.MULTIPLY, times.op());
        Expr.Negate neg = (Expr.Negate) times.left();
        Expr.Binary pow = (Expr.Binary) neg.operand();
        assertEquals(Expr.Op.POWER, pow.op());
        Expr.Binary inner = (Expr.Binary) pow.right();
        assertEquals(Expr.Op.POWER, inner.op());
    }

    @Test
    void missingWidthIsSaidInPlainWords() {
        Diagnostic d = errors("network A {\n  input 3\n  dense -> relu\n}").get(0);
        assertEquals(DiagnosticCode.SYNTAX, d.code());
        assertEquals(3, d.span().line());
        assertEquals(9, d.span().column());
        assertEquals("expected the layer width (a whole number) after 'dense', found '->'", d.message());
    }

    @Test
    void missingArrowGetsAHint() {
        Diagnostic d = errors("network A {\n  input 3\n  dense 5 relu\n}").get(0);
        assertEquals(3, d.span().line());
        assertEquals(11, d.span().column());
        assertTrue(d.message().startsWith("expected "), d.message());
        assertTrue(d.message().contains("found 'relu'"), d.message());
        assertTrue(d.message().contains("write 'dense 5 -> relu'"), d.message());
    }

    @Test
    void unclosedNetworkNamesWhereItOpened() {
        Diagnostic d = errors("\nnetwork Deep {\n  input 3\n  dense 5\n").get(0);
        assertEquals("expected '}' to close network 'Deep' opened at line 2, found end of file", d.message());
        assertEquals(4, d.span().line());
    }

    @Test
    void settingWithoutEqualsSign() {
        Diagnostic d = errors("network A {\n  input 3\n  bias_std 0.1\n  dense 1\n}").get(0);
        assertEquals(3, d.span().line());
        assertEquals(12, d.span().column());
        assertEquals("expected the end of the statement (a new line, ';' or '}'), found '0.1'; a setting is "
                + "written 'bias_std = 0.1'", d.message());
    }

    @Test
    void topLevelStatementsOutsideANetwork() {
        Diagnostic d = errors("dense 5\n").get(0);
        assertEquals(1, d.span().column());
        assertTrue(d.message().contains("'network' or 'activation'"), d.message());
        assertTrue(d.message().contains("inside 'network NAME { ... }'"), d.message());
    }

    @Test
    void badCharacterAndUnclosedCommentAreReportedTogether() {
        List<Diagnostic> ds = errors("network A {\n  input 3 #\n  dense 1\n}\n/* never closed\n");
        assertEquals(2, ds.size());
        assertEquals(DiagnosticCode.BAD_CHARACTER, ds.get(0).code());
        assertEquals(2, ds.get(0).span().line());
        assertEquals(11, ds.get(0).span().column());
        assertEquals("unexpected character '#'", ds.get(0).message());
        assertEquals(DiagnosticCode.UNTERMINATED_COMMENT, ds.get(1).code());
        assertEquals(5, ds.get(1).span().line());
    }

    @Test
    void severalSyntaxErrorsInOneRun() {
        List<Diagnostic> ds = errors("""
                network A {
                  input
                  dense 4 -> relu
                  dense -> tanh
                  dense 1
                }
                activation f(x) = x +
                """);
        assertEquals(List.of(2, 4, 7), ds.stream().map(d -> d.span().line()).toList());
        assertTrue(ds.get(0).message().contains("the input dimension"), ds.get(0).message());
        assertTrue(ds.get(2).message().startsWith("expected an expression"), ds.get(2).message());
    }

    @Test
    void syntaxMessagesNeverShowGrammarJargon() {
        String[] broken = {
            "network {", "network A { input 3 dense 4 }", "network A { input 3\n dense 4 (weight_std 2)\n}",
            "network A { input 3\n dense 4 -> \n}", "activation (x) = x", "activation f x = x", "activation f(x) x",
            "network A { input 3\n repeat { dense 2 }\n}", "network A { input 3\n repeat 2 dense 2\n}",
            "network A { input 3\n dense 4 -> relu(,)\n}", "network A { input 3\n -> relu\n}", "}", "network A }",
            "network A { input 3\n dense 2 -> max(1)(2)\n}", "activation f(x) = (x + 1", "network A { input 3 ;; ,",
        };
        for (String text : broken) {
            for (Diagnostic d : errors(text)) {
                String m = d.message();
                for (String jargon : List.of("expecting", "extraneous", "mismatched", "<EOF>", "NEWLINE", "ID",
                        "NUMBER", "viable")) {
                    assertFalse(m.contains(jargon), () -> "'" + text + "' gave: " + m);
                }
            }
        }
    }

    @Test
    void rendersFileLineColumnCodeAndCaret() {
        Diagnostics d = new Diagnostics();
        SpecParser.parse(new SourceFile("mixed.ntk", "network A {\n  input 3\n  dense -> relu\n}"), d);
        assertEquals("""
                mixed.ntk:3:9: error[NTK001]: expected the layer width (a whole number) after 'dense', found '->'
                  dense -> relu
                        ^^
                1 error
                """, d.render());
    }
}
