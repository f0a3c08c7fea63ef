package org.ntkc.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntkc.TestSpecs.codesAndPlaces;
import static org.ntkc.TestSpecs.diagnostics;
import static org.ntkc.TestSpecs.program;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntkc.diag.Diagnostic;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.Shape;
import org.ntkc.ir.ShapeListing;
import org.ntkc.ir.StateLayout;
import org.ntkc.ir.Step;
import org.ntkc.ir.Window;

/** The image forms of the language: parsing, shape inference, the shape errors, and the pair modes. */
class ImageSpecTest {

    @Test
    void shapesWithAndWithoutSpacesAreTheSame() {
        KernelProgram tight = program("network A {\n input 28x28x1\n conv 4 (3x3) -> relu\n flatten\n dense 1\n}");
        KernelProgram spaced = program("network A {\n input 28 x 28 x 1\n conv 4 (3 x 3) -> relu\n flatten\n"
                + " dense 1\n}");
        assertEquals(new Shape(List.of(28, 28), 1), tight.inputShape());
        assertEquals(tight.inputShape(), spaced.inputShape());
        assertEquals(784, tight.inputDim());
        assertEquals(tight.steps().size(), spaced.steps().size());
    }

    @Test
    void convOptionsResolveWindowStridePaddingAndSigmas() {
        KernelProgram p = program("""
                network A {
                  input 9 x 7 x 2
                  parameterization = standard
                  padding = valid
                  conv 5 (3 x 2, stride = 2 x 1, weight_std = 2, bias_std = 0.5) -> relu
                  conv 6 (3, padding = same)
                  avg_pool (2)
                  global_avg_pool
                  dense 3
                }
                """);
        Step.Conv c = assertInstanceOf(Step.Conv.class, p.steps().get(1));
        assertEquals(List.of(4, 6), c.window().outExtents(), "valid: (9-3)/2+1, (7-2)/1+1");
        assertEquals(new Shape(List.of(4, 6), 5), c.out());
        assertEquals(4.0, c.affine().sigmaScale());
        assertEquals(0.25, c.affine().sigmaShift());
        assertEquals(2 * 6, c.affine().thetaFromSigma(), "standard: C_in·|k|");
        Step.Conv same = assertInstanceOf(Step.Conv.class, p.steps().get(3));
        assertEquals(Window.Padding.SAME, same.window().padding());
        assertEquals(List.of(1, 1), same.window().padBefore());
        Step.AvgPool pool = assertInstanceOf(Step.AvgPool.class, p.steps().get(4));
        assertEquals(List.of(2, 3), pool.window().outExtents(), "stride = window, valid");
        assertEquals(3, p.outputWidth());
    }

    @Test
    void sameAndCircularPaddingFollowTensorFlow() {
        Window w = Window.resolve(List.of(28), List.of(3), List.of(2), Window.Padding.SAME);
        assertEquals(List.of(14), w.outExtents());
        assertEquals(List.of(0), w.padBefore(), "pad_total = 13*2 + 3 - 28 = 1, before = 0");
        Window c = Window.resolve(List.of(5), List.of(3), List.of(1), Window.Padding.CIRCULAR);
        assertEquals(4, c.source(0, 0, 0), "wraps to the last position");
        Window z = Window.resolve(List.of(5), List.of(3), List.of(1), Window.Padding.SAME);
        assertEquals(-1, z.source(0, 0, 0), "zero padding");
    }

    @Test
    void denseOnAnImageIsAOneByOneConvolution() {
        KernelProgram p = program("network A {\n input 4 x 4 x 3\n dense 8 -> relu\n global_avg_pool\n dense 1\n}");
        Step.Conv c = assertInstanceOf(Step.Conv.class, p.steps().get(1));
        assertEquals(1, c.window().volume());
        assertEquals(new Shape(List.of(4, 4), 8), c.out());
    }

    @Test
    void anActivationRightAfterFlattenIsAppliedBeforeIt() {
        KernelProgram p = program("network A {\n input 4 x 4 x 1\n conv 2 (3)\n flatten\n relu\n dense 1\n}");
        assertInstanceOf(Step.Conv.class, p.steps().get(1));
        assertInstanceOf(Step.Elementwise.class, p.steps().get(2));
        assertInstanceOf(Step.Flatten.class, p.steps().get(3));
    }

    @Test
    void pairsAreKeptInFullOnlyUpToTheLastPooling() {
        KernelProgram p = program("""
                network A {
                  input 8 x 8 x 1
                  conv 2 (3) -> relu
                  avg_pool (2)
                  conv 2 (3) -> relu
                  flatten
                  dense 1
                }
                """);
        StateLayout layout = p.stateLayout();
        List<String> modes = layout.states().stream().map(s -> s instanceof StateLayout.Spatial sp
                ? sp.mode().name() : "VECTOR").toList();
        assertEquals(List.of("FULL", "FULL", "FULL", "DIAGONAL", "DIAGONAL", "DIAGONAL", "VECTOR", "VECTOR"), modes);
        KernelProgram flat = program("network B {\n input 8 x 8 x 1\n conv 2 (3) -> relu\n flatten\n dense 1\n}");
        assertTrue(flat.stateLayout().states().stream().noneMatch(s -> s instanceof StateLayout.Spatial sp
                && sp.mode() == StateLayout.PairMode.FULL), "nothing pools: diagonal only");
        assertEquals(64, flat.stateLayout().largestPairState());
        assertEquals(64L * 64, p.stateLayout().largestPairState());
        String listing = ShapeListing.print(p, "a.ntk");
        assertTrue(listing.contains("avg_pool (2 x 2, stride 2 x 2, valid)  4 x 4 x 2"), listing);
        assertTrue(listing.contains("full: 64 x 64 positions"), listing);
    }

