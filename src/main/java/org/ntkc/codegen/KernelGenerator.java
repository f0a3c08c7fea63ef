package org.ntkc.codegen;

import com.palantir.javapoet.JavaFile;
import java.util.List;
import org.ntkc.ir.ImagesNotSupportedException;
import org.ntkc.ir.KernelProgram;

/**
 * Turns a network's kernel IR into Java source: {@code <Network>Kernel} (constants, per-point recursion, scalar layer
 * code), {@code <Network>KernelVector} (the same layers with the Vector API) and {@code <Network>Network} (the finite
 * network: its layers and activations, for the runtime's empirical kernels). Reads only the IR.
 */
public final class KernelGenerator {
    private KernelGenerator() {
    }

    /** The generated files for one network, in package {@code packageName}; {@code specName} goes in comments. */
    public static List<JavaFile> generate(KernelProgram program, String packageName, String specName) {
        return generate(program, packageName, specName, true);
    }

    /**
     * The same, without the Vector API class when {@code vector} is false (for builds that cannot compile it: the
     * kernel then runs its scalar code).
     */
    public static List<JavaFile> generate(KernelProgram program, String packageName, String specName,
                                          boolean vector) {
        StepPlan plan = new StepPlan(program, specName);
        if (program.isSpatial()) {
            // Scalar code specialised to the input shape; the finite network and the Vector API twin come later.
            return List.of(new ImageClassWriter(plan, packageName).write());
        }
        KernelClassWriter kernel = new KernelClassWriter(plan, packageName);
        List<JavaFile> files = new java.util.ArrayList<>();
        files.add(kernel.write());
        if (vector) {
            files.add(new VectorClassWriter(plan, packageName, kernel).write());
        }
        files.add(new NetworkClassWriter(plan, packageName).write());
        return List.copyOf(files);
    }

    /** The simple name of the class apps use, {@code <Network>Kernel}. */
    public static String kernelClassName(KernelProgram program) {
        return GeneratedSourceWriter.kernelClassName(program.name());
    }

    /** The simple name of the finite network's class, {@code <Network>Network}. */
    public static String networkClassName(KernelProgram program) {
        return NetworkClassWriter.networkClassName(program.name());
    }

    /** Only the finite network's class, {@code <Network>Network}. */
    public static JavaFile generateNetwork(KernelProgram program, String packageName, String specName) {
        ImagesNotSupportedException.requireVector(program, "a finite network");
        return new NetworkClassWriter(new StepPlan(program, specName), packageName).write();
    }
}
