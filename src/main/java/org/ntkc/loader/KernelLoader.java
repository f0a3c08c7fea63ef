package org.ntkc.loader;

import com.palantir.javapoet.JavaFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ntkc.Compilation;
import org.ntkc.codegen.KernelGenerator;
import org.ntkc.ir.KernelProgram;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.NtkKernel;

/**
 * Compiles networks to bytecode at run time and hands back ready kernels: the generated files of a
 * {@link Compilation}, then javac in memory ({@link InMemoryJavaCompiler}, with its disk cache).
 * For the CLI and for apps that load specs while they run; apps that know their specs at build time use the
 * annotation processor instead and skip the compile cost (about a second).
 */
public final class KernelLoader {
    /** The package of classes compiled at run time; each load has its own class loader, so names never clash. */
    public static final String PACKAGE = "org.ntkc.loaded";

    private KernelLoader() {
    }

    /** The generated kernel of {@code program}, compiled and instantiated with {@code options}. */
    public static NtkKernel load(KernelProgram program, String specName, KernelOptions options) {
        return loadAll(List.of(program), specName, options).get(program.name());
    }

    /** The kernels of several networks of one spec, compiled together in one javac run, by network name. */
    public static Map<String, NtkKernel> loadAll(List<KernelProgram> programs, String specName, KernelOptions options) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (KernelProgram program : programs) {
            for (JavaFile f : Compilation.files(program, PACKAGE, specName, InMemoryJavaCompiler.canCompileVector())) {
                sources.put(f.packageName() + "." + f.typeSpec().name(), f.toString());
            }
        }
        ClassLoader loader = InMemoryJavaCompiler.compile(sources);
        Map<String, NtkKernel> kernels = new LinkedHashMap<>();
        for (KernelProgram program : programs) {
            String kernelClass = PACKAGE + "." + KernelGenerator.kernelClassName(program);
            try {
                kernels.put(program.name(), (NtkKernel) loader.loadClass(kernelClass)
                        .getConstructor(KernelOptions.class).newInstance(options));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot instantiate the generated " + kernelClass, e);
            }
        }
        return kernels;
    }

    /**
     * Every network of a compiled spec, loaded, by network name: what an app that reads specs while it runs calls
     * after {@code NtkCompiler.compile}.
     *
     * @throws IllegalArgumentException when the spec had errors (the message is the rendered diagnostics)
     */
    public static Map<String, NtkKernel> load(Compilation compilation, KernelOptions options) {
        if (!compilation.succeeded()) {
            throw new IllegalArgumentException(compilation.diagnostics().render());
        }
        return loadAll(compilation.programs(), compilation.specName(), options);
    }
}
