package org.ntkc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
}
