package org.ntkc.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ntkc.data.CsvMatrix;
import org.ntkc.data.DataFormatException;
import org.ntkc.data.LabeledCsv;
import org.ntkc.data.Npy;

/**
 * Every matrix the commands read, from CSV or NumPy files by the name's ending ({@code .npy}, {@code .npz},
 * {@code .npz:NAME}; anything else is CSV), with the errors of either turned into the same messages and exit codes.
 */
final class Matrices {
    private Matrices() {
    }

    /** Points, one per row: a CSV file (with an optional header) or a 2-D NumPy array of finite numbers. */
    static double[][] read(Path path, LabeledCsv.Header header) {
        return reading(path.toString(), () -> Npy.isNumpy(path) ? rows(Npy.read(path), "points")
                : CsvMatrix.read(path, header));
    }

    /** A NumPy array, errors explained. */
    static Npy.Array array(Path path) {
        return reading(path.toString(), () -> Npy.read(path));
    }

    /** Reading a data file, which may fail as a file or as data. */
    interface Read<T> {
        T read() throws IOException, DataFormatException;
    }

    /**
     * Runs {@code read} on the file named {@code name}, turning its failures into the commands' messages and exit
     * codes: a missing file is a usage error, an unreadable one or bad data is bad input.
     */
    static <T> T reading(String name, Read<T> read) {
        try {
            return read.read();
        } catch (NoSuchFileException e) {
            throw new CliException(CliException.USAGE, "cannot read '" + name + "': no such file");
        } catch (IOException e) {
            throw new CliException(CliException.BAD_INPUT, "cannot read '" + name + "': " + e.getMessage());
        } catch (DataFormatException e) {
            throw new CliException(CliException.BAD_INPUT, e.describe());
        }
    }

    /** The rows of a 2-D array of finite numbers; {@code what} says what the rows are, for the messages. */
    static double[][] rows(Npy.Array a, String what) throws DataFormatException {
        if (a.dimensions() != 2) {
            throw new DataFormatException(a.source(), 0, 0, "wrong shape " + a.shapeText() + ": expected a 2-D "
                    + "array of " + what + " (one per row)" + (a.dimensions() == 1 ? "; for one feature per point, "
                    + "save x.reshape(-1, 1)" : ""));
        }
        int n = (int) a.shape()[0];
        int d = (int) a.shape()[1];
        if (n == 0 || d == 0) {
            throw new DataFormatException(a.source(), 0, 0, "wrong shape " + a.shapeText() + ": the array holds no "
                    + "data");
        }
        double[][] x = new double[n][d];
        double[] data = a.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = data[i * d + j];
                if (!Double.isFinite(v)) {
                    throw new DataFormatException(a.source(), 0, 0, "element [" + i + ", " + j + "] is " + v
                            + ", not a finite number");
                }
                x[i][j] = v;
            }
        }
        return x;
    }
}
