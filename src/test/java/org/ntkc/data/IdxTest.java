package org.ntkc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    private static final int[][] IMAGES = {{0, 1, 2, 3, 4, 5}, {255, 254, 128, 127, 0, 9}, {7, 7, 7, 7, 7, 7}};

    @Test
    void imagesAndLabelsReadBackPlainAndGzipped() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            Path images = IdxFiles.images(dir.resolve("i" + gzip), IMAGES, 2, 3, gzip);
            Path labels = IdxFiles.labels(dir.resolve("l" + gzip), new int[] {9, 0, 255}, gzip);
            Idx.Images read = Idx.readImages(images, 0);
            assertEquals(2, read.rows());
            assertEquals(3, read.cols());
            assertEquals(3, read.points().length);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(Arrays.stream(IMAGES[i]).asDoubleStream().toArray(), read.points()[i],
                        "unsigned bytes, row by row");
            }
            assertArrayEquals(new int[] {9, 0, 255}, Idx.readLabels(labels, 0));
            assertEquals(2, Idx.readImages(images, 2).points().length, "--limit takes the first records");
            assertArrayEquals(new int[] {9}, Idx.readLabels(labels, 1));
            assertEquals(3, Idx.readImages(images, 50).points().length, "a limit above the count takes all");
        }
    }

    @Test
    void theShippedFashionMnistSubsetReads() throws Exception {
        Path base = Path.of("examples/data/fashion-mnist");
        Idx.Images train = Idx.readImages(base.resolve("train-images-idx3-ubyte.gz"), 0);
        int[] labels = Idx.readLabels(base.resolve("train-labels-idx1-ubyte.gz"), 0);
        assertEquals(4000, train.points().length);
        assertEquals(784, train.points()[0].length);
        assertEquals(28, train.rows());
        assertEquals(4000, labels.length);
        assertEquals(9, labels[0], "the first training image of Fashion-MNIST is an ankle boot");
        assertEquals(1000, Idx.readLabels(base.resolve("t10k-labels-idx1-ubyte.gz"), 0).length);
        assertTrue(Files.exists(base.resolve("LICENSE")));
    }

    @Test
    void badFilesNameTheProblem() throws Exception {
        Path labels = IdxFiles.labels(dir.resolve("labels"), new int[] {1, 2}, false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.readImages(labels, 0));
        assertEquals(labels + ": the magic number 0x00000801 says 1 dimension, expected 3 for images (idx3-ubyte)",
                e.describe());

        Path text = IdxFiles.write(dir.resolve("text"), "hello,world\n".getBytes(), false);
        e = assertThrows(DataFormatException.class, () -> Idx.readLabels(text, 0));
        assertTrue(e.getMessage().startsWith("not an unsigned-byte IDX file: the magic number is 0x68656c6c"),
                e.getMessage());

        Path images = IdxFiles.images(dir.resolve("images"), IMAGES, 2, 3, false);
        byte[] all = Files.readAllBytes(images);
        Path cut = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(all, all.length - 4), true);
        e = assertThrows(DataFormatException.class, () -> Idx.readImages(cut, 0));
        assertEquals(cut + ": the file ends inside image 3 although its header declares 3 records (truncated "
                + "download?)", e.describe());
        assertEquals(2, Idx.readImages(cut, 2).points().length, "the complete records before the cut still read");

        Path empty = IdxFiles.write(dir.resolve("empty"), new byte[2], false);
        e = assertThrows(DataFormatException.class, () -> Idx.readLabels(empty, 0));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }

    @Test
    void aCorruptGzipStreamIsAnIoError() throws IOException {
        Path bad = IdxFiles.write(dir.resolve("bad.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}, false);
        assertThrows(IOException.class, () -> Idx.readLabels(bad, 0));
    }

    /** Issue 15 item 12: a gzip member with damaged bytes or a damaged CRC is an error, with or without a limit. */
    @Test
    void aDamagedGzipFileIsRejectedEvenWhenOnlyItsFirstRecordsAreUsed() throws Exception {
        java.util.Random random = new java.util.Random(7);
        int[][] images = new int[60][28 * 28];
        for (int[] image : images) {
            for (int k = 0; k < image.length; k++) {
                image[k] = random.nextInt(256);
            }
        }
        Path good = IdxFiles.images(dir.resolve("good.gz"), images, 28, 28, true);
        assertEquals(60, Idx.readImages(good, 0).points().length);
        byte[] bytes = Files.readAllBytes(good);
        byte[] zeroed = bytes.clone();
        Arrays.fill(zeroed, bytes.length / 2, bytes.length / 2 + 10, (byte) 0);
        Path damaged = IdxFiles.write(dir.resolve("zeroed.gz"), zeroed, false);
        byte[] crc = bytes.clone();
        crc[crc.length - 6] ^= 1; // the CRC-32 of the trailer
        Path badCrc = IdxFiles.write(dir.resolve("crc.gz"), crc, false);
        for (Path p : List.of(damaged, badCrc)) {
            for (int limit : new int[] {0, 1}) {
                IOException e = assertThrows(IOException.class, () -> Idx.readImages(p, limit), p + " limit " + limit);
                assertTrue(e.getMessage().startsWith("the gzip data is corrupt"), e.getMessage());
            }
        }
        Path labels = IdxFiles.labels(dir.resolve("labels.gz"), new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, true);
        byte[] lb = Files.readAllBytes(labels);
        lb[lb.length - 6] ^= 1;
        Path badLabels = IdxFiles.write(dir.resolve("badlabels.gz"), lb, false);
        assertThrows(IOException.class, () -> Idx.readLabels(badLabels, 3));
    }

    /** Issue 15 item 16: header sizes are checked against the data before anything that large is allocated. */
    @Test
    void headersThatDeclareMoreThanTheFileHoldsFailFast() throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(b);
        out.writeInt(0x00000803);
        out.writeInt(65536);
        out.writeInt(65536);
        out.writeInt(65536);
        out.write(new byte[1000]);
        Path overflow = IdxFiles.write(dir.resolve("overflow"), b.toByteArray(), false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.readImages(overflow, 0));
        assertTrue(e.getMessage().contains("65536 x 65536"), e.getMessage());

        b.reset();
        out.writeInt(0x00000803);
        out.writeInt(1);
        out.writeInt(40000);
        out.writeInt(40000);
        out.write(new byte[1000]);
        Path huge = IdxFiles.write(dir.resolve("huge.gz"), b.toByteArray(), true);
        long t0 = System.nanoTime();
        e = assertThrows(DataFormatException.class, () -> Idx.readImages(huge, 0));
        assertTrue(e.getMessage().contains("ends inside image 1"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5e9, "fails at the end of the data, without allocating 1.6e9 pixels");

        b.reset();
        out.writeInt(0x00000801);
        out.writeInt(Integer.MAX_VALUE);
        out.write(new byte[10]);
        Path labels = IdxFiles.write(dir.resolve("labels"), b.toByteArray(), false);
        e = assertThrows(DataFormatException.class, () -> Idx.readLabels(labels, 0));
        assertTrue(e.getMessage().contains("ends inside labels"), e.getMessage());

        b.reset();
        out.writeInt(0x00000803);
        out.writeInt(Integer.MAX_VALUE);
        out.writeInt(2);
        out.writeInt(2);
        out.write(new byte[8]);
        Path many = IdxFiles.write(dir.resolve("many"), b.toByteArray(), false);
        e = assertThrows(DataFormatException.class, () -> Idx.readImages(many, 0));
        assertTrue(e.getMessage().contains("ends inside image 3"), e.getMessage());
    }
}
