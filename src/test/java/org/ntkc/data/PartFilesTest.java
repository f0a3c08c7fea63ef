package org.ntkc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 item 13: SIGTERM or SIGINT during an atomic write leaves no {@code .part} file behind. */
class PartFilesTest {
    @TempDir
    Path dir;

    @Test
    void sigtermAndSigintDeleteThePartFile() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            Path out = dir.resolve("k-" + signal + ".csv");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PartFilesChild.class.getName(), out.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("writing", r.readLine());
                assertEquals(1, parts().size(), "the part file exists while writing");
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
                assertEquals(0, kill.waitFor());
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child ends on SIG" + signal);
                assertEquals(List.of(), parts(), "SIG" + signal + " left a part file");
                assertFalse(Files.exists(out));
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aStreamedNpyWriteRegistersItsPartFileUntilCommittedOrClosed() throws IOException {
        Path out = dir.resolve("k.npy");
        Path tmp;
        try (Npy.RowWriter w = Npy.RowWriter.open(out, 2, 2)) {
            tmp = w.temporary();
            assertTrue(PartFiles.open().contains(tmp), "the streamed .npy part file is deleted on SIGINT/SIGTERM");
            w.write(new double[] {1, 2, 3, 4}, 0, 4);
            w.commit();
        }
        assertFalse(PartFiles.open().contains(tmp));
        assertTrue(Files.exists(out));
        try (Npy.RowWriter w = Npy.RowWriter.open(dir.resolve("unfinished.npy"), 2, 2)) {
            tmp = w.temporary();
            w.write(new double[] {1, 2}, 0, 2);
        }
        assertFalse(PartFiles.open().contains(tmp));
        assertFalse(Files.exists(tmp));
        assertEquals(List.of(), parts());
    }

    @Test
    void aFinishedOrFailedWriteUnregistersItsPartFile() throws IOException {
        Path out = dir.resolve("ok.csv");
        CsvMatrix.writeAtomically(out, w -> w.write("1\n"));
        try {
            CsvMatrix.writeAtomically(dir.resolve("bad.csv"), w -> {
                throw new IOException("disk full");
            });
        } catch (IOException expected) {
            // the failure is the caller's to report
        }
        assertEquals(List.of(), parts());
        assertTrue(PartFiles.open().stream().noneMatch(p -> p.startsWith(dir)), PartFiles.open().toString());
    }

    private List<Path> parts() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }
}
