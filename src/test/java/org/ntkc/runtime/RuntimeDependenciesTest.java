package org.ntkc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What apps carry at run time (the runtime artifact: org.ntkc.runtime and its sub-packages, and org.ntkc.linalg)
 * refers to nothing but the JDK and those packages themselves: checked on the compiled classes (every class the
 * constant pool names, every field and method descriptor) and on the sources' imports. An import of the compiler
 * (math, ir, codegen, ...) or of a third-party library fails here, before an app finds it missing.
 */
public class RuntimeDependenciesTest {
    /** The packages of the runtime artifact, as class-file paths (the pom's runtime-jar includes the same). */
    public static final List<String> RUNTIME_PACKAGES = List.of("org/ntkc/runtime/", "org/ntkc/linalg/");

    /** Single classes of the runtime artifact outside those packages: the annotation apps put on their specs. */
    public static final List<String> RUNTIME_CLASSES = List.of("org/ntkc/NtkSpec");

    /** Besides the runtime itself: the JDK (com.sun.management is the JDK's own jdk.management module). */
    private static final List<String> ALLOWED = List.of("java/", "javax/", "jdk/", "com/sun/management/",
            "org/ntkc/runtime/", "org/ntkc/linalg/");

    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([^;<>]+)[;<]");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void runtimeClassesReferToTheJdkOnly() throws IOException {
        Path classes = Path.of("target", "classes");
        List<String> offending = new ArrayList<>();
        int scanned = 0;
        for (String pkg : RUNTIME_PACKAGES) {
            try (Stream<Path> files = Files.walk(classes.resolve(pkg))) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    scanned++;
                    for (String ref : references(Files.readAllBytes(f))) {
                        if (ALLOWED.stream().noneMatch(ref::startsWith)) {
                            offending.add(classes.relativize(f) + " -> " + ref);
                        }
                    }
                }
            }
        }
        for (String c : RUNTIME_CLASSES) {
            scanned++;
            for (String ref : references(Files.readAllBytes(classes.resolve(c + ".class")))) {
                if (ALLOWED.stream().noneMatch(ref::startsWith) && !RUNTIME_CLASSES.contains(ref)) {
                    offending.add(c + " -> " + ref);
                }
            }
        }
        assertTrue(scanned > 50, "scanned only " + scanned + " class files");
        assertEquals(List.of(), offending, "the runtime refers to classes outside the JDK and the runtime");
    }

    @Test
    void runtimeSourcesImportTheJdkOnly() throws IOException {
        Path sources = Path.of("src", "main", "java");
        List<String> offending = new ArrayList<>();
        for (String pkg : RUNTIME_PACKAGES) {
            try (Stream<Path> files = Files.walk(sources.resolve(pkg))) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    Matcher m = IMPORT.matcher(Files.readString(f));
                    while (m.find()) {
                        String imported = m.group(1).replace('.', '/');
                        if (ALLOWED.stream().noneMatch(imported::startsWith)) {
                            offending.add(sources.relativize(f) + " imports " + m.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void theScanSeesWhatACompilerClassRefersTo() throws IOException {
        // the scanner itself, on a compiler class that wraps a runtime one
        Set<String> refs = references(Files.readAllBytes(
                Path.of("target", "classes", "org", "ntkc", "math", "dual", "QuadratureDual.class")));
        assertTrue(refs.contains("org/ntkc/math/sym/CompiledSym"), refs.toString());
        assertTrue(refs.contains("org/ntkc/runtime/dual/NumericalDual"), refs.toString());
        assertTrue(refs.contains("java/util/function/DoubleUnaryOperator"), refs.toString());
    }

    /** The binary names of every class a class file refers to: Class constants and all descriptors. */
    static Set<String> references(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        List<Integer> descriptors = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 16 -> descriptors.add(in.readUnsignedShort());
                case 8, 19, 20 -> in.readUnsignedShort();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 9, 10, 11, 17, 18 -> in.readInt();
                case 12 -> {
                    in.readUnsignedShort();
                    descriptors.add(in.readUnsignedShort());
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> refs = new TreeSet<>();
        for (int c : classNames) {
            String name = utf8[c];
            if (name.startsWith("[")) {
                collectDescriptor(name, refs);
            } else {
                refs.add(name);
            }
        }
        for (int d : descriptors) {
            collectDescriptor(utf8[d], refs);
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            in.readUnsignedShort();
        }
        for (int kind = 0; kind < 2; kind++) {
            int members = in.readUnsignedShort();
            for (int m = 0; m < members; m++) {
                in.readUnsignedShort();
                in.readUnsignedShort();
                collectDescriptor(utf8[in.readUnsignedShort()], refs);
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    in.readUnsignedShort();
                    in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
                }
            }
        }
        return refs;
    }

    private static void collectDescriptor(String descriptor, Set<String> refs) {
        Matcher m = DESCRIPTOR_CLASS.matcher(descriptor);
        while (m.find()) {
            refs.add(m.group(1));
        }
    }
}
