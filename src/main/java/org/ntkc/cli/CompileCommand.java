package org.ntkc.cli;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import org.ntkc.Compilation;
import org.ntkc.codegen.KernelGenerator;
import org.ntkc.data.PartFiles;
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
        Outputs.checkDirectory(directory);
        List<JavaFile> out = new ArrayList<>();
        for (Path file : files) {
            Compilation compilation = Specs.compile(file, spec.commandLine().getErr());
            for (KernelProgram p : compilation.programs()) {
                out.addAll(Compilation.files(p, packageName, file.toString(), true));
            }
        }
        // Written only when every spec compiled, and then all or nothing: every class goes to a part file first,
        // and the part files are moved into place only when all were written, so a failure leaves no half-updated
        // set of classes behind.
        for (Path written : writeAll(out)) {
            spec.commandLine().getOut().println(written);
        }
        return 0;
    }

    /** Writes every file under {@link #directory}, all or nothing; returns the paths written. */
    private List<Path> writeAll(List<JavaFile> sources) {
        List<Path> targets = new ArrayList<>();
        List<Path> parts = new ArrayList<>();
        List<Path> created = new ArrayList<>();
        Path failing = directory;
        int moved = -1;
        try {
            for (JavaFile f : sources) {
                Path dir = directory;
                if (!f.packageName().isEmpty()) {
                    for (String part : f.packageName().split("\\.")) {
                        dir = dir.resolve(part);
                    }
                }
                Path target = dir.resolve(f.typeSpec().name() + ".java");
                failing = target;
                if (Files.isDirectory(target)) {
                    throw new IOException("it is a directory");
                }
                createDirectories(dir, created);
                Path part = dir.resolve("." + target.getFileName() + ".part");
                PartFiles.started(part);
                parts.add(part);
                Files.writeString(part, f.toString(), StandardCharsets.UTF_8);
                targets.add(target);
            }
            for (int i = 0; i < targets.size(); i++) {
                failing = targets.get(i);
                moved = i;
                Files.move(parts.get(i), targets.get(i), StandardCopyOption.REPLACE_EXISTING);
                PartFiles.done(parts.get(i));
            }
            return targets;
        } catch (IOException e) {
            for (Path part : parts) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // best effort
                }
                PartFiles.done(part);
            }
            for (int i = created.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(created.get(i)); // only directories this run created, and only if empty
                } catch (IOException ignored) {
                    // not empty: something else was written there
                }
            }
            throw new CliException(CliException.BAD_INPUT, "cannot write '" + failing + "': " + Outputs.reason(e)
                    + (moved <= 0 ? "; nothing was written" : "; " + moved + " of " + targets.size()
                    + " files were replaced before the failure"));
        }
    }

    /** Creates {@code dir} and its missing parents, remembering each directory created (outermost first). */
    private static void createDirectories(Path dir, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            created.add(p);
        }
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NotDirectoryException(dir.toString());
        }
    }
}
