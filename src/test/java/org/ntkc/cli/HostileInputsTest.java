package org.ntkc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ntkc.cli.MainTest.Run;

/**
 * Issue 14 through the command line: inputs that used to end in exit 3 ("internal error") end in exit 1 with a
 * message naming the place, whether the compiler or the kernel finds the problem; and specs at the size limits
 * compile with javac and agree with the interpreter.
 */
class HostileInputsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path points() throws IOException {
        return write("points.csv", "1,2\n0.5,-1\n0,0\n3,1\n");
    }

    private static void assertClean(Run r, int code) {
        assertEquals(code, r.code(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    private void assertBadInputEverywhere(Path spec, String... parts) throws IOException {
        String x = points().toString();
        for (String[] args : new String[][] {{"kernel", spec.toString(), "--x1", x},
            {"kernel", spec.toString(), "--x1", x, "--interpret"}}) {
            Run r = MainTest.run(args);
            assertClean(r, 1);
            for (String part : parts) {
                assertTrue(r.err().contains(part), () -> String.join(" ", args) + ": " + r.err());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1/x", "log(x)", "sqrt(x)", "x^0.5", "x/0", "0/0", "log(abs(x))", "x^-1",
        "exp(exp(exp(x)))", "exp(x^2)", "x^1000", "pi / (x + (10^0 - (x + x)))"})
    void customActivationsOutsideTheirDomainAreErrorsOfTheSpec(String formula) throws IOException {
        Path spec = write("c.ntk", "activation c0(x) = " + formula + "\nnetwork N {\n  input 2\n  dense 4 -> c0\n"
                + "  dense 1\n}\n");
        Run check = MainTest.run("check", spec.toString());
        assertClean(check, 1);
        assertTrue(check.err().contains("c.ntk:1:12: error[NTK044]: activation 'c0': φ"), check.err());
        assertBadInputEverywhere(spec, "error[NTK044]");
    }

    @Test
    void aDomainLeftOnlyWhereTheDataGoesIsReportedWithStepLineAndPoints() throws IOException {
        Path spec = write("d.ntk", "activation c0(x) = exp(-x) / exp(-x)\nnetwork N {\n  input 2\n  dense 4 -> c0\n"
                + "  dense 1\n}\n");
        Path far = write("far.csv", "0.1,0.2\n300,400\n");
        for (boolean interpret : new boolean[] {false, true}) {
            Run r = interpret ? MainTest.run("kernel", spec.toString(), "--x1", far.toString(), "--interpret")
                    : MainTest.run("kernel", spec.toString(), "--x1", far.toString());
            assertClean(r, 1);
            assertTrue(r.err().contains("activation c0 (" + spec + ":4) at step 2 for points 2 and 2"), r.err());
            assertTrue(r.err().contains("not finite at x = -"), r.err());
        }
    }

    @Test
    void aQuadratureThatCannotConvergeIsAnErrorOfTheInput() throws IOException {
        // exp(x^2/8) is finite on the compiler's probe, but its square has no Gaussian mean once q >= 2.
        Path spec = write("q.ntk", "activation c0(x) = exp(x^2/8)\nnetwork N {\n  input 2\n  dense 4 -> c0\n"
                + "  dense 1\n}\n");
        assertBadInputEverywhere(spec, "activation c0 (" + spec + ":4) at step 2 for points");
    }

    @Test
    void overflowingVariancesNameTheStep() throws IOException {
        // Used to be IllegalArgumentException: variance must be finite and >= 0.
        Path tanh = write("deep.ntk", "network D {\n input 2\n weight_std = 1e100\n repeat 6 { dense 4 -> tanh }\n"
                + " dense 4 -> relu\n dense 4 -> tanh\n dense 1\n}\n");
        assertBadInputEverywhere(tanh, "deep.ntk:", "step", "for points");
        Path relu = write("deep2.ntk", "network D {\n input 2\n weight_std = 1e30\n repeat 20 { dense 4 -> relu }\n"
                + " dense 4 -> silu\n dense 1\n}\n");
        assertBadInputEverywhere(relu, "the kernel is not finite for points", "step", "deep2.ntk:4");
    }

    @Test
    void extremeParametersAreRefusedWithTheirRange() throws IOException {
        Path spec = write("g.ntk", "network G {\n input 2\n dense 4 -> gaussian(b = -1e300)\n dense 1\n}\n");
        Run r = MainTest.run("check", spec.toString());
        assertClean(r, 1);
        assertTrue(r.err().contains("g.ntk:3:26: error[NTK025]: 'b' of gaussian must be a number from -10000 to "
                + "10000, got -1e300"), r.err());
        Path elu = write("e.ntk", "network E {\n input 2\n dense 4 -> elu(alpha = 1e300)\n dense 1\n}\n");
        assertClean(MainTest.run("kernel", elu.toString(), "--x1", points().toString()), 1);
    }

    @Test
    void gaussianAtTheEndOfItsRangeIsFiniteAndAgrees() throws IOException {
        Path spec = write("g.ntk", "network G {\n input 2\n dense 4 -> gaussian(b = -1e4)\n dense 1\n}\n");
        Run generated = MainTest.run("kernel", spec.toString(), "--x1", points().toString());
        Run interpreted = MainTest.run("kernel", spec.toString(), "--x1", points().toString(), "--interpret");
        assertClean(generated, 0);
        assertClean(interpreted, 0);
        assertAgree(generated.out(), interpreted.out(), 1e-12);
    }

    /** Found by FuzzTest (seed 7): series tables over variances near 1e300 overflowed in their own checks, exit 3. */
    @Test
    void variancesNearTheTopOfTheDoubleRangeStillAgree() throws IOException {
        Path spec = write("big.ntk", "activation c1(x) = 1.0E10\nnetwork Net0 {\n  input 4\n  bias_std = 1e5\n"
                + "  dense 58 -> c1\n  dense 3\n}\n");
        Path x = write("big.csv", "-0.8289176930613668,0.7113619652176547,-0.8561160707643348,0.2154101700724926\n"
                + "-8.289176930613668E149,7.113619652176547E149,-8.561160707643348E149,2.154101700724926E149\n");
        Run generated = MainTest.run("kernel", spec.toString(), "--x1", x.toString());
        Run interpreted = MainTest.run("kernel", spec.toString(), "--x1", x.toString(), "--interpret");
        assertClean(generated, 0);
        assertClean(interpreted, 0);
        assertAgree(generated.out(), interpreted.out(), 1e-12);
    }

    /**
     * Past 100 layers the generated network class is built by statements in chunks (javac overflowed its stack on
     * one chain of 1000 builder calls); formulas nested deeper than 32 go through locals. Both must still agree with
     * the interpreter.
     */
    @Test
    void longNetworksAndDeepFormulasCompileAndAgree() throws IOException {
        StringBuilder s = new StringBuilder("activation a0(x) = tanh(x)\n");
        for (int k = 1; k <= 40; k++) {
            s.append("activation a").append(k).append("(x) = tanh(a").append(k - 1).append("(x) + 0.1)\n");
        }
        s.append("network Long {\n input 2\n bias_std = 0.1\n repeat 120 { dense 3 -> relu }\n dense 3 -> a40\n"
                + " dense 1\n}\n");
        Path spec = write("long.ntk", s.toString());
        Run generated = MainTest.run("kernel", spec.toString(), "--x1", points().toString());
        Run interpreted = MainTest.run("kernel", spec.toString(), "--x1", points().toString(), "--interpret");
        assertClean(generated, 0);
        assertClean(interpreted, 0);
        assertAgree(generated.out(), interpreted.out(), 1e-9);
    }

    static void assertAgree(String a, String b, double relTol) {
        String[] ra = a.strip().split("\n");
        String[] rb = b.strip().split("\n");
        assertEquals(ra.length, rb.length);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < ra.length; i++) {
            String[] ca = ra[i].split(",");
            String[] cb = rb[i].split(",");
            assertEquals(ca.length, cb.length);
            for (int j = 0; j < ca.length; j++) {
                double u = Double.parseDouble(ca[j]);
                double v = Double.parseDouble(cb[j]);
                scale = Math.max(scale, Math.max(Math.abs(u), Math.abs(v)));
                worst = Math.max(worst, Math.abs(u - v));
            }
        }
        assertTrue(worst <= relTol * scale, "largest difference " + worst + " at scale " + scale);
    }
}
