package org.ntkc.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntkc.TestSpecs.codesAndPlaces;
import static org.ntkc.TestSpecs.compile;
import static org.ntkc.TestSpecs.diagnostics;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntkc.Compilation;
import org.ntkc.diag.Diagnostic;

class SpecCheckerTest {

    private static Diagnostic only(String text) {
        List<Diagnostic> ds = diagnostics(text);
        assertEquals(1, ds.size(), () -> "expected one diagnostic, got: " + ds);
        return ds.get(0);
    }

    private static void assertOne(String text, String codeAndPlace, String messagePart) {
        Diagnostic d = only(text);
        assertEquals(codeAndPlace, d.code().id() + "@" + d.span().line() + ":" + d.span().column(), d::render);
        assertTrue(d.message().contains(messagePart), () -> "message: " + d.message());
    }

    @Test
    void threeMistakesGiveThreeDiagnosticsAtTheirPlaces() {
        String spec = """
                network Mixed {
                  input 16
                  bias_stdd = 0.1
                  dense 1024 -> rleu
                  dense 0
                }
                """;
        assertEquals(List.of("NTK019@3:3", "NTK012@4:17", "NTK014@5:9"), codesAndPlaces(spec));
        Compilation c = compile(spec);
        assertTrue(c.programs().isEmpty(), "a spec with errors yields no output");
        List<Diagnostic> ds = c.diagnostics().sorted();
        assertEquals("unknown setting 'bias_stdd'. Did you mean 'bias_std'?", ds.get(0).message());
        assertEquals("unknown activation 'rleu'. Did you mean 'relu'?", ds.get(1).message());
        assertEquals("a layer width must be a whole number >= 1, got 0", ds.get(2).message());
    }

    @Test
    void inputMissingRepeatedOrNotFirst() {
        assertOne("network A {\n  dense 3\n}", "NTK010@1:9", "network 'A' has no 'input'");
        assertOne("network A {\n  input 3\n  input 4\n  dense 1\n}", "NTK011@3:3", "first at line 2");
        assertOne("network A {\n  bias_std = 0.1\n  input 4\n  dense 1\n}", "NTK013@3:3", "first statement");
        assertOne("network A {\n  input 0\n  dense 1\n}", "NTK014@2:9", "the input dimension must be");
        assertOne("network A {\n  input 2.5\n  dense 1\n}", "NTK014@2:9", "got 2.5");
    }

    @Test
    void widthsAndRepeatCounts() {
        assertOne("network A {\n  input 3\n  dense -4\n}", "NTK014@3:9", "got -4");
        assertOne("network A {\n  input 3\n  repeat 0 { dense 2 }\n  dense 1\n}", "NTK015@3:10", "got 0");
        assertOne("network A {\n  input 3\n  repeat 1.5 { dense 2 }\n}", "NTK015@3:10", "got 1.5");
    }

    @Test
    void settingsValuesAndPlacement() {
        assertOne("network A {\n  input 3\n  weight_std = 0\n  dense 1\n}", "NTK016@3:16", "> 0, got 0");
        assertOne("network A {\n  input 3\n  bias_std = -0.1\n  dense 1\n}", "NTK017@3:14", "got -0.1");
        assertOne("network A {\n  input 3\n  dense 2\n  bias_std = 0.1\n  dense 1\n}", "NTK018@4:3",
                "before the first layer");
        assertOne("network A {\n  input 3\n  parameterization = standrad\n  dense 1\n}", "NTK020@3:22",
                "Did you mean 'standard'?");
        assertOne("network A {\n  input 3\n  weight_std = ntk\n  dense 1\n}", "NTK020@3:16", "must be a number");
        assertOne("network A {\n  input 3\n  bias_std = 0.1\n  bias_std = 0.2\n  dense 1\n}", "NTK021@4:3",
                "first at line 3");
        assertOne("network A {\n  input 3\n  quadrature = 1000\n  dense 4 -> tanh\n  dense 1\n}", "NTK020@3:16",
                "from 2 to 256");
        assertOne("network A {\n  input 3\n  repeat 2 { weight_std = 2 }\n  dense 1\n}", "NTK018@3:14",
                "before the first layer");
    }