    @Test
    void aSignalTakesOneExtentWindows() {
        KernelProgram p = program("network S {\n input 100 x 4\n conv 32 (5, padding = valid) -> erf\n"
                + " global_avg_pool\n dense 1\n}");
        Step.Conv c = assertInstanceOf(Step.Conv.class, p.steps().get(1));
        assertEquals(new Shape(List.of(96), 32), c.out());
    }

    @Test
    void shapeErrorsNameTheLayerAndBothShapes() {
        assertEquals(List.of("NTK070@3:2"), codesAndPlaces("network A {\n input 10\n conv 4 (3)\n dense 1\n}"));
        assertEquals(List.of("NTK070@3:2"), codesAndPlaces("network A {\n input 10\n flatten\n dense 1\n}"));
        assertEquals(List.of("NTK070@5:2"), codesAndPlaces(
                "network A {\n input 4 x 4 x 1\n global_avg_pool\n dense 2\n global_avg_pool\n dense 1\n}"));
        List<Diagnostic> large = diagnostics("network A {\n input 4 x 4 x 1\n conv 2 (5, padding = valid)\n"
                + " flatten\n dense 1\n}");
        assertEquals("NTK071", large.get(0).code().id());
        assertTrue(large.get(0).message().contains("5 x 5") && large.get(0).message().contains("4 x 4 x 1"),
                large.get(0).message());
        assertEquals(List.of("NTK072@3:10"), codesAndPlaces("network A {\n input 4 x 4 x 1\n conv 2 (0)\n"
                + " flatten\n dense 1\n}"));
        assertEquals(List.of("NTK072@3:22"), codesAndPlaces("network A {\n input 4 x 4 x 1\n conv 2 (3, stride = 0)\n"
                + " flatten\n dense 1\n}"));
        assertEquals(List.of("NTK073@3:10"), codesAndPlaces("network A {\n input 10 x 2\n conv 2 (3 x 3)\n"
                + " flatten\n dense 1\n}"));
        List<Diagnostic> image = diagnostics("network A {\n input 4 x 4 x 1\n conv 2 (3)\n dense 1\n}");
        assertEquals("NTK074", image.get(0).code().id());
        assertTrue(image.get(0).message().contains("4 x 4 x 1") && image.get(0).message().contains("flatten"),
                image.get(0).message());
        assertEquals(List.of("NTK075@2:2"), codesAndPlaces("network A {\n input 2 x 2 x 2 x 2\n dense 1\n}"));
        assertEquals(List.of("NTK020@3:25"), codesAndPlaces("network A {\n input 4 x 4 x 1\n avg_pool (2, padding "
                + "= circular)\n flatten\n dense 1\n}"));
        assertEquals(List.of("NTK022@3:15"), codesAndPlaces("network A {\n input 4 x 4 x 1\n avg_pool (2, "
                + "weight_std = 2)\n flatten\n dense 1\n}"));
    }

    @Test
    void residualBlocksAndLayerNormOnImagesAreRefusedWhereTheyStand() {
        List<Diagnostic> res = diagnostics("network A {\n input 4 x 4 x 1\n conv 2 (3)\n"
                + " residual { conv 2 (3) -> relu\n conv 2 (3) }\n flatten\n dense 1\n}");
        assertEquals("NTK078", res.get(0).code().id());
        assertEquals(4, res.get(0).span().line());
        assertTrue(res.get(0).message().contains("residual") && res.get(0).message().contains("4 x 4 x 2"),
                res.get(0).message());
        assertEquals(List.of("NTK078@4:2"), codesAndPlaces("network A {\n input 4 x 4 x 1\n conv 2 (3)\n"
                + " layer_norm\n flatten\n dense 1\n}"));
        // After flatten the value is a vector again: both are allowed there.
        assertEquals(List.of(), codesAndPlaces("network A {\n input 4 x 4 x 1\n conv 2 (3) -> relu\n flatten\n"
                + " dense 8\n layer_norm\n residual (scale = 0.5) { dense 8 -> relu\n dense 8 }\n dense 1\n}"));
    }

    @Test
    void aShapeErrorInsideRepeatIsReportedOnce() {
        assertEquals(List.of("NTK071@4:13"), codesAndPlaces("network A {\n input 8 x 8 x 1\n padding = valid\n"
                + " repeat 5 { conv 2 (3) -> relu }\n flatten\n dense 1\n}"));
    }

    @Test
    void vectorSpecsAreUnchanged() {
        KernelProgram p = program("network R {\n input 784\n repeat 3 { dense 512 -> relu }\n dense 10\n}");
        assertTrue(!p.isSpatial());
        assertInstanceOf(Step.InputGram.class, p.steps().get(0));
        assertTrue(p.stateLayout().states().stream().allMatch(s -> s instanceof StateLayout.Vector));
    }
}
