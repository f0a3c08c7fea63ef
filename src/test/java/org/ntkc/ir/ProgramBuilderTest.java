package org.ntkc.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ntkc.TestSpecs;
import org.junit.jupiter.api.Test;

/** The one builder of kernel programs: its passes, and that building a built program again changes nothing. */
class ProgramBuilderTest {
    private static final String SPEC = "network A {\n input 3\n bias_std = 0.1\n parameterization = standard\n"
            + " dense 5 -> relu -> tanh\n dense 4\n dense 6 -> erf\n sin\n dense 2\n}";

    @Test
    void layersAreFusedForTheNetworkAndDenseLayersOnlyForTheKernel() {
        KernelProgram p = TestSpecs.program(SPEC);
        assertEquals(List.of("Dense", "Elementwise", "Dense", "Dense", "Elementwise", "Dense"),
                p.layers().stream().map(l -> l.getClass().getSimpleName()).toList());
        assertEquals("relu -> tanh", ((NetworkLayer.Elementwise) p.layers().get(1)).activation().label());
        assertEquals("erf -> sin", ((NetworkLayer.Elementwise) p.layers().get(4)).activation().label());
        assertEquals(List.of("InputGram", "Affine", "Elementwise", "Affine", "Elementwise", "Affine"),
                p.steps().stream().map(s -> s.getClass().getSimpleName()).toList());
        Step.Affine fused = (Step.Affine) p.steps().get(3);
        assertEquals(2, fused.origins().size(), "dense 4 and dense 6 are one step");
    }

    @Test
    void buildingAgainFromTheProgramsLayersGivesTheSameProgram() {
        KernelProgram p = TestSpecs.program(SPEC);
        KernelProgram again = ProgramBuilder.build(p.name(), p.inputDim(), p.inputGram().origins(),
                p.parameterization(), p.quadrature(), p.layers(), p.span());
        assertEquals(p.layers(), again.layers());
        assertEquals(p.steps().size(), again.steps().size());
        for (int k = 0; k < p.steps().size(); k++) {
            Step a = p.steps().get(k);
            Step b = again.steps().get(k);
            assertEquals(a.origins(), b.origins());
            if (a instanceof Step.Elementwise e) {
                assertEquals(e.activation(), ((Step.Elementwise) b).activation());
            } else {
                assertEquals(a, b);
            }
        }
        assertEquals(p.outputWidth(), again.outputWidth());
    }

    @Test
    void unfusedLayersAreFusedByTheLayerPass() {
        KernelProgram p = TestSpecs.program("network B {\n input 2\n dense 3 -> relu\n dense 1\n}");
        NetworkLayer.Elementwise relu = (NetworkLayer.Elementwise) p.layers().get(1);
        List<NetworkLayer> layers = new ArrayList<>(p.layers());
        layers.add(2, relu);
        layers.add(2, relu);
        KernelProgram built = ProgramBuilder.build("B", 2, p.inputGram().origins(), p.parameterization(),
                p.quadrature(), layers, p.span());
        assertEquals(3, built.layers().size());
        NetworkLayer.Elementwise three = assertInstanceOf(NetworkLayer.Elementwise.class, built.layers().get(1));
        assertEquals("relu -> relu -> relu", three.activation().label());
        assertEquals(3, three.origins().size());
        assertTrue(((Step.Elementwise) built.steps().get(2)).activation().isNumerical());
    }

    @Test
    void layersThatDoNotChainAreRefused() {
        KernelProgram p = TestSpecs.program("network B {\n input 2\n dense 3 -> relu\n dense 1\n}");
        List<NetworkLayer> layers = List.of(new NetworkLayer.Dense(4, 1, 1, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> ProgramBuilder.build("B", 2, p.inputGram().origins(),
                p.parameterization(), p.quadrature(), layers, p.span()));
        assertThrows(IllegalArgumentException.class, () -> ProgramBuilder.build("B", 2, p.inputGram().origins(),
                p.parameterization(), p.quadrature(), List.of(p.layers().get(1)), p.span()));
    }
}