    @Test
    void activationArguments() {
        assertOne("network A {\n  input 3\n  dense 2 -> leaky_relu(alpa = 0.2)\n  dense 1\n}", "NTK022@3:25",
                "Did you mean 'alpha'?");
        assertOne("network A {\n  input 3\n  dense 2 -> erf(b = 1, b = 2)\n  dense 1\n}", "NTK023@3:25",
                "'b' is given twice");
        assertOne("network A {\n  input 3\n  dense 2 -> leaky_relu(0.1, 0.2)\n  dense 1\n}", "NTK024@3:30",
                "leaky_relu takes at most 1 argument (alpha), got 2");
        assertOne("network A {\n  input 3\n  dense 2 -> relu(1)\n  dense 1\n}", "NTK024@3:19",
                "relu takes no arguments, got 1");
        assertOne("network A {\n  input 3\n  dense 2 -> monomial(7)\n  dense 1\n}", "NTK025@3:23",
                "'degree' of monomial must be an integer from 0 to 5, got 7");
        assertOne("network A {\n  input 3\n  dense 2 -> rectified_monomial(degree = 1.5)\n  dense 1\n}",
                "NTK025@3:42", "an integer from 0 to 10");
        assertOne("network A {\n  input 3\n  dense 2 -> monomial\n  dense 1\n}", "NTK026@3:14",
                "monomial needs a value for 'degree', e.g. monomial(2)");
        assertOne("network A {\n  input 3\n  dense 2 -> erf(a = 2, 3)\n  dense 1\n}", "NTK027@3:25",
                "write 'a = 3'");
        assertOne("network A {\n  input 3\n  dense 2 (1.5)\n  dense 1\n}", "NTK028@3:12",
                "dense 2 (weight_std = 1.5)");
        assertOne("network A {\n  input 3\n  dense 2 (weight_sd = 1.5)\n  dense 1\n}", "NTK022@3:12",
                "Did you mean 'weight_std'?");
        assertOne("network A {\n  input 3\n  dense 2 (bias_std = -1)\n  dense 1\n}", "NTK017@3:23", "got -1");
        assertOne("network A {\n  input 3\n  dense 2 (weight_std = 1, weight_std = 2)\n  dense 1\n}", "NTK023@3:28",
                "'weight_std' is given twice");
    }

    @Test
    void networkAndActivationNames() {
        assertOne("network A {\n  input 3\n  relu\n}", "NTK030@1:9", "no dense layer");
        assertOne("network A { input 1; dense 1 }\nnetwork A { input 1; dense 1 }", "NTK031@2:9", "first at line 1");
        assertOne("activation f(x) = x\nactivation f(x) = 2 * x\nnetwork A { input 1; dense 1 -> f; dense 1 }",
                "NTK032@2:12", "first at line 1");
        assertOne("network class { input 1; dense 1 }", "NTK033@1:9", "'class' is a Java keyword");
        assertOne("network var { input 1; dense 1 }", "NTK033@1:9", "reserved as a type name");
        assertOne("activation relu(x) = x\nnetwork A { input 1; dense 1 }", "NTK034@1:12", "built-in");
        assertOne("activation f(x) = x\n", "NTK039@1:1", "no network");
        assertOne("activation f(pi) = pi\nnetwork A { input 1; dense 1 -> f; dense 1 }", "NTK040@1:14",
                "constant pi");
    }

