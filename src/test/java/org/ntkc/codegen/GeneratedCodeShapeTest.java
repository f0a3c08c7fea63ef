package org.ntkc.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ntkc.Compilation;
import org.ntkc.loader.KernelLoader;
import org.ntkc.TestPoints;
import org.ntkc.TestSpecs;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.CompiledKernel;
import org.ntkc.loader.InMemoryJavaCompiler;
import org.ntkc.runtime.KernelOptions;

/** Properties of the generated code itself: compilable by HotSpot's JIT, and allocation-free when it runs. */
class GeneratedCodeShapeTest {
    /** HotSpot does not JIT-compile methods longer than this (-XX:-DontCompileHugeMethods is off by default). */
    private static final int HUGE_METHOD = 8000;

    @Test
    void everyMethodStaysUnderTheJitLimitEvenForDeepNetworks() throws Exception {
        Compilation c = TestSpecs.compile("""
                network Deep {
                  input 5
                  bias_std = 0.1
                  repeat 160 { dense 8 -> rectified_monomial(3) }
                  dense 1
                }
                network Wide {
                  input 784
                  repeat 3 { dense 10 -> gelu; dense 10 -> gaussian(2, -0.1); dense 10 -> cos(1, 2, 0.3) }
                  dense 2
                }
                """);
        assertTrue(c.succeeded(), c.diagnostics()::render);
        Map<String, String> sources = new LinkedHashMap<>();
        for (KernelProgram p : c.programs()) {
            for (JavaFile f : KernelGenerator.generate(p, "shape", "test.ntk")) {
                sources.put(f.packageName() + "." + f.typeSpec().name(), f.toString());
            }
        }
        Map<String, byte[]> classes = InMemoryJavaCompiler.compileToBytes(sources);
        int largest = 0;
        String which = "";
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            for (Map.Entry<String, Integer> m : ClassFileMethods.codeLengths(e.getValue()).entrySet()) {
                if (m.getValue() > largest) {
                    largest = m.getValue();
                    which = e.getKey() + "." + m.getKey();
                }
            }
        }
        System.out.println("largest generated method: " + which + ", " + largest + " bytes");
        assertTrue(largest > 0);
        assertTrue(largest < HUGE_METHOD, which + " has " + largest + " bytes of bytecode");
    }

    @Test
    void vectorCodeDoesNotAllocateOnceWarm() {
        KernelProgram p = TestSpecs.program("network A {\n input 16\n bias_std = 0.1\n repeat 2 { dense 8 -> relu }\n"
                + " dense 4 -> erf\n dense 1\n}");
        CompiledKernel<?> k = (CompiledKernel<?>) KernelLoader.load(p, "test.ntk", KernelOptions.defaults()
                .withThreads(1));
        assertTrue(k.implementation().startsWith("vector"));
        double[][] x = TestPoints.random(700, 16, 3);
        double[][] awkward = TestPoints.awkward(16, 4);
        // Every path taken first (duplicates and near-parallel points reach the scalar reference), then the size
        // measured, long enough for C2 to settle: vector code in C1 or the interpreter allocates on every operation.
        for (int r = 0; r < 300; r++) {
            k.kernels(awkward, awkward);
        }
        for (int r = 0; r < 60; r++) {
            k.kernels(x, x);
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // The least over several calls: on a loaded machine C2 may still be recompiling a method during one call.
        long allocated = Long.MAX_VALUE;
        for (int r = 0; r < 8; r++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            k.kernels(x, x);
            allocated = Math.min(allocated, bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
        }
        long outputs = 2L * 8 * x.length * x.length;
        System.out.println("one 700 x 700 call allocated " + allocated + " bytes (outputs " + outputs + ")");
        // The two output matrices, tile scratch and per-point arrays; boxed vectors would add hundreds of MB.
        assertTrue(allocated < outputs + 2_000_000, "allocated " + allocated + " bytes");
    }
}
