package org.ntkc.math.act;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.ntkc.math.sym.Symbolic;

/** The symbolic forms of the built-ins: right values, right derivatives, right kinks, readable fusion. */
class BuiltinActivationTest {

    private static Activation of(String name, double... args) {
        return BuiltinActivation.bySpelling(name).orElseThrow().create(args);
    }

    @Test
    void formulasMatchTheirDefinitions() {
        for (double x : new double[] {-3.1, -0.7, -1e-9, 0.4, 2.5}) {
            assertEquals(Math.max(x, 0), of("relu").phi().eval(x), 0);
            assertEquals(x > 0 ? x : 0.2 * x, of("leaky_relu", 0.2).phi().eval(x), 1e-16);
            assertEquals(2 * Erf.erf(3 * x) + 0.5, of("erf", 2, 3, 0.5).phi().eval(x), 1e-15);
            assertEquals(x * 0.5 * (1 + Erf.erf(x / Math.sqrt(2))), of("gelu").phi().eval(x), 1e-15);
            assertEquals(x > 0 ? x : 1.5 * (Math.exp(x) - 1), of("elu", 1.5).phi().eval(x), 1e-15);
            double selu = BuiltinActivation.SELU_LAMBDA * (x > 0 ? x : BuiltinActivation.SELU_ALPHA * (Math.exp(x) - 1));
            assertEquals(selu, of("selu").phi().eval(x), 1e-15);
            assertEquals(x / (1 + Math.exp(-x)), of("silu").phi().eval(x), 1e-15);
            assertEquals(of("silu").phi().eval(x), of("swish").phi().eval(x), 0);
            assertEquals(Math.sqrt(2) * Math.sin(Math.sqrt(1.2) * x + Math.PI / 4), of("rbf", 0.6).phi().eval(x),
                    1e-15);
            assertEquals(Math.pow(Math.max(x, 0), 3), of("rectified_monomial", 3).phi().eval(x), 1e-15);
            assertEquals(x > 0 ? 1 : 0, of("rectified_monomial", 0).phi().eval(x), 0);
        }
    }

    @Test
    void derivativesMatchFiniteDifferences() {
        for (BuiltinActivation b : BuiltinActivation.values()) {
            double[] args = b.parameters().stream().mapToDouble(p -> p.defaultValue().orElse(3)).toArray();
            Activation a = b.create(args);
            for (double x = -2.95; x < 3; x += 0.1) {
                double h = 1e-5;
                double fd = (a.phi().eval(x + h) - a.phi().eval(x - h)) / (2 * h);
                double d = a.derivative().eval(x);
                assertEquals(fd, d, 1e-7 * Math.max(1, Math.abs(d)), b + " at " + x);
            }
        }
    }

    @Test
    void kinksAreWhereTheyShouldBe() {
        assertArrayEquals(new double[] {0}, of("relu").breakpoints());
        assertArrayEquals(new double[] {0}, of("selu").breakpoints());
        assertArrayEquals(new double[] {0}, of("elu", 1).breakpoints(), "elu(1) is C1 but its second derivative jumps");
        assertArrayEquals(new double[0], of("tanh").breakpoints());
        assertArrayEquals(new double[0], of("gelu").breakpoints());
        assertTrue(of("tanh").isNumerical());
        assertTrue(!of("relu").isNumerical());
    }

    @Test
    void fusionComposesAndDropsIdentities() {
        Activation fused = of("tanh").then(of("relu"));
        assertEquals("tanh -> relu", fused.label());
        assertTrue(fused.isNumerical());
        assertEquals("max(tanh(x), 0)", Symbolic.format(fused.phi(), "x"));
        for (double x = -2; x <= 2; x += 0.25) {
            assertEquals(Math.max(Math.tanh(x), 0), fused.phi().eval(x), 0);
        }
        assertArrayEquals(new double[] {0}, fused.breakpoints(), 1e-15);
        Activation relu = of("relu");
        assertTrue(relu.then(of("identity")) == relu);
        assertTrue(of("identity").then(relu) == relu);
    }

    @Test
    void labelsShowOnlyNonDefaultArguments() {
        assertEquals("erf", of("erf", 1, 1, 0).label());
        assertEquals("erf(b = 2)", of("erf", 1, 2, 0).label());
        assertEquals("monomial(degree = 3)", of("monomial", 3).label());
        assertEquals("leaky_relu(alpha = 0.1)", of("leaky_relu", 0.1).label());
    }
}
