package org.ntkc;

import java.util.List;
import java.util.Optional;
import org.ntkc.diag.Diagnostics;
import org.ntkc.ir.KernelProgram;

/** What compiling a spec produced: the kernel programs (none if there was any error) and the diagnostics. */
public record Compilation(List<KernelProgram> programs, Diagnostics diagnostics) {
    public Compilation {
        programs = List.copyOf(programs);
    }

    public boolean succeeded() {
        return !diagnostics.hasErrors();
    }

    /** The program of the network called {@code name}. */
    public Optional<KernelProgram> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
