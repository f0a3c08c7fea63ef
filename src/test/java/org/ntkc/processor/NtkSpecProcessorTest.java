package org.ntkc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.ntkc.NtkCompiler;
import org.ntkc.codegen.KernelGenerator;
import org.ntkc.diag.SourceFile;
import org.ntkc.ir.KernelProgram;

/**
 * The annotation processor, driven by compile-testing: a good spec generates the classes the code generator writes,
 * a broken spec fails javac with ntkc's code and position, a missing spec says where it was looked for. The specs are
 * test resources (so on the class path), the third place the processor looks.
 */
class NtkSpecProcessorTest {

    private static Compiler javac(String... extra) {
        List<String> options = new java.util.ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"),
                "-implicit:none"));
        options.addAll(List.of(extra));
        return Compiler.javac().withProcessors(new NtkSpecProcessor()).withOptions(options);
    }

    private static JavaFileObject annotated(String spec) {
        return JavaFileObjects.forSourceLines("com.example.specs.Holder",
                "package com.example.specs;",
                "",
                "import org.ntkc.NtkSpec;",
                "",
                "@NtkSpec(\"" + spec + "\")",
                "final class Holder {",
                "}");
    }

    @Test
    void goodSpecGeneratesTheKernelClassesIntoThePackage() throws IOException {
        Compilation c = javac("--add-modules", "jdk.incubator.vector").compile(annotated("good.ntk"));
        assertThat(c).succeeded();
        KernelProgram program = NtkCompiler.compile(SourceFile.read(
                Path.of("src/test/resources/com/example/specs/good.ntk"))).programs().get(0);
        List<JavaFile> expected = KernelGenerator.generate(program, "com.example.specs", "com/example/specs/good.ntk");
        assertEquals(3, expected.size());
        for (JavaFile f : expected) {
            assertThat(c).generatedSourceFile("com.example.specs." + f.typeSpec().name())
                    .hasSourceEquivalentTo(JavaFileObjects.forSourceString(
                            "com.example.specs." + f.typeSpec().name(), f.toString()));
        }
    }

    @Test
    void brokenSpecFailsWithTheSpecsPositionAndCode() {
        Compilation c = javac("--add-modules", "jdk.incubator.vector").compile(annotated("broken.ntk"));
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("com/example/specs/broken.ntk:3:15: error[NTK012]: unknown activation "
                + "'rleu'. Did you mean 'relu'?").inFile(annotated("broken.ntk")).onLineContaining("@NtkSpec");
        assertThat(c).hadErrorContaining("com/example/specs/broken.ntk:4:9: error[NTK014]");
        assertEquals(2, c.errors().size());
    }

    @Test
    void missingSpecSaysWhereItLooked() {
        Compilation c = javac().compile(annotated("nowhere.ntk"));
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("ntkc: cannot find spec 'nowhere.ntk'; looked for "
                + "com/example/specs/nowhere.ntk in class output, source path, class path")
                .inFile(annotated("nowhere.ntk")).onLineContaining("@NtkSpec");
    }

    @Test
    void withoutTheVectorModuleOnlyScalarCodeIsWrittenWithAWarningNamingTheFlag() {
        Compilation c = javac().compile(annotated("good.ntk"));
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("--add-modules jdk.incubator.vector");
        assertThat(c).generatedSourceFile("com.example.specs.TinyNetKernel");
        assertTrue(c.generatedSourceFiles().stream().noneMatch(f -> f.getName().contains("KernelVector")));
    }

    @Test
    void packageOptionAndAbsolutePaths() {
        JavaFileObject source = JavaFileObjects.forSourceLines("org.elsewhere.Holder",
                "package org.elsewhere;",
                "@org.ntkc.NtkSpec(value = \"/com/example/specs/good.ntk\", packageName = \"org.elsewhere.kernels\")",
                "final class Holder {}");
        Compilation c = javac("-Antkc.vector=false").compile(source);
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("org.elsewhere.kernels.TinyNetKernel");
    }
}
