package org.ntkc.spark;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.ntkc.Compilation;
import org.ntkc.codegen.KernelGenerator;
import org.ntkc.ir.KernelProgram;
import org.ntkc.loader.InMemoryJavaCompiler;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.NtkKernel;

/**
 * Ships a network compiled at run time to Spark executors: the generated sources are compiled on the driver (by the
 * loader's {@link InMemoryJavaCompiler}, through its disk cache), written to a jar and added with {@code addJar}.
 * The package is named after a hash of the sources, so two specs with the same network name never meet in an
 * executor's class loader.
 */
public final class SparkKernels {
    private SparkKernels() {
    }

    /** A compiled network: its kernel class name, the class files, and the jar they were written to. */
    public record Shipped(String className, Map<String, byte[]> classes, Path jar) {
    }

    /**
     * Compiles {@code program}, writes the classes to a jar under {@code dir} and adds it to {@code sc} (when not
     * null). The driver can load the same classes with {@link #driverKernel}.
     */
    public static Shipped ship(JavaSparkContext sc, KernelProgram program, String specName, Path dir) {
        String pkg = "org.ntkc.loaded.s" + hash(String.join("\n", sources(program, "org.ntkc.loaded", specName).values()));
        Map<String, String> sources = sources(program, pkg, specName);
        Map<String, byte[]> classes = InMemoryJavaCompiler.compileCached(sources);
        Path jar = dir.resolve("ntkc-" + program.name() + "-" + pkg.substring(pkg.lastIndexOf('.') + 1) + ".jar");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
                for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                    j.putNextEntry(new JarEntry(e.getKey().replace('.', '/') + ".class"));
                    j.write(e.getValue());
                    j.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kernel jar " + jar, e);
        }
        if (sc != null) {
            sc.addJar(jar.toUri().toString());
        }
        return new Shipped(pkg + "." + KernelGenerator.kernelClassName(program), classes, jar);
    }

    /** The shipped kernel instantiated on the driver, from the same class files. */
    public static NtkKernel driverKernel(Shipped shipped, KernelOptions options) {
        try {
            return (NtkKernel) Class.forName(shipped.className(), true, driverLoader(shipped))
                    .getConstructor(KernelOptions.class).newInstance(options);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + shipped.className(), e);
        }
    }

    private static Map<String, String> sources(KernelProgram program, String pkg, String specName) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (JavaFile f : Compilation.files(program, pkg, specName, InMemoryJavaCompiler.canCompileVector())) {
            sources.put(f.packageName() + "." + f.typeSpec().name(), f.toString());
        }
        return sources;
    }

    private static ClassLoader driverLoader(Shipped shipped) {
        return InMemoryJavaCompiler.loader(shipped.classes(), SparkKernels.class.getClassLoader());
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
