package org.ntkc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ntkc.data.CsvMatrix;
import org.ntkc.data.DataFormatException;
import org.ntkc.data.Idx;
import org.ntkc.data.LabeledCsv;
import org.ntkc.data.Npy;

/** Training and test sets for {@code fit} and {@code demo}: CSV tables or IDX image/label pairs, errors explained. */
final class DataSets {
    private DataSets() {
    }

    /**
     * Examples with their labels as written ("7", "Coat", "23.5"), and where they came from; {@code places} says
     * where each label stands ("file:line:col"), null when the labels have no text position (IDX).
     */
    record Labeled(String source, double[][] x, String[] labels, String[] places) {
        Labeled(String source, double[][] x, String[] labels) {
            this(source, x, labels, null);
        }

        int size() {
            return x.length;
        }

        /** "file:line:col" of label i, or the file's name when labels have no position. */
        String place(int i) {
            return places != null ? places[i] : source;
        }
    }

    /** A training set and a test set; {@code kind} says what they are, e.g. "IDX images 28 x 28". */
    record Pair(Labeled train, Labeled test, String kind, List<String> featureNames) {
    }

    static Pair csv(Path train, Path test, String labelColumn, LabeledCsv.Header header, int limitTrain,
                    int limitTest) {
        LabeledCsv.Table a = readCsv(train, labelColumn, header, limitTrain);
        LabeledCsv.Table b = readCsv(test, labelColumn, header, limitTest);
        if (a.features()[0].length != b.features()[0].length) {
            throw new CliException(CliException.BAD_INPUT, test + ": " + b.features()[0].length + " feature columns, "
                    + "but " + train + " has " + a.features()[0].length);
        }
        if (!a.featureNames().get(0).startsWith("column ") && !b.featureNames().get(0).startsWith("column ")
                && !a.featureNames().equals(b.featureNames())) {
            throw new CliException(CliException.BAD_INPUT, test + ": the header names other feature columns than "
                    + train + "'s");
        }
        return new Pair(new Labeled(train.toString(), a.features(), a.labels(), a.labelPlaces()),
                new Labeled(test.toString(), b.features(), b.labels(), b.labelPlaces()),
                "CSV, label column '" + a.labelName() + "'", a.featureNames());
    }

    private static LabeledCsv.Table readCsv(Path path, String labelColumn, LabeledCsv.Header header, int limit) {
        return Matrices.reading(path.toString(), () -> LabeledCsv.read(path, labelColumn, header, limit));
    }

    /**
     * NumPy training and test sets: 2-D arrays with the labels either in label arrays (1-D, or n x 1) or in a column
     * of the arrays ({@code labelColumn}: a number from 1, default the last).
     */
    static Pair numpy(Path train, Path test, Path trainLabels, Path testLabels, String labelColumn, int limitTrain,
                      int limitTest) {
        Labeled a = numpySet(train, trainLabels, labelColumn, limitTrain);
        Labeled b = numpySet(test, testLabels, labelColumn, limitTest);
        if (a.x()[0].length != b.x()[0].length) {
            throw new CliException(CliException.BAD_INPUT, test + ": " + b.x()[0].length + " feature columns, but "
                    + train + " has " + a.x()[0].length);
        }
        return new Pair(a, b, trainLabels != null ? "NumPy arrays with label arrays" : "NumPy arrays, label column "
                + (labelColumn == null ? "last" : labelColumn), List.of());
    }

