package org.ntkc.cli;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import org.ntkc.Compilation;
import org.ntkc.ir.KernelProgram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ntkc compile SPEC -d DIR --package PKG}: writes the generated kernel classes of every network. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Generate the Java classes of every network in the specs: <Network>Kernel (scalar code "
                + "and the API), <Network>KernelVector (Vector API code) and <Network>Network (the finite network, "
                + "for empirical kernels).",
                "Compile them with --add-modules jdk.incubator.vector and ntkc on the class path."})
final class CompileCommand implements Callable<Integer> {
    /** Where generated classes go unless told otherwise. */
    static final String DEFAULT_PACKAGE = "org.ntkc.generated";

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SPEC.ntk", arity = "1..*", description = "The spec files.")
    private List<Path> files;

    @Option(names = "-d", paramLabel = "DIR", defaultValue = ".",
            description = "Source root to write into, as javac's -s (default: the current directory).")
    private Path directory;

    @Option(names = "--package", paramLabel = "PKG", defaultValue = DEFAULT_PACKAGE,
            description = "Java package of the generated classes (default: ${DEFAULT-VALUE}).")
    private String packageName;

    @Override
    public Integer call() throws IOException {
        if (!SourceVersion.isName(packageName)) {
            throw new CliException(CliException.USAGE, "'" + packageName + "' is not a valid Java package name");
        }
        List<JavaFile> out = new ArrayList<>();
        for (Path file : files) {
            Compilation compilation = Specs.compile(file, spec.commandLine().getErr());
            for (KernelProgram p : compilation.programs()) {
                out.addAll(Compilation.files(p, packageName, file.toString(), true));
            }
        }
        // Written only when every spec compiled, so a failure leaves no half-updated set of classes behind.
        for (JavaFile f : out) {
            Path written = f.writeToPath(directory);
            spec.commandLine().getOut().println(written);
        }
        return 0;
    }
}
