package org.ntkc.data;

import java.nio.file.Path;

/** A child JVM for {@link PartFilesTest}: starts an atomic write, says so, and never finishes it. */
public final class PartFilesChild {
    private PartFilesChild() {
    }

    public static void main(String[] args) throws Exception {
        CsvMatrix.writeAtomically(Path.of(args[0]), w -> {
            w.write("1,2,3\n".repeat(10_000));
            w.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