    private static Labeled numpySet(Path path, Path labelPath, String labelColumn, int limit) {
        try {
            double[][] x = Matrices.rows(Matrices.array(path), "examples");
            String[] labels;
            if (labelPath != null) {
                Npy.Array y = Matrices.array(labelPath);
                if (!(y.dimensions() == 1 || y.dimensions() == 2 && y.shape()[1] == 1) || y.shape()[0] != x.length) {
                    throw new DataFormatException(y.source(), 0, 0, "wrong shape " + y.shapeText() + ": expected "
                            + "one label per example of " + path + ", shape (" + x.length + ",)");
                }
                labels = new String[x.length];
                for (int i = 0; i < x.length; i++) {
                    labels[i] = label(y.data()[i], y.source(), i);
                }
            } else {
                int d = x[0].length;
                if (d < 2) {
                    throw new DataFormatException(path.toString(), 0, 0, "a labelled array needs at least two "
                            + "columns (features and a label), or give label arrays with --train-labels/--test-labels");
                }
                int c;
                try {
                    c = labelColumn == null ? d - 1 : Integer.parseInt(labelColumn.strip()) - 1;
                } catch (NumberFormatException e) {
                    throw new CliException(CliException.USAGE, "--label-column for NumPy arrays is a column number "
                            + "from 1, got '" + labelColumn + "'");
                }
                if (c < 0 || c >= d) {
                    throw new CliException(CliException.USAGE, "--label-column " + labelColumn + ": " + path
                            + " has columns 1 to " + d);
                }
                labels = new String[x.length];
                double[][] features = new double[x.length][d - 1];
                for (int i = 0; i < x.length; i++) {
                    labels[i] = label(x[i][c], path.toString(), i);
                    System.arraycopy(x[i], 0, features[i], 0, c);
                    System.arraycopy(x[i], c + 1, features[i], c, d - 1 - c);
                }
                x = features;
            }
            if (limit > 0 && limit < x.length) {
                x = java.util.Arrays.copyOf(x, limit);
                labels = java.util.Arrays.copyOf(labels, limit);
            }
            return new Labeled(path.toString(), x, labels);
        } catch (DataFormatException e) {
            throw new CliException(CliException.BAD_INPUT, e.describe());
        }
    }

    /** A label as text: integers without a decimal point (class labels), other numbers in round-trip precision. */
    private static String label(double v, String source, int i) throws DataFormatException {
        if (!Double.isFinite(v)) {
            throw new DataFormatException(source, 0, 0, "label " + i + " is " + v + ", not a finite number");
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : CsvMatrix.format(v);
    }

    /** Opens a data file or a resource bundled in the jar; {@code name} is what messages call it. */
    interface Source {
        InputStream open() throws IOException;

        String name();

        static Source file(Path path) {
            return new Source() {
                @Override
                public InputStream open() throws IOException {
                    return Files.newInputStream(path);
                }

                @Override
                public String name() {
                    return path.toString();
                }
            };
        }
    }

    static Pair idx(Source trainImages, Source trainLabels, Source testImages, Source testLabels, int limitTrain,
                    int limitTest) {
        Labeled train = idxSet(trainImages, trainLabels, limitTrain);
        Labeled test = idxSet(testImages, testLabels, limitTest);
        if (train.x()[0].length != test.x()[0].length) {
            throw new CliException(CliException.BAD_INPUT, testImages.name() + ": images of " + test.x()[0].length
                    + " pixels, but " + trainImages.name() + " has images of " + train.x()[0].length);
        }
        return new Pair(train, test, "IDX images", List.of());
    }

    private static Labeled idxSet(Source images, Source labels, int limit) {
        Idx.Images im = Matrices.reading(images.name(), () -> Idx.readImages(images.open(), images.name(), limit));
        int[] lab = Matrices.reading(labels.name(), () -> Idx.readLabels(labels.open(), labels.name(), limit));
        if (im.points().length != lab.length) {
            throw new CliException(CliException.BAD_INPUT, labels.name() + " holds " + lab.length + " labels, but "
                    + images.name() + " holds " + im.points().length + " images"
                    + (limit > 0 ? " (after the limit of " + limit + ")" : ""));
        }
        if (lab.length == 0) {
            throw new CliException(CliException.BAD_INPUT, images.name() + ": no images");
        }
        String[] names = new String[lab.length];
        for (int i = 0; i < lab.length; i++) {
            names[i] = Integer.toString(lab[i]);
        }
        return new Labeled(images.name(), im.points(), names);
    }
}
