package org.ntkc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.ntkc.diag.Diagnostic;
import org.ntkc.diag.SourceFile;
import org.ntkc.ir.KernelProgram;

/** Compiling spec text in tests, and asserting on what comes out. */
public final class TestSpecs {
    private TestSpecs() {
    }

    public static Compilation compile(String text) {
        return NtkCompiler.compile(new SourceFile("test.ntk", text));
    }

    /** The only program of a spec that must compile without errors. */
    public static KernelProgram program(String text) {
        Compilation c = compile(text);
        assertTrue(c.succeeded(), () -> "expected no errors, got:\n" + c.diagnostics().render());
        assertEquals(1, c.programs().size());
        return c.programs().get(0);
    }

    /** The diagnostics of a spec, in source order. */
    public static List<Diagnostic> diagnostics(String text) {
        return compile(text).diagnostics().sorted();
    }

    /** "NTK012@4:17" for each diagnostic: compact enough to assert a whole list at once. */
    public static List<String> codesAndPlaces(String text) {
        return diagnostics(text).stream()
                .map(d -> d.code().id() + "@" + d.span().line() + ":" + d.span().column())
                .collect(Collectors.toList());
    }
}
