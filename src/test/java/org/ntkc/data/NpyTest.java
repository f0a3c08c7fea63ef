package org.ntkc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .npy/.npz reader and writer against files built here byte by byte after the format's description (the
 * numpy round trip itself is in {@code NumpyRoundTripTest}).
 */
class NpyTest {
    @TempDir
    Path dir;

    /** A .npy file: magic, version, header padded to 64 bytes, then the data as given. */
    static byte[] npy(int major, String dict, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        StringBuilder h = new StringBuilder(dict);
        while ((6 + 2 + lengthBytes + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(6 + 2 + lengthBytes + h.length() + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) h.length());
        } else {
            b.putInt(h.length());
        }
        b.put(h.toString().getBytes(StandardCharsets.US_ASCII)).put(data);
        return b.array();
    }

    static byte[] doubles(ByteOrder order, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    static byte[] floats(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void readsFloat64AndFloat32InEitherOrderAndByteOrder() throws Exception {
        // the 2 x 3 matrix [[1, 2, 3], [4, 5, 6.5]]
        double[] c = {1, 2, 3, 4, 5, 6.5};
        double[] f = {1, 4, 2, 5, 3, 6.5}; // the same matrix in Fortran (column-major) order
        String shape = "'shape': (2, 3), }";
        Npy.Array a = Npy.read(file("c.npy", npy(1, "{'descr': '<f8', 'fortran_order': False, " + shape,
                doubles(ByteOrder.LITTLE_ENDIAN, c))));
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(c, a.data(), 0.0);
        Npy.Array fo = Npy.read(file("f.npy", npy(1, "{'descr': '<f8', 'fortran_order': True, " + shape,
                doubles(ByteOrder.LITTLE_ENDIAN, f))));
        assertArrayEquals(c, fo.data(), 0.0, "Fortran order comes back row-major");
        Npy.Array be = Npy.read(file("b.npy", npy(2, "{'descr': '>f8', 'fortran_order': False, " + shape,
                doubles(ByteOrder.BIG_ENDIAN, c))));
        assertArrayEquals(c, be.data(), 0.0, "big-endian, format 2.0");
        float[] c32 = {1, 2, 3, 4, 5, 6.5f};
        Npy.Array s = Npy.read(file("s.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, " + shape,
                floats(ByteOrder.LITTLE_ENDIAN, c32))));
        assertArrayEquals(c, s.data(), 0.0, "float32 widened exactly");
        Npy.Array third = Npy.read(file("t.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
                floats(ByteOrder.LITTLE_ENDIAN, 0.1f))));
        assertEquals((double) 0.1f, third.data()[0], 0.0);
        assertEquals("(1,)", third.shapeText());
    }

    @Test
    void readsIntegerLabels() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(3).putLong(-1).putLong(7);
        Npy.Array a = Npy.read(file("y.npy", npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
                b.array())));
        assertArrayEquals(new double[] {3, -1, 7}, a.data(), 0.0);
        Npy.Array u = Npy.read(file("u.npy", npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }",
                new byte[] {(byte) 200, 9})));
        assertArrayEquals(new double[] {200, 9}, u.data(), 0.0);
    }

    @Test
    void writesWhatItReadsBitForBitWithAHeaderPaddedTo64() throws Exception {
        Random r = new Random(3);
        double[] v = new double[5 * 7];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
        }
        v[3] = -0.0;
        v[4] = Double.MIN_VALUE;
        Path p = dir.resolve("w.npy");
        Npy.writeAtomically(p, v, 5, 7);
        byte[] bytes = Files.readAllBytes(p);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data starts on a 64-byte boundary");
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (5, 7), }"), header);
        assertEquals(10 + headerLength + 8 * v.length, bytes.length);
        Npy.Array back = Npy.read(p);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(back.data()[i]));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }

    @Test
    void aRowWriterLeavesNothingUnlessCommitted() throws Exception {
        Path p = dir.resolve("k.npy");
        try (Npy.RowWriter w = Npy.RowWriter.open(p, 2, 2)) {
            w.write(new double[] {1, 2}, 0, 2); // one of two rows, then a failure
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "neither the target nor the temporary file");
        }
        try (Npy.RowWriter w = Npy.RowWriter.open(p, 2, 2)) {
            w.write(new double[] {1, 2}, 0, 2);
            assertThrows(IllegalStateException.class, w::commit, "an incomplete file is not committed");
        }
        assertFalse(Files.exists(p));
    }

    @Test
    void archivesNameTheirArrays() throws Exception {
        Path z = dir.resolve("d.npz");
        byte[] x = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }",
                doubles(ByteOrder.LITTLE_ENDIAN, 1, 2));
        byte[] y = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                doubles(ByteOrder.LITTLE_ENDIAN, 9));
        try (OutputStream o = Files.newOutputStream(z); ZipOutputStream zip = new ZipOutputStream(o)) {
            for (String name : new String[] {"x", "y"}) {
                zip.putNextEntry(new ZipEntry(name + ".npy"));
                zip.write(name.equals("x") ? x : y);
                zip.closeEntry();
            }
        }
        assertArrayEquals(new double[] {1, 2}, Npy.read(Path.of(z + ":x")).data(), 0.0);
        assertArrayEquals(new double[] {9}, Npy.read(Path.of(z + ":y")).data(), 0.0);
        assertEquals(z + ":y", Npy.read(Path.of(z + ":y")).source());
        assertMessage("the archive holds 2 arrays (x, y): name one as " + z + ":NAME", Path.of(z.toString()));
        assertMessage("the archive has no array 'w'; it holds x, y", Path.of(z + ":w"));
        assertTrue(Npy.isNumpy(Path.of(z + ":x")) && Npy.isNumpy(z) && !Npy.isNumpy(Path.of("a.csv")));
    }

    private static void assertMessage(String expected, Path p) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> Npy.read(p));
        assertTrue(e.describe().contains(expected), e.describe());
    }

    @Test
    void badFilesSayWhatIsWrong() throws Exception {
        String ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
        byte[] four = doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4);
        byte[] good = npy(1, ok, four);
        assertMessage("bad magic", file("a.npy", "1,2\n3,4\n".getBytes(StandardCharsets.US_ASCII)));
        assertMessage("bad magic", file("e.npy", new byte[0]));
        assertMessage("unsupported dtype '<c16'", file("c.npy", npy(1, ok.replace("<f8", "<c16"), four)));
        assertMessage("unsupported dtype '<U3'", file("u.npy", npy(1, ok.replace("<f8", "<U3"), four)));
        assertMessage("unsupported dtype (not a plain number type)",
                file("s.npy", npy(1, ok.replace("'<f8'", "[('a', '<f8')]"), four)));
        assertMessage("truncated: the header promises (2, 2) float64 values (32 bytes of data), the file holds 24",
                file("t.npy", Arrays.copyOf(good, good.length - 8)));
        assertMessage("truncated in the header", file("h.npy", Arrays.copyOf(good, 20)));
        ByteArrayOutputStream longer = new ByteArrayOutputStream();
        longer.write(good);
        longer.write(new byte[8]);
        assertMessage("8 bytes after the 32 bytes of data", file("l.npy", longer.toByteArray()));
        assertMessage("unsupported .npy format version 4.0", file("v.npy", version(good, 4)));
        assertMessage("the shape (2, x) is not a tuple of sizes", file("p.npy", npy(1, ok.replace("(2, 2)",
                "(2, x)"), four)));
        assertMessage("not a readable .npz (zip) archive", file("z.npz", good));
    }

    private static byte[] version(byte[] b, int major) {
        byte[] c = b.clone();
        c[6] = (byte) major;
        return c;
    }
}
