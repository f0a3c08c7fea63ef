package org.ntkc.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

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
        try (IdxStream in = open(stream)) {
            int[] dims = header(in, name, 3, "images (idx3-ubyte)");
            int count = take(dims[0], limit);
            long pixels = (long) dims[1] * dims[2];
            if (pixels == 0) {
                throw new DataFormatException(name, 0, 0, "the images are " + dims[1] + " x " + dims[2] + " pixels");
            }
            if (pixels > MAX_VALUES) {
                throw new DataFormatException(name, 0, 0, "the header declares images of " + dims[1] + " x " + dims[2]
                        + " = " + pixels + " pixels, more than one point can hold (" + MAX_VALUES + ")");
            }
            int size = (int) pixels;
            // The header is not trusted: records are read (and their points allocated) one at a time, so a short
            // file that declares more than it holds fails at its end instead of allocating what it declares.
            List<double[]> points = new ArrayList<>(Math.min(count, 1 << 12));
            for (int i = 0; i < count; i++) {
                byte[] record = readRecord(in, size, name, i, dims[0], "image");
                double[] p = new double[size];
                for (int k = 0; k < size; k++) {
                    p[k] = record[k] & 0xff;
                }
                points.add(p);
            }
            in.verifyRest(name);
            return new Images(points.toArray(new double[0][]), dims[1], dims[2]);
        } catch (ZipException e) {
            throw corrupt(name, e);
        }
    }

    /** Reads the first {@code limit} labels of an idx1 file (all of them when {@code limit} is 0). */
    public static int[] readLabels(Path path, int limit) throws IOException, DataFormatException {
        return readLabels(Files.newInputStream(path), path.toString(), limit);
    }

    /** Like {@link #readLabels(Path, int)} from a stream (closed afterwards); {@code name} is for messages. */
    public static int[] readLabels(InputStream stream, String name, int limit) throws IOException, DataFormatException {
        try (IdxStream in = open(stream)) {
            int[] dims = header(in, name, 1, "labels (idx1-ubyte)");
            int count = take(dims[0], limit);
            byte[] record = readRecord(in, count, name, 0, dims[0], "labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = record[i] & 0xff;
            }
            in.verifyRest(name);
            return labels;
        } catch (ZipException e) {
            throw corrupt(name, e);
        }
    }

    /** The most values one point (or one label file) may have: the largest Java array. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private static int take(int available, int limit) {
        return limit > 0 ? Math.min(available, limit) : available;
    }

    /** A damaged gzip stream: still an IOException (a read error), with words that say what it means. */
    private static ZipException corrupt(String name, IOException e) {
        ZipException z = new ZipException("the gzip data is corrupt (" + e.getMessage() + "); the file is damaged "
                + "(gzip -t " + name + " checks it)");
        z.initCause(e);
        return z;
    }

    /** The decompressed (or plain) bytes of an IDX file, and whether they were gzipped. */
    private static final class IdxStream extends DataInputStream {
        private final boolean gzip;

        IdxStream(InputStream in, boolean gzip) {
            super(in);
            this.gzip = gzip;
        }

        /**
         * A gzipped file is read to its end, every member: GZIPInputStream checks a member's CRC and length only
         * when it reaches the member's trailer, so stopping after the records used would accept damaged data.
         */
        void verifyRest(String name) throws IOException {
            if (!gzip) {
                return;
            }
            try {
                byte[] skip = new byte[1 << 16];
                while (read(skip) >= 0) {
                    // only the check matters
                }
            } catch (EOFException e) {
                throw corrupt(name, e);
            }
        }
    }

    private static IdxStream open(InputStream stream) throws IOException {
        InputStream raw = new BufferedInputStream(stream, 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        try {
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return new IdxStream(in, gzip);
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

    /** Reads {@code size} bytes, allocating as they arrive (never what a header only declares). */
    private static byte[] readRecord(DataInputStream in, int size, String name, int index, int declared, String what)
            throws IOException, DataFormatException {
        byte[] record;
        try {
            record = in.readNBytes(size);
        } catch (EOFException e) {
            record = new byte[0]; // a truncated gzip stream
        }
        if (record.length < size) {
            throw new DataFormatException(name, 0, 0, "the file ends inside " + what
                    + (what.equals("labels") ? "" : " " + (index + 1)) + " although its header declares " + declared
                    + " records (truncated download?)");
        }
        return record;
    }
}
