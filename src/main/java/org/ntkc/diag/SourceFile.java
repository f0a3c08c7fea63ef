package org.ntkc.diag;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of one spec file and the name it is reported under. Diagnostics quote its lines, so it keeps an index
 * of line starts. Identity is by instance: two reads of the same path are two sources.
 */
public final class SourceFile {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    public SourceFile(String name, String text) {
        this.name = name;
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Reads a file as UTF-8; the path as given becomes the name used in messages. A leading byte-order mark is
     * dropped; bytes that are not UTF-8 raise {@link NotUtf8Exception} with the line and column of the first one.
     */
    public static SourceFile read(Path path) throws IOException {
        return new SourceFile(path.toString(), decode(path.toString(), Files.readAllBytes(path)));
    }

    /** The UTF-8 text of {@code bytes} without a leading byte-order mark; {@code name} is for the error. */
    static String decode(String name, byte[] bytes) throws NotUtf8Exception {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                    line++;
                    lineStart = i + 1;
                }
            }
            // Everything before the bad byte decoded, so the column counts characters as the lexer does.
            int column = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8).length() + 1;
            if (line == 1 && bad >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                    && (bytes[2] & 0xff) == 0xbf) {
                column--; // the byte-order mark is not counted
            }
            throw new NotUtf8Exception(name, line, column, bytes[bad] & 0xff);
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A spec file whose bytes are not UTF-8 text: where the first bad byte is. */
    public static final class NotUtf8Exception extends IOException {
        private static final long serialVersionUID = 1L;

        private final String file;
        private final int line;
        private final int column;

        NotUtf8Exception(String file, int line, int column, int value) {
            super(String.format(java.util.Locale.ROOT, "%s:%d:%d: not UTF-8 text (byte 0x%02x)", file, line, column,
                    value));
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
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** The text of a 1-based line, without its line terminator; empty past the end. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return name;
    }
}
