package org.ntkc.data;

/** A data file that cannot be used, with the place of the problem: {@code file:line:col: message}. */
public final class DataFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;

    public DataFormatException(String file, int line, int column, String message) {
        super(message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** {@code file:line:col: message}, or {@code file: message} when the problem is the whole file. */
    public String describe() {
        if (line <= 0) {
            return file + ": " + getMessage();
        }
        return file + ":" + line + (column > 0 ? ":" + column : "") + ": " + getMessage();
    }
}
