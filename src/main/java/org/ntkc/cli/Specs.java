package org.ntkc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.ntkc.Compilation;
import org.ntkc.NtkCompiler;
import org.ntkc.diag.SourceFile;
import org.ntkc.ir.KernelProgram;

/** Loading a spec for a command: read, compile, print diagnostics, and pick the network asked for. */
final class Specs {
    private Specs() {
    }

    /** Compiles {@code path}, printing its diagnostics to {@code err}; throws if it has errors. */
    static Compilation compile(Path path, PrintWriter err) {
        SourceFile source;
        try {
            if (Files.isDirectory(path)) {
                throw new CliException(CliException.USAGE, "'" + path + "' is a directory, not a spec file");
            }
            source = SourceFile.read(path);
        } catch (NoSuchFileException e) {
            throw new CliException(CliException.USAGE, "cannot read '" + path + "': no such file");
        } catch (SourceFile.NotUtf8Exception e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        } catch (IOException e) {
            throw new CliException(CliException.USAGE, "cannot read '" + path + "': " + e.getMessage());
        }
        Compilation compilation = NtkCompiler.compile(source);
        err.print(compilation.diagnostics().render());
        err.flush();
        if (!compilation.succeeded()) {
            throw new CliException(CliException.BAD_INPUT, null);
        }
        return compilation;
    }

    /** The network named {@code name}, or the only one when {@code name} is null. */
    static KernelProgram select(Compilation compilation, Path spec, String name) {
        List<KernelProgram> programs = compilation.programs();
        if (name == null) {
            if (programs.size() == 1) {
                return programs.get(0);
            }
            throw new CliException(CliException.USAGE, spec + " declares " + programs.size() + " networks ("
                    + names(programs) + "); choose one with --network NAME");
        }
        return compilation.program(name).orElseThrow(() -> new CliException(CliException.USAGE,
                "no network '" + name + "' in " + spec + "; it declares " + names(programs)));
    }

    private static String names(List<KernelProgram> programs) {
        return programs.stream().map(KernelProgram::name).collect(Collectors.joining(", "));
    }

    /**
     * Stops before the interpreter evaluates a signal or image program whose full position-pair states (it keeps
     * Σ and Θ and their window means for every pair, on every thread) do not fit in memory.
     */
    static void checkInterpreterMemory(KernelProgram program, int threads) {
        if (!program.isSpatial()) {
            return;
        }
        long perThread = program.stateLayout().largestFullState() * 6 * Double.BYTES;
        Memory.check("the interpreter's full position-pair states of network " + program.name() + " ("
                + threads + " threads)", perThread * threads, "use smaller images");
    }
}
