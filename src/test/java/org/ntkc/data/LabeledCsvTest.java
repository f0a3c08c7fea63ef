package org.ntkc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledCsvTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path p = dir.resolve("t.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aHeaderIsDetectedAndTheLabelColumnFoundByName() throws Exception {
        Path p = write("a, \"species\" ,b\n1.5,setosa,2\n\n-3,\"vir,ginica\",4e2\n");
        LabeledCsv.Table t = LabeledCsv.read(p, "species", LabeledCsv.Header.AUTO, 0);
        assertEquals(2, t.size());
        assertArrayEquals(new double[] {1.5, 2}, t.features()[0]);
        assertArrayEquals(new double[] {-3, 400}, t.features()[1]);
        assertArrayEquals(new String[] {"setosa", "vir,ginica"}, t.labels());
        assertEquals(List.of("a", "b"), t.featureNames());
        assertEquals("species", t.labelName());
        assertEquals(1, LabeledCsv.read(p, "2", LabeledCsv.Header.AUTO, 1).size(), "a column number; a limit");
    }

    @Test
    void withoutHeaderTheLastColumnIsTheLabel() throws Exception {
        Path p = write("1,2,3\n4,5,6\n");
        LabeledCsv.Table t = LabeledCsv.read(p, null, LabeledCsv.Header.AUTO, 0);
        assertArrayEquals(new String[] {"3", "6"}, t.labels());
        assertArrayEquals(new double[] {4, 5}, t.features()[1]);
        assertEquals("column 3", t.labelName());
        LabeledCsv.Table first = LabeledCsv.read(p, "1", LabeledCsv.Header.NO, 0);
        assertArrayEquals(new String[] {"1", "4"}, first.labels());
        assertEquals(1, LabeledCsv.read(p, null, LabeledCsv.Header.YES, 0).size(), "--header yes drops line 1");
    }

    @Test
    void problemsNameFileLineAndColumn() throws Exception {
        Path p = write("x,y,label\n1,2,a\n3,oops,b\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> LabeledCsv.read(p, "label", LabeledCsv.Header.AUTO, 0));
        assertEquals(p + ":3:3: 'oops' is not a number", e.describe());

        Path ragged = write("1,2,a\n3,b\n");
        e = assertThrows(DataFormatException.class, () -> LabeledCsv.read(ragged, null, LabeledCsv.Header.AUTO, 0));
        assertEquals(ragged + ":2: this row has 2 values, but line 1 has 3; every row must have the same number of "
                + "values", e.describe());

        Path typo = write("1,2x,a\n3,4,b\n");
        e = assertThrows(DataFormatException.class, () -> LabeledCsv.read(typo, null, LabeledCsv.Header.AUTO, 0));
        assertEquals(typo + ":1:3: '2x' is not a number (if this row is a header, pass --header yes)", e.describe());

        Path nan = write("1,NaN,a\n");
        e = assertThrows(DataFormatException.class, () -> LabeledCsv.read(nan, null, LabeledCsv.Header.NO, 0));
        assertEquals(nan + ":1:3: 'NaN' is not a finite number", e.describe());

        Path named = write("x,y\n1,2\n");
        e = assertThrows(DataFormatException.class, () -> LabeledCsv.read(named, "z", LabeledCsv.Header.AUTO, 0));
        assertEquals(named + ":1: no column named 'z'; the header names x, y", e.describe());
        e = assertThrows(DataFormatException.class, () -> LabeledCsv.read(named, "3", LabeledCsv.Header.AUTO, 0));
        assertEquals(named + ": --label-column 3: the file has 2 columns (numbered from 1)", e.describe());

        Path headerOnly = write("x,y\n");
        e = assertThrows(DataFormatException.class, () -> LabeledCsv.read(headerOnly, null, LabeledCsv.Header.AUTO, 0));
        assertEquals(headerOnly + ": the file holds no examples (expected one example per row after the header)",
                e.describe());

        Path open = write("1,\"a\n");
        e = assertThrows(DataFormatException.class, () -> LabeledCsv.read(open, null, LabeledCsv.Header.NO, 0));
        assertEquals(open + ":1:3: a quoted field is not closed", e.describe());
    }
}
