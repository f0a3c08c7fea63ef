package org.ntkc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input/output defects of issues 14 and 15 through the command line: spec encodings, the launcher's stderr filter,
 * write errors, output paths, data files that lie, labels, machine-readable lines.
 */
class IoDefectsTest {
    @TempDir
    Path dir;

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
        return write("net.ntk", SPEC);
    }

    static final String SPEC = "network Net {\n  input 3\n  bias_std = 0.1\n  dense 8 -> relu\n  dense 1\n}\n";

    private static void assertClean(Run r) {
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    // ---- issue 14: spec encodings and the launcher ----

    @Test
    void aSpecWithAByteOrderMarkIsAccepted() throws IOException {
        Path p = dir.resolve("bom.ntk");
        byte[] text = SPEC.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xef;
        bytes[1] = (byte) 0xbb;
        bytes[2] = (byte) 0xbf;
        System.arraycopy(text, 0, bytes, 3, text.length);
        Files.write(p, bytes);
        Run r = run("check", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Net: input 3"), r.out());
    }

    @Test
    void invalidUtf8IsBadInputWithTheLineAndColumnOfTheFirstBadByte() throws IOException {
        Path p = dir.resolve("latin1.ntk");
        byte[] good = "network Net {\n  input 3\n  # caf".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[good.length + 3];
        System.arraycopy(good, 0, bytes, 0, good.length);
        bytes[good.length] = (byte) 0xe9; // Latin-1 e-acute: not UTF-8
        bytes[good.length + 1] = '\n';
        bytes[good.length + 2] = '}';
        Files.write(p, bytes);
        Run r = run("check", p.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(p + ":3:8: not UTF-8 text"), r.err());
        assertClean(r);
        // Random bytes too.
        Path random = dir.resolve("random.ntk");
        Files.write(random, new byte[] {'a', 'b', '\n', (byte) 0xff, (byte) 0xfe, 0, 1});
        Run rr = run("kernel", random.toString(), "--x1", write("x.csv", "1,2,3\n").toString());
        assertEquals(1, rr.code(), rr.err());
        assertTrue(rr.err().contains(random + ":2:1: not UTF-8 text"), rr.err());
    }

    /** The launcher's stderr filter must pass every byte, NUL included (grep without -a says "binary file matches"). */
    @Test
    void theLaunchersStderrFilterPassesEveryByte() throws Exception {
        String launcher = Files.readString(Path.of("ntkc"));
        Matcher m = Pattern.compile("2> >\\((grep [^)]*?) >&2\\)").matcher(launcher);
        assertTrue(m.find(), "the launcher's stderr filter");
        byte[] input = "net.ntk:1:1: error[NTK002]: unexpected character U+0000\n  a\0b\n  ^\n"
                .getBytes(StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("bash", "-c", m.group(1)).redirectErrorStream(true).start();
        p.getOutputStream().write(input);
        p.getOutputStream().write("WARNING: Using incubator modules: jdk.incubator.vector\n"
                .getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        p.waitFor();
        assertArrayEquals(input, output, new String(output, StandardCharsets.UTF_8));
    }
}
