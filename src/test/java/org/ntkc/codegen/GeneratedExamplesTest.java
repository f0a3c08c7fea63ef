package org.ntkc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ntkc.Compilation;
import org.ntkc.NtkCompiler;
import org.ntkc.TestPoints;
import org.ntkc.diag.SourceFile;
import org.ntkc.examples.Erf3Kernel;
import org.ntkc.examples.ResMlpKernel;
import org.ntkc.examples.Relu3Kernel;
import org.ntkc.examples.SoftSquareKernel;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NtkKernel;

/**
 * generated/ holds exactly what ntkc emits for examples/ today (the test fails when a spec or the generator changed
 * and the files were not regenerated; {@link Golden}: NTKC_REGENERATE=1 rewrites them), and the compiled classes
 * work.
 */
class GeneratedExamplesTest {
    static final Path EXAMPLES = Path.of("examples");
    static final Path GENERATED = Path.of("generated");
    static final String PACKAGE = "org.ntkc.examples";

    @Test
    void generatedSourcesAreUpToDate() throws IOException {
        List<String> stale = new ArrayList<>();
        Set<Path> expected = new TreeSet<>();
        List<Path> specs;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            specs = files.filter(f -> f.toString().endsWith(".ntk")).sorted().collect(Collectors.toList());
        }
        assertTrue(specs.size() >= 4, "examples/ has specs");
        for (Path spec : specs) {
            Compilation c = NtkCompiler.compile(SourceFile.read(spec));
            assertTrue(c.succeeded(), c.diagnostics()::render);
            for (KernelProgram p : c.programs()) {
                for (JavaFile f : KernelGenerator.generate(p, PACKAGE, spec.toString())) {
                    Path path = GENERATED.resolve(PACKAGE.replace('.', '/')).resolve(f.typeSpec().name() + ".java");
                    expected.add(path);
                    if (Golden.stale(path, f.toString())) {
                        stale.add(path.toString());
                    }
                }
            }
        }
        try (Stream<Path> files = Files.walk(GENERATED)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                if (!expected.contains(f)) {
                    stale.add(f + " (no longer generated)");
                    Golden.obsolete(f);
                }
            }
        }
        if (!stale.isEmpty() && !Golden.regenerating()) {
            fail("generated/ is stale: " + stale + ". Regenerate with: ./ntkc compile examples/*.ntk -d generated "
                    + "--package " + PACKAGE + "  (or " + Golden.HOW + ")");
        }
    }

    @Test
    void committedExampleClassesComputeTheInterpretersKernels() throws IOException {
        check(new Relu3Kernel(), "examples/relu3.ntk", "Relu3", 1e-12);
        check(new Erf3Kernel(), "examples/smooth.ntk", "Erf3", 1e-12);
        check(new SoftSquareKernel(), "examples/kinks.ntk", "SoftSquare", 1e-8);
        check(new ResMlpKernel(), "examples/resnet-mlp.ntk", "ResMlp", 1e-12);
    }

    private static void check(NtkKernel kernel, String spec, String network, double tolerance) throws IOException {
        KernelProgram p = NtkCompiler.compile(SourceFile.read(Path.of(spec))).program(network).orElseThrow();
        assertEquals(p.inputDim(), kernel.inputDim());
        assertEquals(p.outputWidth(), kernel.outputWidth());
        double[][] x = TestPoints.awkward(p.inputDim(), 17);
        Kernels expected = new Interpreter(p).evaluate(x, x);
        Kernels got = kernel.kernels(x, x);
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                double scale = Math.sqrt(expected.ntk().get(i, i) * expected.ntk().get(j, j));
                assertEquals(expected.ntk().get(i, j), got.ntk().get(i, j), tolerance * scale, network);
                double nscale = Math.sqrt(expected.nngp().get(i, i) * expected.nngp().get(j, j));
                assertEquals(expected.nngp().get(i, j), got.nngp().get(i, j), tolerance * nscale, network);
            }
        }
    }
}
