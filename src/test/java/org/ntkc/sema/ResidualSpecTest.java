package org.ntkc.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntkc.TestSpecs.codesAndPlaces;
import static org.ntkc.TestSpecs.compile;
import static org.ntkc.TestSpecs.diagnostics;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntkc.Compilation;
import org.ntkc.diag.Diagnostic;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.ProgramPrinter;
import org.ntkc.ir.Step;

/** Residual blocks and layer_norm: the forms that parse, and every misuse with its code and place (MATH.md §8). */
class ResidualSpecTest {

    private static String net(String body) {
        return "network A {\n  input 8\n" + body + "\n}\n";
    }

    private static void assertOne(String text, String codeAndPlace, String messagePart) {
        List<Diagnostic> ds = diagnostics(text);
        assertEquals(1, ds.size(), () -> "expected one diagnostic, got: " + ds);
        Diagnostic d = ds.get(0);
        assertEquals(codeAndPlace, d.code().id() + "@" + d.span().line() + ":" + d.span().column(), d::render);
        assertTrue(d.message().contains(messagePart), () -> "message: " + d.message());
    }

    @Test
    void theLanguagePagesDeepMlpCompilesToNestedSteps() {
        Compilation c = compile("""
                network DeepMlp {
                  input 64
                  bias_std = 0.1
                  dense 512
                  repeat 8 {
                    residual (scale = 0.5) { layer_norm; relu; dense 512 -> relu; dense 512 }
                  }
                  layer_norm
                  dense 1
                }
                """);
        assertTrue(c.succeeded(), c.diagnostics()::render);
        assertTrue(c.diagnostics().sorted().isEmpty(), c.diagnostics()::render);
        KernelProgram p = c.programs().get(0);
        // input, dense, 8 blocks, layer_norm, dense at the top level; each block: layer_norm, relu, dense, relu, dense
        assertEquals(12, p.steps().size());
        assertEquals(2 + 8 * 6 + 2, p.allSteps().size());
        Step.Residual block = (Step.Residual) p.steps().get(2);
        assertEquals(0.25, block.scaleSquared());
        assertEquals(5, block.body().size());
        assertTrue(block.body().get(0) instanceof Step.LayerNorm);
        assertEquals(1, p.outputWidth());
        assertEquals(18, p.depth());
        String printed = ProgramPrinter.print(p);
        assertTrue(printed.contains("residual") && printed.contains("end 2") && printed.contains("    layer_norm"),
                printed);
    }

    @Test
    void blocksNestAndDenseLayersInsideABlockFuse() {
        Compilation c = compile(net("  dense 8\n  residual { dense 8; dense 8; residual (scale = 2) { relu; dense 8 } ; dense 8 }\n  dense 1"));
        assertTrue(c.succeeded(), c.diagnostics()::render);
        KernelProgram p = c.programs().get(0);
        Step.Residual outer = (Step.Residual) p.steps().get(2);
        // dense 8; dense 8 fuse into one affine step inside the block, never with the dense before the block
        assertEquals(3, outer.body().size());
        assertTrue(outer.body().get(0) instanceof Step.Affine);
        assertTrue(outer.body().get(1) instanceof Step.Residual);
        assertTrue(p.steps().get(1) instanceof Step.Affine);
    }

    @Test
    void emptyBlockBadScaleAndMisspeltScale() {
        assertOne(net("  dense 8\n  residual { }\n  dense 1"), "NTK060@4:3", "empty");
        assertOne(net("  dense 8\n  residual (scale = 0) { dense 8 }\n  dense 1"), "NTK063@4:21", "got 0");
        assertOne(net("  dense 8\n  residual (scale = -0.5) { dense 8 }\n  dense 1"), "NTK063@4:21", "got -0.5");
        assertOne(net("  dense 8\n  residual (scal = 0.5) { dense 8 }\n  dense 1"), "NTK022@4:13",
                "Did you mean 'scale'?");
        assertOne(net("  dense 8\n  layernorm\n  dense 1"), "NTK012@4:3", "Did you mean 'layer_norm'?");
    }

    @Test
    void aBlockMustEndInADenseLayer() {
        assertOne(net("  dense 8\n  residual { dense 8 -> relu }\n  dense 1"), "NTK061@4:14", "'relu'");
        assertOne(net("  dense 8\n  residual { dense 8; layer_norm }\n  dense 1"), "NTK061@4:23", "layer_norm");
        assertOne(net("  dense 8\n  residual { dense 8; residual { dense 8 } }\n  dense 1"), "NTK061@4:23",
                "another residual block");
        assertOne(net("  dense 8\n  residual { repeat 2 { dense 8; tanh } }\n  dense 1"), "NTK061@4:34", "'tanh'");
    }

    @Test
    void aBlockThatChangesTheShapeNamesBothWidths() {
        assertOne(net("  dense 16\n  residual { dense 32 -> relu; dense 12 }\n  dense 1"), "NTK062@4:3",
                "from 16 to 12");
    }

    @Test
    void theGaussianRule() {
        assertOne(net("  residual { dense 8 }\n  dense 1"), "NTK064@3:3", "raw input");
        assertOne(net("  layer_norm\n  dense 1"), "NTK066@3:3", "the raw input (line 2)");
        assertOne(net("  dense 8 -> relu\n  layer_norm\n  dense 1"), "NTK066@4:3", "the output of 'relu' (line 3)");
        // a block around an activation's output is allowed, but what comes out is neither Gaussian nor zero-mean
        assertOne(net("  dense 8 -> relu\n  residual { dense 8 }\n  tanh\n  dense 1"), "NTK065@5:3",
                "'tanh' needs a Gaussian input");
        assertOne(net("  dense 8 -> relu\n  residual { dense 8 }\n  layer_norm\n  dense 1"), "NTK066@5:3",
                "residual block");
        // an activation cannot fuse with one before the block: the skip path needs that output as it is
        assertOne(net("  dense 8 -> relu\n  residual { erf; dense 8 }\n  dense 1"), "NTK065@4:14",
                "the input of the residual block, the output of 'relu'");
        // allowed: layer_norm after dense, after layer_norm, after a block of Gaussians; activations after them
        Compilation ok = compile(net("  dense 8\n  layer_norm\n  layer_norm\n  residual { relu; dense 8 }\n"
                + "  layer_norm\n  relu\n  dense 8 -> relu\n  residual { dense 8 }\n  dense 1"));
        assertTrue(ok.succeeded(), ok.diagnostics()::render);
    }

    @Test
    void errorsInsideRepeatAreReportedOnce() {
        assertEquals(List.of("NTK064@3:14"), codesAndPlaces(net("  repeat 3 { residual { dense 8 } }\n  dense 1")));
        assertEquals(List.of("NTK062@4:14"),
                codesAndPlaces(net("  dense 8\n  repeat 3 { residual { dense 4 } }\n  dense 1")));
    }

    @Test
    void syntaxErrorsInBlocksAreInPlainWords() {
        List<Diagnostic> ds = diagnostics(net("  dense 8\n  residual { dense 8\n"));
        assertEquals(1, ds.size(), ds::toString);
        assertTrue(ds.get(0).message().contains("residual block opened at line 4")
                || ds.get(0).message().contains("'}'"), ds.get(0)::render);
    }
}
