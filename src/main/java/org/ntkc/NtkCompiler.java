package org.ntkc;

import java.util.List;
import java.util.Optional;
import org.ntkc.diag.Diagnostics;
import org.ntkc.diag.SourceFile;
import org.ntkc.ir.KernelProgram;
import org.ntkc.lang.SpecParser;
import org.ntkc.lang.tree.SpecFile;
import org.ntkc.sema.SpecChecker;

/**
 * The one entry point of the compiler: spec text in, kernel programs and diagnostics out. The CLI, the annotation
 * processor and apps that load specs at run time are thin adapters over it.
 */
public final class NtkCompiler {
    private NtkCompiler() {
    }

    public static Compilation compile(SourceFile source) {
        Diagnostics diagnostics = new Diagnostics();
        Optional<SpecFile> file = SpecParser.parse(source, diagnostics);
        List<KernelProgram> programs = file.map(f -> SpecChecker.check(f, diagnostics)).orElse(List.of());
        return new Compilation(diagnostics.hasErrors() ? List.of() : programs, diagnostics, source.name());
    }
}
