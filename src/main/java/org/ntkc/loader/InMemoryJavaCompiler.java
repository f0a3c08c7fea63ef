package org.ntkc.loader;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources held in memory and loads the classes, with javax.tools: how the CLI and apps that load specs
 * at run time turn generated kernel sources into a ready kernel without writing files. Needs a JDK (the
 * {@code java.compiler} module with a system compiler), not just a JRE. The Vector API sources are compiled whenever the JDK
 * has {@code jdk.incubator.vector} ({@link #canCompileVector}), whether or not the running JVM was started with it.
 *
 * <p>Compiled classes are cached on disk (in {@code $NTKC_CACHE_DIR}, default {@code ~/.cache/ntkc/classes}), keyed
 * by a hash of the sources, the Java version, whether vector code is compiled, and the ntkc build, so that running
 * the same spec again skips javac (about a second). {@code NTKC_CACHE=off} turns the cache off; any problem with the
 * cache only means compiling again.
 */
public final class InMemoryJavaCompiler {
    private InMemoryJavaCompiler() {
    }

    /** Raised when the generated sources do not compile: always a bug in ntkc, reported with javac's messages. */
    public static final class CompilationFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CompilationFailedException(String message) {
            super(message);
        }
    }

    /**
     * Compiles {@code sources} (fully qualified class name → source text) against ntkc's own classes and returns a
     * class loader holding the results, whose parent is ntkc's class loader.
     */
    public static ClassLoader compile(Map<String, String> sources) {
        return loader(compileCached(sources), InMemoryJavaCompiler.class.getClassLoader());
    }

    /** The class files of {@code sources}, from the disk cache when it holds them, else compiled and stored there. */
    public static Map<String, byte[]> compileCached(Map<String, String> sources) {
        return ClassCache.load(sources).orElseGet(() -> {
            Map<String, byte[]> compiled = compileToBytes(sources);
            ClassCache.store(sources, compiled);
            return compiled;
        });
    }

    /** A class loader that defines {@code classes} (binary name → class file) on demand, below {@code parent}. */
    public static ClassLoader loader(Map<String, byte[]> classes, ClassLoader parent) {
        return new MemoryClassLoader(Map.copyOf(classes), parent);
    }

    /**
     * Whether javac can compile Vector API sources here: the JDK has {@code jdk.incubator.vector} in its system image.
     * The running JVM need not have the module in its boot layer (it then runs the scalar code; the vector class is
     * compiled but never loaded), so classes compiled here also serve other JVMs that have it, such as Spark
     * executors. Generators leave the vector class out when this is false.
     */
    public static boolean canCompileVector() {
        return java.lang.module.ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent();
    }

    /** Compiles {@code sources} and returns the class files, by binary class name. */
    public static Map<String, byte[]> compileToBytes(Map<String, String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("compiling specs at run time needs a JDK, but this Java has no compiler ("
                    + System.getProperty("java.home") + ")");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
        MemoryFileManager files = new MemoryFileManager(standard);
        List<JavaFileObject> units = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            units.add(new Source(e.getKey(), e.getValue()));
        }
        List<String> options = new ArrayList<>(List.of("-classpath", classPath(), "-proc:none", "-nowarn",
                "-Xlint:none", "-XDsuppressNotes"));
        if (canCompileVector()) {
            options.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
        if (!ok) {
            String messages = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
                    .collect(Collectors.joining("\n"));
            throw new CompilationFailedException("the generated kernel does not compile (a bug in ntkc):\n"
                    + messages);
        }
        Map<String, byte[]> out = new HashMap<>();
        files.classes.forEach((name, bytes) -> out.put(name, bytes.bytes.toByteArray()));
        return out;
    }

    /** The class path of this JVM plus where ntkc's own classes were loaded from (which may differ in apps). */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        for (Class<?> c : new Class<?>[] {InMemoryJavaCompiler.class}) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | NullPointerException | SecurityException e) {
                // fall back to java.class.path alone
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    private static final class ClassBytes extends SimpleJavaFileObject {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ClassBytes(String className) {
            super(URI.create("bytes:///" + className.replace('.', '/') + Kind.CLASS.extension), Kind.CLASS);
        }

        @Override
        public OutputStream openOutputStream() {
            return bytes;
        }
    }

    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        final Map<String, ClassBytes> classes = new HashMap<>();

        MemoryFileManager(StandardJavaFileManager standard) {
            super(standard);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            if (location != StandardLocation.CLASS_OUTPUT) {
                throw new IllegalArgumentException("unexpected output location " + location);
            }
            ClassBytes out = new ClassBytes(className);
            classes.put(className, out);
            return out;
        }
    }

    private static final class MemoryClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }
}
