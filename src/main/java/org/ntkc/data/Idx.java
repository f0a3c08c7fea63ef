package org.ntkc.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header (two zero bytes, a type code, the
 * number of dimensions, then each dimension as a 32-bit integer) followed by the values in row-major order. Reads
 * unsigned-byte files, gzipped or not (told apart by the gzip magic number), and only the first {@code limit}
 * records: images as points with one coordinate per pixel, labels as integers.
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;

    private Idx() {
    }

    /** Images: {@code count × rows × cols} pixels (0–255), each image flattened row by row into one point. */
    public record Images(double[][] points, int rows, int cols) {
    }

    /** Reads the first {@code limit} images of an idx3 file (all of them when {@code limit} is 0 or more than there are). */
    public static Images readImages(Path path, int limit) throws IOException, DataFormatException {
        return readImages(Files.newInputStream(path), path.toString(), limit);
    }

    /** Like {@link #readImages(Path, int)} from a stream (closed afterwards); {@code name} is for messages. */
    public static Images readImages(InputStream stream, String name, int limit) throws IOException, DataFormatException {
        try (DataInputStream in = open(stream)) {
            int[] dims = header(in, name, 3, "images (idx3-ubyte)");
            int count = take(dims[0], limit);
            int size = Math.multiplyExact(dims[1], dims[2]);
            if (size == 0) {
                throw new DataFormatException(name, 0, 0, "the images are " + dims[1] + " x " + dims[2] + " pixels");
            }
            double[][] points = new double[count][size];
            byte[] record = new byte[size];
            for (int i = 0; i < count; i++) {
                readRecord(in, record, name, i, dims[0], "image");
                double[] p = points[i];
                for (int k = 0; k < size; k++) {
                    p[k] = record[k] & 0xff;
                }
            }
            return new Images(points, dims[1], dims[2]);
        }
    }

    /** Reads the first {@code limit} labels of an idx1 file (all of them when {@code limit} is 0). */
    public static int[] readLabels(Path path, int limit) throws IOException, DataFormatException {
        return readLabels(Files.newInputStream(path), path.toString(), limit);
    }

    /** Like {@link #readLabels(Path, int)} from a stream (closed afterwards); {@code name} is for messages. */
    public static int[] readLabels(InputStream stream, String name, int limit) throws IOException, DataFormatException {
        try (DataInputStream in = open(stream)) {
            int[] dims = header(in, name, 1, "labels (idx1-ubyte)");
            int count = take(dims[0], limit);
            byte[] record = new byte[count];
            readRecord(in, record, name, 0, dims[0], "labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = record[i] & 0xff;
            }
            return labels;
        }
    }

    private static int take(int available, int limit) {
        return limit > 0 ? Math.min(available, limit) : available;
    }

    private static DataInputStream open(InputStream stream) throws IOException {
        InputStream raw = new BufferedInputStream(stream, 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        try {
            InputStream in = b0 == 0x1f && b1 == 0x8b
                    ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return new DataInputStream(in);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static int[] header(DataInputStream in, String name, int expectedDims, String what)
            throws IOException, DataFormatException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(name, 0, 0, "the file is too short for an IDX header");
        }
        int type = (magic >>> 8) & 0xff;
        int dimensions = magic & 0xff;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE) {
            throw new DataFormatException(name, 0, 0, String.format("not an unsigned-byte IDX file: the magic number is "
                    + "0x%08x, expected 0x%08x for %s", magic, (UNSIGNED_BYTE << 8) | expectedDims, what));
        }
        if (dimensions != expectedDims) {
            throw new DataFormatException(name, 0, 0, String.format("the magic number 0x%08x says %d dimension%s, "
                    + "expected %d for %s", magic, dimensions, dimensions == 1 ? "" : "s", expectedDims, what));
        }
        int[] dims = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            try {
                dims[d] = in.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(name, 0, 0, "the file ends inside its header");
            }
            if (dims[d] < 0) {
                throw new DataFormatException(name, 0, 0, "dimension " + (d + 1) + " of the header is negative ("
                        + dims[d] + ")");
            }
        }
        return dims;
    }

    private static void readRecord(DataInputStream in, byte[] record, String name, int index, int declared,
                                   String what) throws IOException, DataFormatException {
        try {
            in.readFully(record);
        } catch (EOFException e) {
            throw new DataFormatException(name, 0, 0, "the file ends inside " + what
                    + (what.equals("labels") ? "" : " " + (index + 1)) + " although its header declares " + declared
                    + " records (truncated download?)");
        }
    }
}
