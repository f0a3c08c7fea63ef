package org.ntkc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands on residual and layer_norm specs: check and ir show them; a zero-variance point is a clear error. */
class ResidualCliTest {
    @TempDir
    Path dir;

    private Path spec(double bias) throws IOException {
        Path p = dir.resolve("res.ntk");
        Files.writeString(p, "network Res {\n  input 3\n  bias_std = " + bias + "\n  dense 16\n"
                + "  repeat 2 {\n    residual (scale = 0.5) { layer_norm; relu; dense 16 }\n  }\n  layer_norm\n"
                + "  dense 1\n}\n");
        return p;
    }

    @Test
    void checkAndIrShowTheBlocks() throws IOException {
        Path s = spec(0.1);
        MainTest.Run check = MainTest.run("check", s.toString());
        assertEquals(0, check.code(), check.err());
        assertTrue(check.out().contains("residual blocks 2, layer_norm x3"), check.out());
        MainTest.Run ir = MainTest.run("ir", s.toString());
        assertEquals(0, ir.code(), ir.err());
        assertTrue(ir.out().contains("  residual") && ir.out().contains("end 2") && ir.out().contains("    relu"),
                ir.out());
    }

    @Test
    void anAllZeroPointAtLayerNormIsAnErrorNamingIt() throws IOException {
        Path s = spec(0);
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "1,2,3\n0,0,0\n");
        for (String mode : new String[] {"--threads=1", "--interpret"}) {
            MainTest.Run r = MainTest.run("kernel", mode, "--x1=" + x, s.toString());
            assertEquals(1, r.code(), r.out());
            assertTrue(r.err().contains("layer_norm (") && r.err().contains("cannot normalise point 2"), r.err());
            assertTrue(!r.err().contains("Exception"), r.err());
        }
        // with a bias the same point is fine
        MainTest.Run ok = MainTest.run("kernel", "--x1=" + x, spec(0.1).toString());
        assertEquals(0, ok.code(), ok.err());
    }

    /**
     * Finite residual + layer_norm networks converge to the compiled kernels: the error of one network's empirical NTK
     * falls like n^-1/2 and the analytic NTK lies in the Monte Carlo 95% band for most entries at the widest width.
     */
    @Test
    void verifyShowsConvergence() throws IOException {
        Path s = dir.resolve("verify.ntk");
        Files.writeString(s, "network ResVerify {\n  input 8\n  bias_std = 0.1\n  dense 64\n  repeat 2 {\n"
                + "    residual (scale = 0.7) { layer_norm; relu; dense 64 }\n  }\n  layer_norm\n  dense 1\n}\n");
        MainTest.Run r = MainTest.run("verify", "--widths=64,256,1024", "--samples=8", "--points=8", "--threads=2",
                s.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        String last = lines[lines.length - 1];
        double slope = Double.parseDouble(last.replaceAll(".*slope_ntk=(\\S+).*", "$1"));
        assertTrue(slope < -0.35 && slope > -0.65, r.out());
        java.util.regex.Matcher band = java.util.regex.Pattern.compile("band \\(mean ± t·se\\) for (\\d+) of (\\d+)")
                .matcher(r.out());
        assertTrue(band.find(), r.out());
        assertTrue(Integer.parseInt(band.group(1)) >= 0.8 * Integer.parseInt(band.group(2)), r.out());
    }
}
