package org.ntkc.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;
import org.ntkc.NtkCompiler;
import org.ntkc.diag.SourceFile;
import org.ntkc.ir.KernelProgram;

/**
 * Golden files: the classes generated for src/test/resources/golden/tiny.ntk must be source-equivalent to the
 * committed ones (compile-testing's hasSourceEquivalentTo), and compile without warnings (but javac's note that the
 * Vector API is an incubator module). After an intended change of the generator, rewrite them with
 * NTKC_REGENERATE=1 ({@link Golden}, which also rewrites generated/) and review the diff.
 */
class GoldenSourcesTest {
    private static final Path DIR = Path.of("src/test/resources/golden");
    private static final String PACKAGE = "golden";

    /** Hands the generated files to javac through the Filer, as an annotation processor would. */
    private static final class Emit extends AbstractProcessor {
        private final List<JavaFile> files;
        private boolean done;

        Emit(List<JavaFile> files) {
            this.files = files;
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                for (JavaFile f : files) {
                    try {
                        f.writeTo(processingEnv.getFiler());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return false;
        }
    }

    @Test
    void generatedClassesMatchTheGoldenFiles() throws IOException {
        org.ntkc.Compilation spec = NtkCompiler.compile(SourceFile.read(DIR.resolve("tiny.ntk")));
        List<JavaFile> files = new ArrayList<>();
        for (KernelProgram p : spec.programs()) {
            files.addAll(KernelGenerator.generate(p, PACKAGE, "golden/tiny.ntk"));
        }
        List<String> stale = new ArrayList<>();
        for (JavaFile f : files) {
            Path golden = DIR.resolve(f.typeSpec().name() + ".java");
            if (Golden.stale(golden, f.toString())) {
                stale.add(golden.toString());
            }
        }
        // Source-equivalent files pass below; the list only helps to find what to regenerate.
        if (!stale.isEmpty() && !Golden.regenerating()) {
            System.out.println("golden files differing in text from the generator's output: " + stale + " ("
                    + Golden.HOW + ")");
        }
        Compilation compilation = Compiler.javac()
                .withOptions("--add-modules", "jdk.incubator.vector", "-Xlint:all", "-Xlint:-options",
                        "-Xlint:-processing", "-implicit:none", "-classpath", System.getProperty("java.class.path"))
                .withProcessors(new Emit(files))
                .compile(JavaFileObjects.forSourceString("golden.Anchor", "package golden; class Anchor {}"));
        assertThat(compilation).succeeded();
        for (javax.tools.Diagnostic<? extends javax.tools.JavaFileObject> w : compilation.warnings()) {
            // javac always says it uses an incubator module; any other warning is a defect of the generated code.
            org.junit.jupiter.api.Assertions.assertTrue(w.getMessage(null).contains("incubating"), w.toString());
        }
        for (JavaFile f : files) {
            String name = f.typeSpec().name();
            assertThat(compilation).generatedSourceFile(PACKAGE + "." + name)
                    .hasSourceEquivalentTo(JavaFileObjects.forSourceString(PACKAGE + "." + name,
                            Files.readString(DIR.resolve(name + ".java"))));
        }
    }
}
