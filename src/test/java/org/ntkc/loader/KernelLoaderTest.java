package org.ntkc.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ntkc.Compilation;
import org.ntkc.NtkCompiler;
import org.ntkc.diag.SourceFile;
import org.ntkc.ir.Interpreter;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NetworkArchitecture;
import org.ntkc.runtime.NtkKernel;

/** Spec text → loaded kernels and networks, through NtkCompiler.compile and the compilation's generated files. */
class KernelLoaderTest {
    private static final String SPEC = """
            network Small { input 3; dense 16 -> tanh; dense 16 -> relu; dense 1 }
            network Other { input 3; dense 8 -> erf; dense 1 }
            """;

    @Test
    void loadsEveryNetworkOfACompilationAndAgreesWithTheInterpreter() {
        Compilation c = NtkCompiler.compile(new SourceFile("loader-test.ntk", SPEC));
        assertTrue(c.succeeded(), c.diagnostics().render());
        assertEquals("loader-test.ntk", c.specName());
        assertEquals(2 * 3, c.files("p.q", true).size(), "kernel, vector twin and network per network");
        Map<String, NtkKernel> kernels = KernelLoader.load(c, KernelOptions.defaults().withThreads(1));
        assertEquals(java.util.Set.of("Small", "Other"), kernels.keySet());
        double[][] x = new double[4][3];
        Random random = new Random(5);
        for (double[] p : x) {
            for (int k = 0; k < 3; k++) {
                p[k] = random.nextGaussian();
            }
        }
        for (String name : kernels.keySet()) {
            Kernels generated = kernels.get(name).kernels(x, x);
            Kernels reference = new Interpreter(c.program(name).orElseThrow()).evaluate(x, x);
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x.length; j++) {
                    double scale = reference.ntk().get(i, i);
                    assertEquals(reference.ntk().get(i, j), generated.ntk().get(i, j), 1e-9 * scale, name);
                    assertEquals(reference.nngp().get(i, j), generated.nngp().get(i, j), 1e-9 * scale, name);
                }
            }
        }
        NetworkArchitecture small = NetworkLoader.load(c.program("Small").orElseThrow(), c.specName());
        assertEquals(java.util.List.of(16, 16, 1), small.widths());
        assertEquals(3, small.inputDim());
    }

    @Test
    void aSpecWithErrorsIsRefusedWithItsDiagnostics() {
        Compilation c = NtkCompiler.compile(new SourceFile("bad.ntk", "network B { input 2; dense 4 -> rleu; dense 1 }"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelLoader.load(c, KernelOptions.defaults()));
        assertTrue(e.getMessage().contains("bad.ntk:1:") && e.getMessage().contains("rleu"), e.getMessage());
    }
}