    @Test
    void customActivationFormulas() {
        assertOne("activation f(x) = tahn(x)\nnetwork A { input 1; dense 1 -> f; dense 1 }", "NTK035@1:19",
                "Did you mean 'tanh'?");
        assertOne("activation f(x) = y + 1\nnetwork A { input 1; dense 1 -> f; dense 1 }", "NTK036@1:19",
                "the formula may use its parameter 'x'");
        assertOne("activation f(x) = max(x)\nnetwork A { input 1; dense 1 -> f; dense 1 }", "NTK038@1:19",
                "'max' takes 2 arguments, got 1");
        assertOne("activation f(x) = 1 + f(x)\nnetwork A { input 1; dense 1 -> f; dense 1 }", "NTK037@1:23",
                "f -> f");
        assertEquals(List.of("NTK037@3:19"), codesAndPlaces("""
                activation f(x) = g(x) * 2
                activation g(x) = h(x) + 1
                activation h(x) = f(x) - x
                network A { input 1; dense 1 -> f; dense 1 }
                """));
        Diagnostic cycle = diagnostics("activation f(x) = g(x)\nactivation g(x) = f(x)\n"
                + "network A { input 1; dense 1 -> f; dense 1 }").get(0);
        assertTrue(cycle.message().contains("f -> g -> f"), cycle.message());
        assertOne("activation f(x) = x\nnetwork A { input 1; dense 1 -> f(2); dense 1 }", "NTK024@2:35",
                "f takes no arguments");
    }

    @Test
    void customActivationsMayBeDeclaredAfterUseAndCallEachOther() {
        Compilation c = compile("""
                network A {
                  input 2
                  dense 8 -> g
                  dense 1
                }
                activation g(t) = f(t) + gelu(t) / 2
                activation f(x) = x * tanh(softplus(x))
                """);
        assertTrue(c.succeeded(), c.diagnostics()::render);
        assertTrue(c.diagnostics().all().isEmpty(), c.diagnostics()::render);
    }

    @Test
    void allErrorsOfAFileInOneRun() {
        List<String> got = codesAndPlaces("""
                activation f(x) = sqr(x)
                network A {
                  input 3
                  dense 2 -> f
                  dense 1 -> relu(3)
                }
                network B {
                  dense 4
                }
                """);
        assertEquals(List.of("NTK035@1:19", "NTK024@5:19", "NTK010@7:9"), got);
    }

    @Test
    void warningsDoNotStopCompilation() {
        Compilation c = compile("""
                activation unused(x) = x
                network A {
                  input 3
                  quadrature = 20
                  relu
                  dense 4 -> erf(b = 2) -> gelu
                  tanh
                  dense 2 -> relu
                }
                """);
        assertTrue(c.succeeded(), c.diagnostics()::render);
        assertEquals(1, c.programs().size());
        assertEquals(List.of("NTK103@1:12", "NTK102@5:3", "NTK100@6:28", "NTK100@7:3", "NTK101@8:14"),
                c.diagnostics().sorted().stream()
                        .map(d -> d.code().id() + "@" + d.span().line() + ":" + d.span().column()).toList());
        assertTrue(c.diagnostics().sorted().stream().noneMatch(Diagnostic::isError));
    }

    @Test
    void quadratureWithoutSmoothNumericalActivationWarns() {
        assertOne("network A {\n  input 3\n  quadrature = 20\n  dense 4 -> relu\n  dense 1\n}", "NTK104@3:3",
                "no effect");
        assertTrue(diagnostics("network A {\n  input 3\n  quadrature = 20\n  dense 4 -> tanh\n  dense 1\n}")
                .isEmpty());
    }

    @Test
    void fusedWarningIsGivenOncePerPlaceNotPerRepeatCopy() {
        List<Diagnostic> ds = diagnostics("network A {\n  input 3\n  repeat 4 { dense 2 -> relu -> tanh }\n"
                + "  dense 1\n}");
        assertEquals(1, ds.size());
        assertFalse(ds.get(0).isError());
        assertEquals("'tanh' follows 'relu' with no dense layer between; they are fused into one step "
                + "relu -> tanh, integrated numerically", ds.get(0).message());
    }

    @Test
    void tooDeepNetworksAreRefused() {
        assertOne("network A {\n  input 3\n  repeat 1000 { repeat 1000 { dense 2 } }\n}", "NTK029@1:9",
                "more than 1000 layers");
    }
}
