package org.ntkc.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.ntkc.runtime.KernelMatrix;

/**
 * Points and kernels as CSV: one point per row, comma-separated decimal numbers, no header. Reading is strict and
 * every problem names its file, line and column; writing uses round-trip precision and never leaves a partial file
 * behind under the final name.
 */
public final class CsvMatrix {
    static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    static final Pattern NON_FINITE =
            Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    private CsvMatrix() {
    }

    /** Reads a matrix of finite numbers with equally long rows; blank lines are ignored; no header. */
    public static double[][] read(Path path) throws IOException, DataFormatException {
        return read(path, LabeledCsv.Header.NO);
    }

    /**
     * As {@link #read(Path)}, with a header row: skipped when {@code header} is YES, and with AUTO when none of the
     * first row's fields is a number.
     */
    public static double[][] read(Path path, LabeledCsv.Header header) throws IOException, DataFormatException {
        String name = path.toString();
        boolean first = true;
        List<double[]> rows = new ArrayList<>();
        int expected = -1;
        int expectedLine = 0;
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String text;
            int lineNo = 0;
            while ((text = reader.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                if (first) {
                    first = false;
                    if (header == LabeledCsv.Header.YES
                            || (header == LabeledCsv.Header.AUTO && looksLikeHeader(text))) {
                        continue;
                    }
                }
                double[] row = parseRow(name, lineNo, text, rows.isEmpty() && header == LabeledCsv.Header.NO);
                if (expected < 0) {
                    expected = row.length;
                    expectedLine = lineNo;
                } else if (row.length != expected) {
                    throw new DataFormatException(name, lineNo, 0, "this row has " + row.length
                            + (row.length == 1 ? " value" : " values") + ", but line " + expectedLine + " has "
                            + expected + "; every row must have the same number of values");
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(name, 0, 0, "the file holds no data (expected one point per row)");
        }
        return rows.toArray(new double[0][]);
    }

    private static boolean looksLikeHeader(String text) {
        for (String field : text.split(",", -1)) {
            if (DECIMAL.matcher(field.strip()).matches()) {
                return false;
            }
        }
        return true;
    }

    private static double[] parseRow(String file, int lineNo, String text, boolean firstRow)
            throws DataFormatException {
        List<Double> values = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? text.length() : comma;
            String raw = text.substring(start, end);
            String field = raw.strip();
            int column = start + 1 + (raw.length() - raw.stripLeading().length());
            if (field.isEmpty()) {
                throw new DataFormatException(file, lineNo, column, "empty value (two commas in a row, or a comma at "
                        + "the start or end of the line)");
            }
            if (NON_FINITE.matcher(field).matches()) {
                throw new DataFormatException(file, lineNo, column, "'" + field + "' is not a finite number");
            }
            if (!DECIMAL.matcher(field).matches()) {
                String hint = firstRow && Character.isLetter(field.charAt(0))
                        ? " (the file must not have a header row)" : "";
                throw new DataFormatException(file, lineNo, column, "'" + field + "' is not a number" + hint);
            }
            double v = Double.parseDouble(field);
            if (!Double.isFinite(v)) {
                throw new DataFormatException(file, lineNo, column, "'" + field + "' is too large for a double");
            }
            values.add(v);
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        double[] row = new double[values.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = values.get(i);
        }
        return row;
    }

    /** Writes {@code m} as CSV with every value in round-trip precision. */
    public static void write(KernelMatrix m, Writer out) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < m.rows(); i++) {
            line.setLength(0);
            for (int j = 0; j < m.cols(); j++) {
                if (j > 0) {
                    line.append(',');
                }
                line.append(format(m.get(i, j)));
            }
            line.append('\n');
            out.write(line.toString());
        }
        out.flush();
    }

    /**
     * Writes {@code m} to {@code path} through a temporary file in the same directory, moved into place only when
     * complete: a failure never leaves a partial file under the final name.
     */
    public static void writeAtomically(KernelMatrix m, Path path) throws IOException {
        writeAtomically(path, w -> write(m, w));
    }

    /** Writes text to a file. */
    @FunctionalInterface
    public interface TextWriter {
        void writeTo(Writer out) throws IOException;
    }

    /** Writes {@code text} to {@code path} through a temporary file, moved into place only when complete. */
    public static void writeAtomically(Path path, TextWriter text) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".part");
        PartFiles.started(tmp);
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                text.writeTo(w);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            PartFiles.done(tmp);
        }
    }

    /** Shortest text that parses back to exactly {@code v} (Java's Double.toString guarantees the round trip). */
    public static String format(double v) {
        String s = Double.toString(v);
        if (s.endsWith(".0")) {
            return s.substring(0, s.length() - 2);
        }
        return s.toLowerCase(Locale.ROOT).replace(".0e", "e");
    }
}
