package org.ntkc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntkc.NtkCompiler;
import org.ntkc.data.CsvMatrix;
import org.ntkc.diag.SourceFile;
import org.ntkc.ir.Interpreter;
import org.ntkc.runtime.Kernels;

class MainTest {
    @TempDir
    Path dir;

    /** What a run printed, and how it ended. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path spec() throws IOException {
        return write("net.ntk", "network Net {\n  input 3\n  bias_std = 0.1\n  dense 8 -> relu\n  dense 1\n}\n");
    }

    private static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void helpAndVersion() {
        Run help = run("--help");
        assertEquals(0, help.code());
        for (String command : List.of("check", "ir", "kernel", "verify", "fit", "demo")) {
            assertTrue(help.out().contains(command), help.out());
        }
        Run version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("ntkc "), version.out());
    }

    @Test
    void badUsageExitsWithTwo() throws IOException {
        assertEquals(2, run().code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("kernel", spec().toString()).code(), "--x1 is required");
        assertEquals(2, run("kernel", spec().toString(), "--x1", "a.csv", "--kind", "rbf").code());
        Run missing = run("check", dir.resolve("nope.ntk").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
        assertNoStackTrace(missing);
    }

    @Test
    void checkPrintsASummaryOrTheDiagnostics() throws IOException {
        Run ok = run("check", spec().toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals("Net: input 3, dense 8 -> 1, activations relu, output width 1, ntk parameterization\n",
                ok.out());
        Path bad = write("bad.ntk", "network Net {\n  input 3\n  dense 8 -> rleu\n  dense 1 (bias_std = -1)\n}\n");
        Run r = run("check", bad.toString());
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains(bad + ":3:14: error[NTK012]: unknown activation 'rleu'. Did you mean 'relu'?"),
                r.err());
        assertTrue(r.err().contains(bad + ":4:23: error[NTK017]"), r.err());
        assertTrue(r.err().contains("2 errors"), r.err());
    }

    @Test
    void irShowsEveryStepAndTheDerivedDerivative() throws IOException {
        Path p = write("c.ntk", "activation sq(x) = x * abs(x)\nnetwork C {\n  input 2\n  dense 4 -> sq\n  dense 1\n}\n");
        Run r = run("ir", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("phi(x)  = x * abs(x)"), r.out());
        assertTrue(r.out().contains("phi'(x) = abs(x) + x * sign(x)"), r.out());
        assertTrue(r.out().contains("quadrature split at x = 0"), r.out());
        assertEquals(4, r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+.*")).count(), r.out());
    }

    @Test
    void kernelMatchesTheInterpreterAndRoundTrips() throws Exception {
        Path points = write("x.csv", "1,2,3\n-0.5,0.25,4e-3\n0,0,0\n");
        Path other = write("y.csv", "0.1,0.2,0.3\n");
        double[][] x = CsvMatrix.read(points);
        double[][] y = CsvMatrix.read(other);
        Kernels expected = new Interpreter(NtkCompiler.compile(SourceFile.read(spec())).programs().get(0))
                .evaluate(x, y);
        for (String mode : new String[] {"--interpret", "--threads=1"}) {
            Path out = dir.resolve("k.csv");
            Run r = run("kernel", spec().toString(), "--x1", points.toString(), "--x2", other.toString(), "-o",
                    out.toString(), mode);
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.out());
            double[][] k = CsvMatrix.read(out);
            assertEquals(3, k.length);
            for (int i = 0; i < 3; i++) {
                if (mode.equals("--interpret")) {
                    assertArrayEquals(expected.ntk().row(i), k[i], "bit-identical after the CSV round trip");
                } else {
                    assertArrayEquals(expected.ntk().row(i), k[i], 1e-12 * Math.abs(expected.ntk().get(i, 0)),
                            "generated code agrees with the interpreter");
                }
            }
        }
        Run nngp = run("kernel", spec().toString(), "--x1", points.toString(), "--kind", "nngp");
        assertEquals(0, nngp.code());
        assertEquals(3, nngp.out().lines().count());
        assertTrue(nngp.out().lines().allMatch(l -> l.split(",").length == 3));
    }

    @Test
    void badDataIsReportedWithItsPlaceAndLeavesNoOutput() throws IOException {
        String[][] cases = {
            {"1,2,3\n4,5\n", ":2: this row has 2 values, but line 1 has 3"},
            {"1,2,3\n4,abc,6\n", ":2:3: 'abc' is not a number"},
            {"1,2,3\n4,NaN,6\n", ":2:3: 'NaN' is not a finite number"},
            {"1,2,3\n4, inf,6\n", ":2:4: 'inf' is not a finite number"},
            {"1,2\n3,4\n", ": points have 2 values per row, but network Net takes input 3"},
            {"", ": the file holds no data"},
            {"a,b,c\n1,2,3\nx,y,z\n", ":3:1: 'x' is not a number"},
            {"1,,3\n", ":1:3: empty value"},
        };
        for (String[] c : cases) {
            Path data = write("bad.csv", c[0]);
            Path out = dir.resolve("out.csv");
            Run r = run("kernel", spec().toString(), "--x1", data.toString(), "-o", out.toString());
            assertEquals(1, r.code(), c[0]);
            assertTrue(r.err().contains("ntkc: " + data + c[1]), () -> "for " + c[0] + " got: " + r.err());
            assertNoStackTrace(r);
            assertFalse(Files.exists(out), "no output file on error");
        }
        // a header row is skipped (as fit does), unless --header no says there is none
        Path headed = write("headed.csv", "a,b,c\n1,2,3\n");
        Run skipped = run("kernel", spec().toString(), "--x1", headed.toString());
        assertEquals(0, skipped.code(), skipped.err());
        assertEquals(1, skipped.out().lines().count(), "one point, a 1 x 1 kernel: " + skipped.out());
        Run strict = run("kernel", spec().toString(), "--x1", headed.toString(), "--header", "no");
        assertEquals(1, strict.code());
        assertTrue(strict.err().contains("headed.csv:1:1: 'a' is not a number (the file must not have a header row)"),
                strict.err());
        Run second = run("kernel", spec().toString(), "--x1", write("ok.csv", "1,2,3\n").toString(), "--x2",
                write("bad2.csv", "1,2,x\n").toString());
        assertEquals(1, second.code());
        assertTrue(second.err().contains("bad2.csv:1:5: 'x' is not a number"), second.err());
    }

    @Test
    void aDivergentKernelLeavesNoPartialFile() throws IOException {
        Path p = write("g.ntk", "network G {\n  input 2\n  dense 3 -> gaussian(b = 0.5)\n  dense 1\n}\n");
        Path data = write("x.csv", "0.1,0.2\n3,4\n");
        Path out = dir.resolve("g.csv");
        Run r = run("kernel", p.toString(), "--x1", data.toString(), "-o", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not finite"), r.err());
        assertNoStackTrace(r);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().contains("g.csv")).toList());
        }
    }

    @Test
    void severalNetworksNeedAChoice() throws IOException {
        Path p = write("two.ntk", "network A { input 1; dense 1 }\nnetwork B { input 1; dense 2 -> relu; dense 1 }\n");
        Path data = write("x.csv", "1\n2\n");
        Run ambiguous = run("kernel", p.toString(), "--x1", data.toString());
        assertEquals(2, ambiguous.code());
        assertTrue(ambiguous.err().contains("declares 2 networks (A, B); choose one with --network NAME"),
                ambiguous.err());
        Run unknown = run("kernel", p.toString(), "--x1", data.toString(), "--network", "C");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("no network 'C'"), unknown.err());
        Run chosen = run("kernel", p.toString(), "--x1", data.toString(), "--network", "B");
        assertEquals(0, chosen.code(), chosen.err());
        Run ir = run("ir", p.toString(), "--network", "B");
        assertTrue(ir.out().startsWith("network B:"), ir.out());
        assertFalse(ir.out().contains("network A:"), ir.out());
    }

    @Test
    void compileWritesTheKernelClassesIntoThePackageDirectory() throws IOException {
        Path out = dir.resolve("src");
        Run r = run("compile", spec().toString(), "-d", out.toString(), "--package", "com.example.nets");
        assertEquals(0, r.code(), r.err());
        Path kernel = out.resolve("com/example/nets/NetKernel.java");
        Path vector = out.resolve("com/example/nets/NetKernelVector.java");
        Path network = out.resolve("com/example/nets/NetNetwork.java");
        assertTrue(Files.exists(kernel) && Files.exists(vector) && Files.exists(network), r.out());
        assertTrue(Files.readString(kernel).contains("package com.example.nets;"));
        assertTrue(Files.readString(kernel).contains("public final class NetKernel extends CompiledKernel"));
        assertEquals(3, r.out().lines().count());
        assertEquals(2, run("compile", spec().toString(), "--package", "not a package").code());
        Path bad = write("bad.ntk", "network Net {\n  dense 1\n}\n");
        Path untouched = dir.resolve("untouched");
        assertEquals(1, run("compile", spec().toString(), bad.toString(), "-d", untouched.toString()).code());
        assertFalse(Files.exists(untouched), "nothing is written when a spec has errors");
    }

    @Test
    void benchEndsWithTheMachineReadableLine() throws IOException {
        Run r = run("bench", spec().toString(), "--n", "70", "--repeat", "2", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        String last = r.out().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("kernel_seconds=[0-9.]+ gflops_gram=[0-9.]+ ns_per_entry_layer=[0-9.]+"), last);
        assertTrue(r.out().contains("run 2:"), r.out());
        Run interpreted = run("bench", spec().toString(), "--n", "20", "--repeat", "1", "--interpret");
        assertEquals(0, interpreted.code(), interpreted.err());
        assertTrue(interpreted.out().contains("kernel_seconds="), interpreted.out());
        assertEquals(2, run("bench", spec().toString(), "--n", "0").code());
    }
}
