package org.ntkc.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of examples as CSV: one example per row, numeric feature columns and one label column (a number for
 * regression, any text for classification), with an optional header row. Fields may be double-quoted (RFC 4180,
 * {@code ""} for a quote inside). Reading is strict: every problem names its file, line and column.
 */
public final class LabeledCsv {
    /** Whether the first row names the columns. */
    public enum Header {
        /** A header when none of the first row's feature fields is a number. */
        AUTO,
        YES,
        NO
    }

    /**
     * The examples of one file: features, the label of each row as written, the column names, and where each label
     * stands ({@code file:line:col}, for messages; null when unknown).
     */
    public record Table(String source, double[][] features, String[] labels, List<String> featureNames,
                        String labelName, String[] labelPlaces) {
        public Table(String source, double[][] features, String[] labels, List<String> featureNames,
                     String labelName) {
            this(source, features, labels, featureNames, labelName, null);
        }

        public int size() {
            return features.length;
        }
    }

    private LabeledCsv() {
    }

    /**
     * Reads {@code path}. {@code labelColumn} is a column name from the header, a 1-based column number, or null for
     * the last column. At most {@code limit} examples are read (all when 0).
     */
    public static Table read(Path path, String labelColumn, Header header, int limit)
            throws IOException, DataFormatException {
        String name = path.toString();
        List<double[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> places = new ArrayList<>();
        List<String> names = null;
        int columns = -1;
        int columnsLine = 0;
        int label = -1;
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String text;
            int lineNo = 0;
            boolean first = true;
            while ((text = reader.readLine()) != null && (limit <= 0 || rows.size() < limit)) {
                lineNo++;
                if (lineNo == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                List<Field> fields = split(name, lineNo, text);
                if (columns < 0) {
                    columns = fields.size();
                    columnsLine = lineNo;
                    if (columns < 2) {
                        throw new DataFormatException(name, lineNo, 0, "a labelled table needs at least two columns "
                                + "(features and a label); this row has " + columns);
                    }
                } else if (fields.size() != columns) {
                    throw new DataFormatException(name, lineNo, 0, "this row has " + fields.size() + " values, but line "
                            + columnsLine + " has " + columns + "; every row must have the same number of values");
                }
                if (first) {
                    first = false;
                    boolean isHeader = switch (header) {
                        case YES -> true;
                        case NO -> false;
                        case AUTO -> looksLikeHeader(fields);
                    };
                    if (isHeader) {
                        names = new ArrayList<>();
                        for (Field f : fields) {
                            names.add(f.text());
                        }
                        label = labelIndex(name, labelColumn, names, columns);
                        continue;
                    }
                    label = labelIndex(name, labelColumn, null, columns);
                }
                double[] row = new double[columns - 1];
                int k = 0;
                for (int c = 0; c < columns; c++) {
                    Field f = fields.get(c);
                    if (c == label) {
                        if (f.text().isEmpty()) {
                            throw new DataFormatException(name, lineNo, f.column(), "empty label");
                        }
                        labels.add(f.text());
                        places.add(name + ":" + lineNo + ":" + f.column());
                    } else {
                        row[k++] = number(name, lineNo, f, rows.isEmpty() && names == null);
                    }
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(name, 0, 0, "the file holds no examples (expected one example per row"
                    + (names != null ? " after the header" : "") + ")");
        }
        List<String> featureNames = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            if (c != label) {
                featureNames.add(names != null ? names.get(c) : "column " + (c + 1));
            }
        }
        String labelName = names != null ? names.get(label) : "column " + (label + 1);
        return new Table(name, rows.toArray(new double[0][]), labels.toArray(new String[0]),
                List.copyOf(featureNames), labelName, places.toArray(new String[0]));
    }

    private static int labelIndex(String file, String labelColumn, List<String> names, int columns)
            throws DataFormatException {
        if (labelColumn == null) {
            return columns - 1;
        }
        String wanted = labelColumn.strip();
        if (names != null) {
            int at = names.indexOf(wanted);
            if (at >= 0) {
                return at;
            }
        }
        if (wanted.matches("\\d+")) {
            int number;
            try {
                number = Integer.parseInt(wanted);
            } catch (NumberFormatException e) {
                number = Integer.MAX_VALUE;
            }
            if (number >= 1 && number <= columns) {
                return number - 1;
            }
            throw new DataFormatException(file, 0, 0, "--label-column " + wanted + ": the file has " + columns
                    + " columns (numbered from 1)");
        }
        if (names == null) {
            throw new DataFormatException(file, 0, 0, "--label-column '" + wanted + "' is a name, but the file has no "
                    + "header row; give a column number (1 to " + columns + ")");
        }
        throw new DataFormatException(file, 1, 0, "no column named '" + wanted + "'; the header names "
                + String.join(", ", names));
    }

    /** A first row is a header when none of its fields is a number (a data row with a typo has some numbers). */
    private static boolean looksLikeHeader(List<Field> fields) {
        for (Field f : fields) {
            if (CsvMatrix.DECIMAL.matcher(f.text()).matches()) {
                return false;
            }
        }
        return true;
    }

    private static double number(String file, int lineNo, Field f, boolean firstRow) throws DataFormatException {
        String text = f.text();
        if (text.isEmpty()) {
            throw new DataFormatException(file, lineNo, f.column(), "empty value (missing data is not supported)");
        }
        if (CsvMatrix.NON_FINITE.matcher(text).matches()) {
            throw new DataFormatException(file, lineNo, f.column(), "'" + text + "' is not a finite number");
        }
        if (!CsvMatrix.DECIMAL.matcher(text).matches()) {
            String hint = firstRow ? " (if this row is a header, pass --header yes)" : "";
            throw new DataFormatException(file, lineNo, f.column(), "'" + text + "' is not a number" + hint);
        }
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) {
            throw new DataFormatException(file, lineNo, f.column(), "'" + text + "' is too large for a double");
        }
        return v;
    }

    /** One field's text (unquoted, stripped) and its 1-based column in the line. */
    private record Field(String text, int column) {
    }

    private static List<Field> split(String file, int lineNo, String line) throws DataFormatException {
        List<Field> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            int column = i + 1;
            String text;
            if (i < n && line.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw new DataFormatException(file, lineNo, column, "a quoted field is not closed");
                    }
                    char c = line.charAt(j);
                    if (c == '"') {
                        if (j + 1 < n && line.charAt(j + 1) == '"') {
                            b.append('"');
                            j += 2;
                            continue;
                        }
                        j++;
                        break;
                    }
                    b.append(c);
                    j++;
                }
                while (j < n && (line.charAt(j) == ' ' || line.charAt(j) == '\t')) {
                    j++;
                }
                if (j < n && line.charAt(j) != ',') {
                    throw new DataFormatException(file, lineNo, j + 1, "unexpected text after a quoted field");
                }
                text = b.toString().strip();
                i = j;
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                text = line.substring(i, end).strip();
                i = end;
            }
            fields.add(new Field(text, column));
            if (i >= n) {
                break;
            }
            i++; // the comma
            if (i == n) {
                fields.add(new Field("", i + 1));
                break;
            }
        }
        return fields;
    }
}
