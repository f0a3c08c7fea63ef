package org.ntkc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntkc.runtime.KernelMatrix;

class CsvMatrixTest {
    @TempDir
    Path dir;

    @Test
    void writtenValuesReadBackBitForBit() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        KernelMatrix m = new KernelMatrix(5, 4);
        for (int i = 0; i < m.data().length; i++) {
            m.data()[i] = Math.scalb(r.nextDouble(-1, 1), r.nextInt(-300, 300));
        }
        m.set(0, 0, 0.0);
        m.set(0, 1, -0.0);
        m.set(0, 2, 1.0);
        m.set(0, 3, Double.MIN_VALUE);
        Path p = dir.resolve("m.csv");
        CsvMatrix.writeAtomically(m, p);
        double[][] back = CsvMatrix.read(p);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(m.row(i), back[i]);
        }
        StringWriter w = new StringWriter();
        KernelMatrix small = new KernelMatrix(1, 3);
        small.data()[0] = 2;
        small.data()[1] = 1e-5;
        small.data()[2] = 0.1;
        CsvMatrix.write(small, w);
        assertEquals("2,1e-5,0.1\n", w.toString());
    }

    @Test
    void toleratesByteOrderMarkBlankLinesAndSpaces() throws Exception {
        Path p = dir.resolve("x.csv");
        Files.writeString(p, "\uFEFF1, 2 ,3\n\n  4,5,6  \r\n");
        double[][] x = CsvMatrix.read(p);
        assertArrayEquals(new double[] {1, 2, 3}, x[0]);
        assertArrayEquals(new double[] {4, 5, 6}, x[1]);
    }

    @Test
    void rejectsWhatJavaWouldOtherwiseParse() throws IOException {
        for (String bad : new String[] {"0x1p3", "1d", "2f", "1_000", "--1", "1e999"}) {
            Path p = dir.resolve("b.csv");
            Files.writeString(p, "1," + bad + "\n");
            DataFormatException e = assertThrows(DataFormatException.class, () -> CsvMatrix.read(p), bad);
            assertEquals(1, e.line());
            assertEquals(3, e.column());
        }
    }
}
