package org.ntkc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ntkc verify}: the table, the machine-readable last line, the plot, progress, and clear errors. */
class VerifyCommandTest {
    private static final Pattern LAST = Pattern.compile(
            "slope_ntk=(-?[0-9.]+) slope_nngp=(-?[0-9.]+) rel_error_ntk_at_max_width=([0-9.e-]+)");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path spec() throws IOException {
        return write("net.ntk", "network Net {\n  input 4\n  bias_std = 0.1\n  dense 8 -> relu\n  dense 8 -> erf\n"
                + "  dense 2\n}\n");
    }

    private static void assertCleanError(MainTest.Run r, int code, String message) {
        assertEquals(code, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void printsTheTableTheSlopesAndTheLastLineAndWritesThePlot() throws IOException {
        Path plot = dir.resolve("conv.png");
        MainTest.Run r = MainTest.run("verify", spec().toString(), "--points", "4", "--widths", "16,64,256",
                "--samples", "8", "--seed", "3", "--plot", plot.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("network Net (" + dir.resolve("net.ntk") + "): input 4, 3 dense layers"),
                r.out());
        assertTrue(r.out().contains("4 random points on the sphere |x| = sqrt(4) (seed 3); 8 networks per width"),
                r.out());
        for (String width : new String[] {"16", "64", "256"}) {
            assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith(width + " ") && l.contains(" ± ")
                    && l.contains("/10")), width + " row in\n" + r.out());
        }
        assertTrue(r.out().contains("slope of log error against log width (one network): NTK -0."), r.out());
        assertTrue(r.out().contains("at width 256 the analytic NTK lies in the 8 networks' 95% confidence band"),
                r.out());
        assertTrue(r.out().contains("plot: " + plot), r.out());
        Matcher m = LAST.matcher(lines.get(lines.size() - 1));
        assertTrue(m.matches(), lines.get(lines.size() - 1));
        double slope = Double.parseDouble(m.group(1));
        assertTrue(slope < -0.2 && slope > -0.8, "slope " + slope);
        assertTrue(Double.parseDouble(m.group(3)) > 0 && Double.parseDouble(m.group(3)) < 0.2, m.group(3));
        // Progress: one line per quarter of the networks of each width, on standard error.
        assertEquals(12, r.err().lines().filter(l -> l.startsWith("width ") && l.contains("networks")).count(),
                r.err());
        byte[] png = Files.readAllBytes(plot);
        assertTrue(png.length > 10_000, "a real image: " + png.length + " bytes");
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void pointsFromAFileAndTheOutputsNngp() throws IOException {
        Path x = write("x.csv", "1,0,0,0\n0,1,0,0\n0.5,0.5,0.5,0.5\n");
        MainTest.Run r = MainTest.run("verify", spec().toString(), "--x", x.toString(), "--widths", "8,32",
                "--samples", "4", "--nngp", "outputs", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 points from " + x), r.out());
        assertTrue(r.out().contains("empirical NNGP: (1/n_L)·Σ_a f_a·f_a'"), r.out());
        assertTrue(r.out().contains("/6 "), r.out());
        assertTrue(LAST.matcher(r.out().lines().reduce((a, b) -> b).orElseThrow()).matches(), r.out());
    }

    @Test
    void badUsageAndBadInputAreOneClearLine() throws IOException {
        String s = spec().toString();
        assertCleanError(MainTest.run("verify", s, "--samples", "1"), 2, "--samples must be at least 2");
        assertCleanError(MainTest.run("verify", s, "--widths", "64,0"), 2, "--widths must be whole numbers >= 1");
        assertEquals(2, MainTest.run("verify", s, "--widths", "64,abc").code());
        assertCleanError(MainTest.run("verify", s, "--points", "3", "--x", "a.csv"), 2,
                "give either --points or --x, not both");
        assertCleanError(MainTest.run("verify", s, "--x", dir.resolve("none.csv").toString()), 2, "no such file");
        assertCleanError(MainTest.run("verify", s, "--nngp", "both"), 2, "--nngp must be readout or outputs");
        assertCleanError(MainTest.run("verify", s, "--plot", dir.resolve("no/such/dir/p.png").toString()), 2,
                "cannot write the plot");
        assertCleanError(MainTest.run("verify", s, "--network", "Other"), 2, "no network 'Other'");
        Path shallow = write("shallow.ntk", "network Lin {\n input 3\n dense 2\n}\n");
        assertCleanError(MainTest.run("verify", shallow.toString()), 1, "has no hidden layer");
        Path wrongDim = write("bad.csv", "1,2\n");
        assertCleanError(MainTest.run("verify", s, "--x", wrongDim.toString()), 1, "takes input 4");
        assertCleanError(MainTest.run("verify", s, "--widths", "2000000000"), 1, "more than this JVM's heap");
        Path broken = write("broken.ntk", "network B {\n input 3\n dense 4 -> rleu\n dense 1\n}\n");
        MainTest.Run b = MainTest.run("verify", broken.toString());
        assertCleanError(b, 1, "error[NTK012]");
    }

    @Test
    void overflowingNetworksAreBadInputNotACrash() throws IOException {
        Path exp = write("exp.ntk", "network X {\n input 1\n dense 8 -> exp(b = 100)\n dense 1\n}\n");
        Path x = write("big.csv", "300\n-300\n");
        assertCleanError(MainTest.run("verify", exp.toString(), "--x", x.toString(), "--widths", "8", "--samples",
                "2"), 1, "(exp(b = 100), " + exp + ":3) gave nngp = Infinity");
    }
}
