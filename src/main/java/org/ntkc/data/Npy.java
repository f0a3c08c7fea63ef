package org.ntkc.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * NumPy's {@code .npy} files, and {@code .npz} archives of them, read and written with the JDK alone, after the
 * format's published description (numpy.lib.format, versions 1.0 to 3.0): the magic string {@code \x93NUMPY}, a
 * version, a little-endian header length, an ASCII (3.0: UTF-8) Python dict literal with the keys {@code descr},
 * {@code fortran_order} and {@code shape}, padded with spaces to a multiple of 64 bytes, then the raw data. An
 * {@code .npz} file is a zip archive of {@code NAME.npy} members (stored or deflated).
 *
 * <p>Read: float64 and float32 in either byte order, the integer types and bool (for labels), C or Fortran order, into
 * a row-major {@code double[]}. Written: float64, little-endian, C order, version 1.0, so {@code np.load} gives back
 * exactly the doubles written. Every problem (bad magic, a dtype that is not a number, an unexpected shape, data
 * shorter or longer than the header says) is a {@link DataFormatException} that names the file.
 *
 * <p>A member of an archive is named {@code FILE.npz:NAME}; {@code FILE.npz} alone means its only array.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** The most elements read into one Java array. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Npy() {
    }

    /** An array read from a file: its shape and its values in C (row-major) order. */
    public record Array(String source, long[] shape, double[] data) {
        public int dimensions() {
            return shape.length;
        }

        /** The shape as numpy prints it, e.g. {@code (3, 4)} or {@code (5,)}. */
        public String shapeText() {
            return Npy.shapeText(shape);
        }
    }

    /** A header: the dtype, the order and the shape, and where the data starts. */
    record Header(String descr, boolean fortran, long[] shape, int dataOffset) {
        long count() {
            long c = 1;
            for (long s : shape) {
                c *= s;
            }
            return c;
        }
    }

    /** Whether a command-line path names a NumPy file: {@code .npy}, {@code .npz} or {@code .npz:NAME}. */
    public static boolean isNumpy(Path path) {
        String s = path.toString().toLowerCase(Locale.ROOT);
        return s.endsWith(".npy") || s.endsWith(".npz") || s.matches("(?s).*\\.npz:[^/]*");
    }

    /** Whether an output path asks for a {@code .npy} file. */
    public static boolean isNpyOutput(Path path) {
        return path.getFileName() != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /**
     * Reads the array that {@code spec} names: {@code X.npy}, {@code X.npz} (its only array) or {@code X.npz:NAME}.
     *
     * @throws NoSuchFileException when the file does not exist
     */
    public static Array read(Path spec) throws IOException, DataFormatException {
        String s = spec.toString();
        int colon = s.toLowerCase(Locale.ROOT).lastIndexOf(".npz:");
        if (colon >= 0) {
            return readArchive(Path.of(s.substring(0, colon + 4)), s.substring(colon + 5), s);
        }
        if (s.toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return readArchive(spec, null, s);
        }
        try (InputStream in = Files.newInputStream(spec)) {
            return read(in, s, Files.size(spec));
        }
    }

    private static Array readArchive(Path file, String member, String name) throws IOException, DataFormatException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                names.add(n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n);
            }
            Collections.sort(names);
            if (member == null) {
                if (names.size() != 1) {
                    throw new DataFormatException(name, 0, 0, names.isEmpty() ? "the archive holds no arrays"
                            : "the archive holds " + names.size() + " arrays (" + String.join(", ", names)
                                    + "): name one as " + name + ":NAME");
                }
                member = names.get(0);
            }
            if (member.isEmpty()) {
                throw new DataFormatException(name, 0, 0, "no array name after ':' (the archive holds "
                        + String.join(", ", names) + ")");
            }
            ZipEntry entry = zip.getEntry(member + ".npy");
            if (entry == null) {
                entry = zip.getEntry(member);
            }
            if (entry == null || entry.isDirectory()) {
                throw new DataFormatException(name, 0, 0, "the archive has no array '" + member + "'; it holds "
                        + (names.isEmpty() ? "none" : String.join(", ", names)));
            }
            String label = file + ":" + member;
            try (InputStream in = zip.getInputStream(entry)) {
                return read(in, label, entry.getSize());
            }
        } catch (ZipException e) {
            throw new DataFormatException(name, 0, 0, "not a readable .npz (zip) archive: " + e.getMessage());
        }
    }

    /**
     * Reads one {@code .npy} stream; {@code size} is its length in bytes when known (else -1), so that a file longer
     * than its header says is caught.
     */
    public static Array read(InputStream in, String name, long size) throws IOException, DataFormatException {
        Header h = header(in, name);
        long count = h.count();
        if (count > MAX_ELEMENTS) {
            throw new DataFormatException(name, 0, 0, "the array " + shapeText(h.shape) + " has " + count
                    + " elements, more than one Java array holds");
        }
        Dtype t = Dtype.of(h.descr, name);
        long bytes = count * t.size;
        if (size >= 0 && size != h.dataOffset + bytes) {
            long have = size - h.dataOffset;
            if (have < bytes) {
                throw truncated(name, h, t, bytes, have);
            }
            throw new DataFormatException(name, 0, 0, (have - bytes) + " bytes after the " + bytes
                    + " bytes of data that the header describes (" + t.name + ", shape " + shapeText(h.shape)
                    + "): the file is not a single .npy array");
        }
        double[] data = new double[(int) count];
        ReadableByteChannel ch = Channels.newChannel(in);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(t.order);
        long done = 0;
        int at = 0;
        while (done < bytes) {
            int want = (int) Math.min(buf.capacity() / t.size * t.size, bytes - done);
            buf.clear().limit(want);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw truncated(name, h, t, bytes, done + buf.position());
                }
            }
            buf.flip();
            done += want;
            at = t.decode(buf, data, at);
        }
        if (size < 0 && in.read() >= 0) {
            throw new DataFormatException(name, 0, 0, "more bytes after the " + bytes + " bytes of data that the "
                    + "header describes (" + t.name + ", shape " + shapeText(h.shape) + ")");
        }
        if (h.fortran && h.shape.length > 1) {
            data = fromFortran(data, h.shape);
        }
        return new Array(name, h.shape, data);
    }

    private static DataFormatException truncated(String name, Header h, Dtype t, long bytes, long have) {
        return new DataFormatException(name, 0, 0, "truncated: the header promises " + shapeText(h.shape) + " " + t.name
                + " values (" + bytes + " bytes of data), the file holds " + Math.max(0, have));
    }

    /** Reads and checks the magic string, version and header dict. */
    static Header header(InputStream in, String name) throws IOException, DataFormatException {
        byte[] pre = new byte[8];
        int got = in.readNBytes(pre, 0, 8);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= got || pre[i] != MAGIC[i]) {
                throw new DataFormatException(name, 0, 0, "not a .npy file (bad magic: it does not start with "
                        + "\\x93NUMPY)");
            }
        }
        if (got < 8) {
            throw new DataFormatException(name, 0, 0, "truncated in the header");
        }
        int major = pre[6] & 0xff;
        int lengthBytes;
        if (major == 1) {
            lengthBytes = 2;
        } else if (major == 2 || major == 3) {
            lengthBytes = 4;
        } else {
            throw new DataFormatException(name, 0, 0, "unsupported .npy format version " + major + "."
                    + (pre[7] & 0xff) + " (1.0 to 3.0 are read)");
        }
        byte[] len = in.readNBytes(lengthBytes);
        if (len.length < lengthBytes) {
            throw new DataFormatException(name, 0, 0, "truncated in the header");
        }
        long headerLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (len[i] & 0xff);
        }
        if (headerLength > 1 << 20) {
            throw new DataFormatException(name, 0, 0, "a header of " + headerLength + " bytes: not a .npy file");
        }
        byte[] text = in.readNBytes((int) headerLength);
        if (text.length < headerLength) {
            throw new DataFormatException(name, 0, 0, "truncated in the header");
        }
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).strip();
        if (!dict.startsWith("{") || !dict.endsWith("}")) {
            throw new DataFormatException(name, 0, 0, "the header is not a Python dict: " + abbreviate(dict));
        }
        Matcher d = DESCR.matcher(dict);
        if (!d.find()) {
            throw new DataFormatException(name, 0, 0, "unsupported dtype (not a plain number type): "
                    + abbreviate(dict));
        }
        Matcher f = FORTRAN.matcher(dict);
        Matcher s = SHAPE.matcher(dict);
        if (!f.find() || !s.find()) {
            throw new DataFormatException(name, 0, 0, "the header lacks 'fortran_order' or 'shape': "
                    + abbreviate(dict));
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            String p = part.strip();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(p);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new DataFormatException(name, 0, 0, "the shape (" + s.group(1) + ") is not a tuple of sizes");
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        return new Header(d.group(1), f.group(1).equals("True"), shape, 6 + 2 + lengthBytes + (int) headerLength);
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** Fortran (column-major) order to C (row-major) order, any number of dimensions. */
    private static double[] fromFortran(double[] f, long[] shape) {
        if (shape.length == 2) {
            int r = (int) shape[0];
            int c = (int) shape[1];
            double[] out = new double[f.length];
            for (int j = 0; j < c; j++) {
                for (int i = 0; i < r; i++) {
                    out[i * c + j] = f[j * r + i];
                }
            }
            return out;
        }
        int n = shape.length;
        double[] out = new double[f.length];
        int[] idx = new int[n];
        for (int k = 0; k < f.length; k++) {
            // k runs over C order; its Fortran position
            int rem = k;
            for (int d = n - 1; d >= 0; d--) {
                idx[d] = (int) (rem % shape[d]);
                rem /= (int) shape[d];
            }
            long pos = 0;
            for (int d = n - 1; d >= 0; d--) {
                pos = pos * shape[d] + idx[d];
            }
            out[k] = f[(int) pos];
        }
        return out;
    }

    /** The dtypes read. */
    private enum Kind { FLOAT, SIGNED, UNSIGNED, BOOL }

    private static final class Dtype {
        final String name;
        final Kind kind;
        final int size;
        final ByteOrder order;

        private Dtype(String name, Kind kind, int size, ByteOrder order) {
            this.name = name;
            this.kind = kind;
            this.size = size;
            this.order = order;
        }

        static Dtype of(String descr, String file) throws DataFormatException {
            if (descr.length() >= 3) {
                char o = descr.charAt(0);
                char k = descr.charAt(1);
                int size;
                try {
                    size = Integer.parseInt(descr.substring(2));
                } catch (NumberFormatException e) {
                    size = -1;
                }
                ByteOrder order = o == '>' ? ByteOrder.BIG_ENDIAN : o == '<' ? ByteOrder.LITTLE_ENDIAN
                        : ByteOrder.nativeOrder();
                boolean orderOk = o == '<' || o == '>' || o == '=' || o == '|';
                if (orderOk) {
                    if (k == 'f' && (size == 4 || size == 8)) {
                        return new Dtype("float" + size * 8, Kind.FLOAT, size, order);
                    }
                    if (k == 'i' && (size == 1 || size == 2 || size == 4 || size == 8)) {
                        return new Dtype("int" + size * 8, Kind.SIGNED, size, order);
                    }
                    if (k == 'u' && (size == 1 || size == 2 || size == 4 || size == 8)) {
                        return new Dtype("uint" + size * 8, Kind.UNSIGNED, size, order);
                    }
                    if (k == 'b' && size == 1) {
                        return new Dtype("bool", Kind.BOOL, 1, order);
                    }
                }
            }
            throw new DataFormatException(file, 0, 0, "unsupported dtype '" + descr + "' (read: float64, float32, "
                    + "integers and bool; save with x.astype(np.float64))");
        }

        /** Decodes the whole buffer into {@code out} from {@code at}; returns the next position. */
        int decode(ByteBuffer b, double[] out, int at) {
            switch (kind) {
                case FLOAT:
                    if (size == 8) {
                        while (b.remaining() >= 8) {
                            out[at++] = b.getDouble();
                        }
                    } else {
                        while (b.remaining() >= 4) {
                            out[at++] = b.getFloat();
                        }
                    }
                    break;
                case SIGNED:
                    while (b.remaining() >= size) {
                        out[at++] = size == 1 ? b.get() : size == 2 ? b.getShort() : size == 4 ? b.getInt()
                                : (double) b.getLong();
                    }
                    break;
                case UNSIGNED:
                    while (b.remaining() >= size) {
                        out[at++] = size == 1 ? b.get() & 0xff : size == 2 ? b.getShort() & 0xffff
                                : size == 4 ? b.getInt() & 0xffffffffL : unsigned(b.getLong());
                    }
                    break;
                default:
                    while (b.remaining() >= 1) {
                        out[at++] = b.get() != 0 ? 1 : 0;
                    }
                    break;
            }
            return at;
        }

        private static double unsigned(long v) {
            return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
        }
    }

    /** The header of a float64, C-order, version 1.0 file of the given shape, padded to a multiple of 64 bytes. */
    static byte[] headerBytes(long... shape) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
        int total = 6 + 2 + 2 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder b = new StringBuilder(dict);
        while (6 + 2 + 2 + b.length() + 1 < padded) {
            b.append(' ');
        }
        b.append('\n');
        byte[] text = b.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[10 + text.length];
        System.arraycopy(MAGIC, 0, out, 0, 6);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) (text.length & 0xff);
        out[9] = (byte) (text.length >>> 8);
        System.arraycopy(text, 0, out, 10, text.length);
        return out;
    }

    /** Writes a whole float64 array of the given shape (row-major {@code data}) to a stream. */
    public static void write(OutputStream out, double[] data, long... shape) throws IOException {
        out.write(headerBytes(shape));
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; ) {
            buf.clear();
            while (i < data.length && buf.remaining() >= 8) {
                buf.putDouble(data[i++]);
            }
            out.write(buf.array(), 0, buf.position());
        }
        out.flush();
    }

    /** Writes a float64 array to {@code path} through a temporary file, moved into place only when complete. */
    public static void writeAtomically(Path path, double[] data, long... shape) throws IOException {
        try (RowWriter w = RowWriter.open(path, shape)) {
            w.write(data, 0, data.length);
            w.commit();
        }
    }

    /**
     * A float64 C-order {@code .npy} file written in pieces (blocks of rows of a matrix too large for one array) to a
     * temporary file in the target's directory, and renamed onto the target by {@link #commit} once every value is
     * there. Closing without committing deletes the temporary file: no partial output is ever left under the name.
     */
    public static final class RowWriter implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final FileChannel channel;
        private final long expected;
        private long dataOffset;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private long written;
        private boolean committed;

        private RowWriter(Path target, Path tmp, FileChannel channel, long expected) {
            this.target = target;
            this.tmp = tmp;
            this.channel = channel;
            this.expected = expected;
        }

        /** Opens the temporary file and writes the header. */
        public static RowWriter open(Path target, long... shape) throws IOException {
            Path dir = target.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            PartFiles.started(tmp);
            FileChannel ch = null;
            try {
                ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                long count = 1;
                for (long s : shape) {
                    count *= s;
                }
                RowWriter w = new RowWriter(target, tmp, ch, count);
                ByteBuffer h = ByteBuffer.wrap(headerBytes(shape));
                w.dataOffset = h.remaining();
                while (h.hasRemaining()) {
                    ch.write(h);
                }
                return w;
            } catch (IOException | RuntimeException e) {
                if (ch != null) {
                    ch.close();
                }
                Files.deleteIfExists(tmp);
                PartFiles.done(tmp);
                throw e;
            }
        }

        /** The temporary file being written. */
        public Path temporary() {
            return tmp;
        }

        /** Appends {@code data[from .. from + count - 1]}. */
        public void write(double[] data, int from, int count) throws IOException {
            if (written + count > expected) {
                throw new IllegalStateException("more values than the shape holds");
            }
            for (int i = from, end = from + count; i < end; ) {
                buf.clear();
                while (i < end && buf.remaining() >= 8) {
                    buf.putDouble(data[i++]);
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
            written += count;
        }

        /**
         * Writes {@code data[from .. from + count - 1]} at value index {@code index} (row-major) of the array, for
         * files filled out of order (a symmetric matrix whose blocks of rows also fill their mirror image); the
         * caller writes every value exactly once.
         */
        public void writeAt(long index, double[] data, int from, int count) throws IOException {
            if (index < 0 || index + count > expected) {
                throw new IllegalArgumentException("values " + index + " .. " + (index + count) + " are outside the "
                        + expected + " of the shape");
            }
            long position = dataOffset + 8 * index;
            for (int i = from, end = from + count; i < end; ) {
                buf.clear();
                while (i < end && buf.remaining() >= 8) {
                    buf.putDouble(data[i++]);
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    position += channel.write(buf, position);
                }
            }
            written += count;
        }

        /** Checks that every value was written, syncs nothing, and renames the file onto the target. */
        public void commit() throws IOException {
            if (written != expected) {
                throw new IllegalStateException(written + " values written, the shape holds " + expected);
            }
            channel.close();
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            PartFiles.done(tmp);
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                try {
                    channel.close();
                } finally {
                    Files.deleteIfExists(tmp);
                    PartFiles.done(tmp);
                }
            }
        }
    }
}
