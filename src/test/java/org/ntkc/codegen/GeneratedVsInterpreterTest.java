package org.ntkc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ntkc.Compilation;
import org.ntkc.loader.KernelLoader;
import org.ntkc.TestPoints;
import org.ntkc.TestSpecs;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelProgram;
import org.ntkc.math.act.BuiltinActivation;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NtkKernel;
import org.ntkc.runtime.VectorSupport;

/**
 * Generated vector code, generated scalar code and the interpreter agree, for every closed-form activation, both
 * parameterizations, awkward sizes and dimensions, x1 == x2 and x1 != x2.
 *
 * <p>What this checks independently: the generated recursion (steps, constants, layer order, tiling, the Θ update)
 * against the interpreter's, and the vector formulas ({@code codegen.VectorFormulas}) against the scalar ones. What
 * it does not: the scalar closed forms themselves. Generated scalar code and the interpreter (through
 * {@code math.dual.ClosedForms}) call the same {@code runtime.Duals}, so for T and Ṫ the scalar-vs-interpreter
 * comparison compares {@code Duals} with itself; {@code runtime.DualsQuadratureTest} checks {@code Duals} against
 * independent quadrature for every family.
 */
class GeneratedVsInterpreterTest {
    private static final int[] SIZES = {1, 2, 3, 7, 8, 13, 64, 100, 257};
    private static final int[] DIMENSIONS = {1, 3, 8, 17, 784};
    /** Tolerance relative to the natural scale sqrt(K(x,x) K(x',x')) of each entry. */
    private static final double CLOSED_FORM_TOLERANCE = 1e-12;

    private static final Map<String, KernelProgram> PROGRAMS = new LinkedHashMap<>();
    private static Map<String, NtkKernel> vector;
    private static Map<String, NtkKernel> scalar;

    /** One network per closed-form activation (with non-default arguments too) and parameterization. */
    private static List<String> activations() {
        List<String> out = new ArrayList<>();
        for (BuiltinActivation b : BuiltinActivation.values()) {
            boolean defaultsOnly = b.parameters().stream().allMatch(p -> p.defaultValue().isPresent());
            if (defaultsOnly && !b.withDefaults().isNumerical()) {
                out.add(b.spelling());
            }
        }
        out.addAll(List.of("leaky_relu(0.2)", "abrelu(-0.5, 2)", "abrelu(1.5, 1.5)", "erf(1.5, 0.7, 0.3)",
                "sin(1.2, 0.8, 0.4)", "cos(0.9, 1.3, -0.2)", "exp(0.5, 0.4)", "gaussian(2, -0.3)", "rbf(0.3)",
                "monomial(0)", "monomial(1)", "monomial(2)", "monomial(3)", "monomial(4)", "monomial(5)",
                "rectified_monomial(0)", "rectified_monomial(1)", "rectified_monomial(2)",
                "rectified_monomial(3)"));
        return out;
    }

    @BeforeAll
    static void compileAll() {
        StringBuilder spec = new StringBuilder();
        int n = 0;
        for (String act : activations()) {
            for (String param : new String[] {"ntk", "standard"}) {
                int d = DIMENSIONS[n % DIMENSIONS.length];
                String name = "N" + n++;
                spec.append("network ").append(name).append(" {\n input ").append(d)
                        .append("\n weight_std = 1.1\n bias_std = 0.1\n parameterization = ").append(param)
                        .append("\n dense 50 -> ").append(act).append("\n dense 40 -> ").append(act)
                        .append("\n dense 1\n}\n");
            }
        }
        Compilation c = TestSpecs.compile(spec.toString());
        assertTrue(c.succeeded(), c.diagnostics()::render);
        c.programs().forEach(p -> PROGRAMS.put(p.name(), p));
        vector = KernelLoader.loadAll(c.programs(), "test.ntk", KernelOptions.defaults());
        scalar = KernelLoader.loadAll(c.programs(), "test.ntk", KernelOptions.defaults().withVectorize(false));
    }

    @Test
    void vectorCodeIsUsedWhenTheModuleIsPresent() {
        assertTrue(VectorSupport.available(), "tests run with --add-modules jdk.incubator.vector");
        assertTrue(vector.values().iterator().next().implementation().startsWith("vector"));
        assertEquals("scalar", scalar.values().iterator().next().implementation());
    }

    @Test
    void everyClosedFormAgreesOnAwkwardSizes() {
        int k = 0;
        double worst = 0;
        for (Map.Entry<String, KernelProgram> e : PROGRAMS.entrySet()) {
            KernelProgram p = e.getValue();
            int n1 = SIZES[k % SIZES.length];
            int n2 = SIZES[(k + 4) % SIZES.length];
            k++;
            double[][] x = TestPoints.random(n1, p.inputDim(), k);
            double[][] y = TestPoints.random(n2, p.inputDim(), 1000 + k);
            if (n1 > 3) {
                x[1] = x[0].clone();
                java.util.Arrays.fill(x[2], 0.0);
                y[0] = x[0].clone();
            }
            Interpreter interpreter = new Interpreter(p);
            Kernels sym = interpreter.evaluate(x, x);
            Kernels cross = interpreter.evaluate(x, y);
            Kernels ySym = interpreter.evaluate(y, y);
            for (NtkKernel kernel : List.of(vector.get(e.getKey()), scalar.get(e.getKey()))) {
                String what = e.getKey() + " " + kernel.implementation() + " " + p.steps().get(2);
                worst = Math.max(worst, compare(sym, kernel.kernels(x, x), sym, sym, what + " x1 == x2"));
                worst = Math.max(worst, compare(cross, kernel.kernels(x, y), sym, ySym, what + " x1 != x2"));
            }
        }
        System.out.printf("generated vs interpreter, closed forms: worst %.2e of scale%n", worst);
    }

    /**
     * Worst |generated − interpreter| relative to sqrt(K(x,x) K(x',x')) (the diagonals of {@code rows} and
     * {@code cols}), asserting it is within tolerance.
     */
    private static double compare(Kernels expected, Kernels got, Kernels rows, Kernels cols, String what) {
        double worst = 0;
        KernelMatrix[][] cases = {{expected.nngp(), got.nngp(), rows.nngp(), cols.nngp()},
                {expected.ntk(), got.ntk(), rows.ntk(), cols.ntk()}};
        for (KernelMatrix[] pair : cases) {
            KernelMatrix e = pair[0];
            KernelMatrix g = pair[1];
            assertEquals(e.rows(), g.rows());
            assertEquals(e.cols(), g.cols());
            for (int i = 0; i < e.rows(); i++) {
                for (int j = 0; j < e.cols(); j++) {
                    double scale = Math.max(Math.max(Math.abs(e.get(i, j)),
                            Math.sqrt(Math.abs(pair[2].get(i, i) * pair[3].get(j, j)))), 1e-300);
                    double err = Math.abs(g.get(i, j) - e.get(i, j)) / scale;
                    if (!(err <= CLOSED_FORM_TOLERANCE)) {
                        throw new AssertionError(what + " at (" + i + ", " + j + "): " + g.get(i, j) + " vs "
                                + e.get(i, j));
                    }
                    worst = Math.max(worst, err);
                }
            }
        }
        return worst;
    }
}
