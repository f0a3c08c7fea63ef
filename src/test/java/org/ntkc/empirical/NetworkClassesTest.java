package org.ntkc.empirical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntkc.loader.NetworkLoader;
import org.ntkc.NtkCompiler;
import org.ntkc.TestPoints;
import org.ntkc.TestSpecs;
import org.ntkc.diag.SourceFile;
import org.ntkc.examples.MixedNetwork;
import org.ntkc.examples.Relu3Network;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.EmpiricalKernels;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NetworkArchitecture;
import org.ntkc.runtime.Parameterization;

/**
 * The generated {@code <Network>Network} classes (committed in generated/, and compiled at run time by NetworkLoader)
 * are the IR's network: same layers, and the same bits as the interpreted activations; and programs rebuilt at other
 * widths are the programs the spec would give with those widths written in.
 */
class NetworkClassesTest {
    private static KernelProgram example(String spec, String network) throws IOException {
        return NtkCompiler.compile(SourceFile.read(Path.of(spec))).program(network).orElseThrow();
    }

    private static void assertSameBits(EmpiricalKernels expected, EmpiricalKernels got) {
        assertArrayEquals(expected.nngp().data(), got.nngp().data());
        assertArrayEquals(expected.readoutNngp().data(), got.readoutNngp().data());
        assertArrayEquals(expected.ntk().data(), got.ntk().data());
    }

    @Test
    void generatedNetworksAreBitIdenticalToTheInterpretedOnes() throws IOException {
        KernelProgram relu3 = example("examples/relu3.ntk", "Relu3");
        NetworkArchitecture interpreted = InterpretedNetworks.architecture(relu3, "examples/relu3.ntk");
        assertEquals(interpreted.widths(), Relu3Network.ARCHITECTURE.widths());
        assertEquals(interpreted.toString(), Relu3Network.ARCHITECTURE.toString());
        assertEquals(784, Relu3Network.INPUT_DIM);
        assertEquals(10, Relu3Network.OUTPUT_WIDTH);
        double[][] x = TestPoints.awkward(784, 3);
        assertSameBits(interpreted.withHiddenWidths(32).sample(5).kernels(x),
                Relu3Network.withHiddenWidths(32).sample(5).kernels(x));

        KernelProgram mixed = example("examples/mixed.ntk", "Mixed");
        NetworkArchitecture mixedInterpreted = InterpretedNetworks.architecture(mixed, "examples/mixed.ntk");
        double[][] y = TestPoints.awkward(16, 4);
        for (int i = 0; i < y.length; i++) {
            for (int k = 0; k < y[i].length; k++) {
                y[i][k] *= 3; // reach the tails of mish and of erf -> gelu
            }
        }
        assertSameBits(mixedInterpreted.withHiddenWidths(48).sample(9).kernels(y),
                MixedNetwork.withHiddenWidths(48).sample(9).kernels(y));
        assertEquals(List.of("mish", "leaky_relu(alpha = 0.1)", "erf(b = 2) -> gelu"),
                MixedNetwork.ARCHITECTURE.layers().stream()
                        .filter(l -> l instanceof NetworkArchitecture.Activation)
                        .map(l -> ((NetworkArchitecture.Activation) l).label()).toList());
        assertEquals("examples/mixed.ntk:8,9", MixedNetwork.ARCHITECTURE.layers().get(5).origin());
    }

    @Test
    void networksLoadedAtRunTimeAreTheGeneratedOnes() {
        KernelProgram p = TestSpecs.program("activation softsquare(x) = max(x, 0) + 0.5 * min(x, 0) ^ 2\n"
                + "network S {\n input 5\n bias_std = 0.2\n parameterization = standard\n dense 20 -> softsquare\n"
                + " dense 10 -> tanh -> sin\n dense 3\n}");
        NetworkArchitecture loaded = NetworkLoader.load(p, "test.ntk");
        NetworkArchitecture interpreted = InterpretedNetworks.architecture(p, "test.ntk");
        assertEquals(Parameterization.STANDARD, loaded.parameterization());
        assertEquals(interpreted.toString(), loaded.toString());
        double[][] x = TestPoints.awkward(5, 8);
        assertSameBits(interpreted.sample(1).kernels(x), loaded.sample(1).kernels(x));
    }

    @Test
    void programsAtOtherWidthsAreThoseOfTheSpecWithThoseWidths() {
        String spec = "network W {\n input 3\n weight_std = 1.3\n bias_std = 0.2\n parameterization = standard\n"
                + " dense %d -> relu\n dense %d\n dense %d -> erf\n dense 2\n}";
        KernelProgram declared = TestSpecs.program(String.format(spec, 16, 8, 4));
        KernelProgram resized = declared.withWidths(List.of(100, 30, 7, 2));
        KernelProgram written = TestSpecs.program(String.format(spec, 100, 30, 7));
        double[][] x = TestPoints.awkward(3, 1);
        Kernels a = new Interpreter(resized).evaluate(x, x);
        Kernels b = new Interpreter(written).evaluate(x, x);
        assertArrayEquals(b.ntk().data(), a.ntk().data());
        assertArrayEquals(b.nngp().data(), a.nngp().data());
        assertEquals(written.widths(), resized.widths());
        assertEquals(written.steps().size(), resized.steps().size(), "dense layers in a row are fused again");
        assertEquals(declared.steps(), declared.withWidths(declared.widths()).steps());
        NetworkArchitecture hidden64 = InterpretedNetworks.architecture(declared, "w.ntk").withHiddenWidths(64);
        assertEquals(List.of(64, 64, 64, 2), declared.withWidths(hidden64.widths()).widths());
        assertThrows(IllegalArgumentException.class, () -> declared.withWidths(List.of(1, 2, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> declared.withWidths(List.of(1, 2)));
    }
}
