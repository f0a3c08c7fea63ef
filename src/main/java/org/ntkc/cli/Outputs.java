package org.ntkc.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Output files and standard output: checked before a command spends its time, and every failure told as
 * "cannot write 'OUT': why" with exit 1, never an exception name.
 */
final class Outputs {
    private Outputs() {
    }

    /** Fails unless {@code out} can be written as a file (its directory exists, it is not a directory or read-only). */
    static void checkFile(Path out) {
        String why = whyNotWritable(out);
        if (why != null) {
            throw cannotWrite(out, why);
        }
    }

    /** Why {@code out} cannot be written as a file, or null. */
    static String whyNotWritable(Path out) {
        if (Files.isDirectory(out)) {
            return "it is a directory";
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.exists(dir)) {
            return "no directory " + dir;
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory";
        }
        if (Files.exists(out) && !Files.isWritable(out)) {
            return "the file is read-only";
        }
        if (!Files.isWritable(dir)) {
            return "the directory " + dir + " is not writable";
        }
        return null;
    }

    /** Fails unless {@code dir} is a directory that can be written into, or can be created. */
    static void checkDirectory(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw cannotWrite(dir, "no such directory");
        }
        if (!Files.isDirectory(p)) {
            throw cannotWrite(dir, (p.equals(dir.toAbsolutePath()) ? "it" : p.toString()) + " is not a directory");
        }
        if (!Files.isWritable(p)) {
            throw cannotWrite(dir, "the directory " + p + " is not writable");
        }
    }

    static CliException cannotWrite(Path out, String why) {
        return new CliException(CliException.BAD_INPUT, "cannot write '" + out + "': " + why);
    }

    static CliException cannotWrite(Path out, IOException e) {
        return cannotWrite(out, reason(e));
    }

    /** What went wrong, in words: "permission denied", "No space left on device", ... */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() != null ? " (" + f.getFile() + ")" : "");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Standard output for {@link Main#main}: remembers why a write failed (PrintWriter keeps only a flag), so that the
     * command can end with exit 1 and the reason instead of exit 0 after a partial output.
     */
    static final class Recorded extends FilterOutputStream {
        private volatile IOException failure;

        Recorded(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        IOException failure() {
            return failure;
        }
    }
}
