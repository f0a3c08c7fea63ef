package org.ntkc.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ntkc.Compilation;
import org.ntkc.TestSpecs;
import org.ntkc.diag.Diagnostic;

/**
 * The hostile specs of issue 14 that used to end in internal errors, stack overflows or hangs: each gets a
 * diagnostic at the offending place that states the limit or the problem, quickly.
 */
class HostileSpecsTest {
    private static final Duration QUICK = Duration.ofSeconds(20);

    private static String net(String body) {
        return "network N {\n  input 2\n" + body + "\n  dense 1\n}\n";
    }

    private static String custom(String formula) {
        return "activation c0(x) = " + formula + "\n" + net("  dense 4 -> c0");
    }

    /** The errors of a spec, compiled within {@link #QUICK}. */
    private static List<Diagnostic> errors(String text) {
        Compilation c = assertTimeoutPreemptively(QUICK, () -> TestSpecs.compile(text));
        assertFalse(c.succeeded(), "expected an error");
        return c.diagnostics().sorted().stream().filter(Diagnostic::isError).collect(Collectors.toList());
    }

    private static Diagnostic firstError(String text, String code) {
        List<Diagnostic> errors = errors(text);
        Diagnostic d = errors.get(0);
        assertEquals(code, d.code().id(), d::render);
        return d;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1/x", "log(x)", "sqrt(x)", "x^0.5", "x/0", "0/0", "log(abs(x))", "x^-1",
        "exp(exp(exp(x)))", "exp(x^2)", "x^1000", "pi / (x + (10^0 - (x + x)))", "1/(x - 0.3)", "sqrt(abs(x))"})
    void activationsThatLeaveTheirDomainAreRefusedAtTheirDeclaration(String formula) {
        Diagnostic d = firstError(custom(formula), "NTK044");
        assertEquals(1, d.span().line());
        assertEquals(12, d.span().column(), "at the activation's name");
        assertTrue(d.message().startsWith("activation 'c0': φ"), d.message());
        assertTrue(d.message().contains(" at x = ") || d.message().contains("too large"), d.message());
    }

    @Test
    void theReportedPointIsWhereTheFormulaBreaks() {
        assertTrue(firstError(custom("1/x"), "NTK044").message().contains("φ is not finite at x = 0"));
        assertTrue(firstError(custom("pi / (x + (10^0 - (x + x)))"), "NTK044").message()
                .contains("φ is not finite at x = 1"));
        assertTrue(firstError(custom("sqrt(abs(x))"), "NTK044").message().contains("φ′ is not finite at x = 0"));
        String overflow = firstError(custom("x^1000"), "NTK044").message();
        assertTrue(overflow.contains("overflows a double"), overflow);
    }

    @Test
    void aPoleBetweenGridPointsIsFound() {
        // 1/(x - 1/3): the probe grid never hits 1/3 exactly; the denominator changes sign there.
        String m = firstError(custom("1/(x - 1/3)"), "NTK044").message();
        assertTrue(m.contains("0.333"), m);
    }

    @Test
    void aFormulaUsedOnlyInsideAnotherIsCheckedWhereItIsUsed() {
        // log alone leaves its domain, log(1 + x^2) does not: only activations of layers are probed.
        Compilation c = TestSpecs.compile("activation l(x) = log(x)\nactivation s(x) = l(1 + x^2)\n"
                + net("  dense 4 -> s"));
        assertTrue(c.succeeded(), c.diagnostics()::render);
    }

    @Test
    void wellBehavedFormulasStillCompile() {
        for (String f : new String[] {"x * tanh(softplus(x))", "max(x, 0) + 0.5 * min(x, 0) ^ 2", "exp(x)",
            "x^3 - x", "tanh(gelu(x))", "1/(1 + x^2)", "sqrt(1 + x^2)", "log(1 + exp(x))", "x^10"}) {
            Compilation c = TestSpecs.compile(custom(f));
            assertTrue(c.succeeded(), () -> f + ":\n" + c.diagnostics().render());
        }
    }

    @Test
    void hugeActivationParametersAreOutOfRange() {
        Diagnostic elu = firstError(net("  dense 4 -> elu(alpha = 1e300)"), "NTK025");
        assertTrue(elu.message().contains("from -1e100 to 1e100"), elu.message());
        Diagnostic gaussian = firstError(net("  dense 4 -> gaussian(b = -1e300)"), "NTK025");
        assertTrue(gaussian.message().contains("'b' of gaussian must be a number from -10000 to 10000, got -1e300"),
                gaussian.message());
        assertEquals(3, gaussian.span().line());
    }

    @Test
    void deepRepeatNestingStatesTheLimit() {
        Diagnostic d = firstError(net("repeat 1 {".repeat(2000) + " dense 4 -> relu " + "}".repeat(2000)),
                "NTK041");
        assertTrue(d.message().contains("deeper than 64 levels"), d.message());
        assertEquals(3, d.span().line());
        assertEquals(10 * 64, d.span().column(), "at the 64th repeat's '{' (the network's is the first level)");
    }

    @Test
    void deepParenthesesStateTheLimit() {
        List<String> codes = errors(custom("(".repeat(5000) + "x" + ")".repeat(5000))).stream()
                .map(d -> d.code().id()).collect(Collectors.toList());
        assertTrue(codes.contains("NTK041"), codes::toString);
        assertTrue(firstError(custom("tanh(".repeat(200) + "x" + ")".repeat(200)), "NTK041").message()
                .contains("64"));
        assertTrue(errors(custom("tanh(".repeat(2000) + "x" + ")".repeat(2000))).stream()
                .anyMatch(d -> d.code().id().equals("NTK041")));
    }

    @Test
    void longFormulasStateTheLimit() {
        Diagnostic d = firstError(custom(String.join(" + ", java.util.Collections.nCopies(20000, "x"))), "NTK042");
        assertTrue(d.message().contains("40004 tokens long") && d.message().contains("limit of 2000"), d.message());
        assertEquals(1, d.span().line());
        assertEquals(1, d.span().column());
    }

    @Test
    void chainsOfCustomActivationsStateTheLimit() {
        StringBuilder s = new StringBuilder("activation a0(x) = tanh(x)\n");
        for (int k = 1; k < 300; k++) {
            s.append("activation a").append(k).append("(x) = tanh(a").append(k - 1).append("(x))\n");
        }
        Diagnostic d = firstError(s + net("  dense 4 -> a299"), "NTK042");
        assertTrue(d.message().contains("more than the limit of 5000"), d.message());
        assertTrue(d.message().startsWith("the derivative of activation 'a"), d.message());
    }

    @Test
    void exponentiallyGrowingChainsAreRefusedQuickly() {
        StringBuilder s = new StringBuilder("activation a1(x) = exp(x)\n");
        for (int k = 2; k <= 60; k++) {
            s.append("activation a").append(k).append("(x) = a").append(k - 1).append("(a").append(k - 1)
                    .append("(x))\n");
        }
        List<Diagnostic> errors = errors(s + net("  dense 4 -> a60"));
        assertEquals("NTK042", errors.get(0).code().id(), errors.get(0)::render);
        // Also when the doubling goes through substitution alone (a small derivative never gets built).
        StringBuilder t = new StringBuilder("activation b1(x) = x + 1\n");
        for (int k = 2; k <= 80; k++) {
            t.append("activation b").append(k).append("(x) = b").append(k - 1).append("(b").append(k - 1)
                    .append("(x)) + b").append(k - 1).append("(x)\n");
        }
        Diagnostic d = errors(t + net("  dense 4 -> b80")).get(0);
        assertEquals("NTK042", d.code().id(), d::render);
    }

    @Test
    void longFusedChainsStateTheLimit() {
        Diagnostic d = firstError(net("  dense 4" + " -> tanh".repeat(200)), "NTK042");
        assertTrue(d.message().contains("fused into one step"), d.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"  repeat 9998 { dense 4 }", "  repeat 3000 { dense 4 -> tanh }",
        "  repeat 5000 { dense 4 -> relu }"})
    void tooManyLayersStateTheLimit(String body) {
        Diagnostic d = firstError(net(body), "NTK029");
        assertTrue(d.message().contains("more than 1000 layers"), d.message());
    }

    @Test
    void veryLongNamesStateTheLimit() {
        Diagnostic d = firstError(net("  dense 4 -> relu").replace("network N", "network N" + "a".repeat(100000)),
                "NTK043");
        assertTrue(d.message().contains("at most 128 characters, this one has 100001"), d.message());
        Diagnostic act = firstError("activation " + "b".repeat(200) + "(x) = x\n" + net("  dense 4"), "NTK043");
        assertEquals(12, act.span().column());
    }

    @Test
    void networksAtTheLimitsStillCompile() {
        // 999 layers, formulas at the nesting limit and just under the token limit.
        assertTrue(TestSpecs.compile(net("  repeat 499 { dense 4 -> tanh }")).succeeded());
        assertTrue(TestSpecs.compile(custom("(".repeat(63) + "x" + ")".repeat(63))).succeeded());
        Compilation c = TestSpecs.compile(custom(String.join(" + ", java.util.Collections.nCopies(490, "x^2"))));
        assertTrue(c.succeeded(), c.diagnostics()::render);
    }
}
