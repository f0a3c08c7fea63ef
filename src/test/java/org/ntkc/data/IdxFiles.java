package org.ntkc.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
public final class IdxFiles {
    private IdxFiles() {
    }

    /** An idx3-ubyte file of {@code images} (each rows × cols, values 0–255), gzipped when {@code gzip}. */
    public static Path images(Path path, int[][] images, int rows, int cols, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(images.length);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int[] image : images) {
            for (int v : image) {
                out.writeByte(v);
            }
        }
        return write(path, bytes.toByteArray(), gzip);
    }

    /** An idx1-ubyte file of {@code labels}. */
    public static Path labels(Path path, int[] labels, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(labels.length);
        for (int v : labels) {
            out.writeByte(v);
        }
        return write(path, bytes.toByteArray(), gzip);
    }

    public static Path write(Path path, byte[] data, boolean gzip) throws IOException {
        if (gzip) {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(z)) {
                g.write(data);
            }
            data = z.toByteArray();
        }
        Files.write(path, data);
        return path;
    }
}
