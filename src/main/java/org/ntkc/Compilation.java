package org.ntkc;

import com.palantir.javapoet.JavaFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ntkc.codegen.KernelGenerator;
import org.ntkc.diag.Diagnostics;
import org.ntkc.ir.KernelProgram;

/**
 * What compiling a spec produced: the kernel programs (none if there was any error), the diagnostics, and the
 * generated Java files on request. Every adapter (the CLI, the annotation processor, the run-time loader, Spark) takes
 * its files from here.
 */
public record Compilation(List<KernelProgram> programs, Diagnostics diagnostics, String specName) {
    public Compilation {
        programs = List.copyOf(programs);
    }

    /** A compilation whose spec name (written into generated comments) is unknown. */
    public Compilation(List<KernelProgram> programs, Diagnostics diagnostics) {
        this(programs, diagnostics, "spec");
    }

    public boolean succeeded() {
        return !diagnostics.hasErrors();
    }

    /** The program of the network called {@code name}. */
    public Optional<KernelProgram> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The generated files of every network, in {@code packageName}: {@code <Network>Kernel}, its Vector API twin
     * {@code <Network>KernelVector} when {@code vector}, and {@code <Network>Network}.
     */
    public List<JavaFile> files(String packageName, boolean vector) {
        List<JavaFile> files = new ArrayList<>();
        for (KernelProgram program : programs) {
            files.addAll(files(program, packageName, specName, vector));
        }
        return files;
    }

    /** The generated files of one network ({@code specName} goes into the comments). */
    public static List<JavaFile> files(KernelProgram program, String packageName, String specName, boolean vector) {
        return KernelGenerator.generate(program, packageName, specName, vector);
    }

    /** Only the finite network's class, {@code <Network>Network}. */
    public static JavaFile networkFile(KernelProgram program, String packageName, String specName) {
        return KernelGenerator.generateNetwork(program, packageName, specName);
    }
}
