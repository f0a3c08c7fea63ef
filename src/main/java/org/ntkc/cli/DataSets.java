package org.ntkc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.ntkc.data.DataFormatException;
import org.ntkc.data.Idx;
import org.ntkc.data.LabeledCsv;

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
        try {
            return LabeledCsv.read(path, labelColumn, header, limit);
        } catch (NoSuchFileException e) {
            throw new CliException(CliException.USAGE, "cannot read '" + path + "': no such file");
        } catch (IOException e) {
            throw new CliException(CliException.BAD_INPUT, "cannot read '" + path + "': " + e.getMessage());
        } catch (DataFormatException e) {
            throw new CliException(CliException.BAD_INPUT, e.describe());
        }
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
        Idx.Images im;
        int[] lab;
        Source at = images;
        try {
            im = Idx.readImages(images.open(), images.name(), limit);
            at = labels;
            lab = Idx.readLabels(labels.open(), labels.name(), limit);
        } catch (NoSuchFileException e) {
            throw new CliException(CliException.USAGE, "cannot read '" + at.name() + "': no such file");
        } catch (IOException e) {
            throw new CliException(CliException.BAD_INPUT, "cannot read '" + at.name() + "': " + e.getMessage());
        } catch (DataFormatException e) {
            throw new CliException(CliException.BAD_INPUT, e.describe());
        }
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
