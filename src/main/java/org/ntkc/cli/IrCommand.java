package org.ntkc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ntkc.Compilation;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.ProgramPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ntkc ir SPEC}: prints the lowered kernel IR, one step per line. */
@Command(name = "ir", mixinStandardHelpOptions = true, description = "Print the lowered kernel IR of a spec, one recursion step per line.")
final class IrCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SPEC.ntk", description = "The spec file.")
    private Path file;

    @Option(names = "--network", paramLabel = "NAME", description = "Only this network (default: all).")
    private String network;

    @Override
    public Integer call() {
        Compilation compilation = Specs.compile(file, spec.commandLine().getErr());
        List<KernelProgram> programs = network == null ? compilation.programs()
                : List.of(Specs.select(compilation, file, network));
        for (int i = 0; i < programs.size(); i++) {
            if (i > 0) {
                spec.commandLine().getOut().println();
            }
            spec.commandLine().getOut().print(ProgramPrinter.print(programs.get(i)));
        }
        return 0;
    }
}
