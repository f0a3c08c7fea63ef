package org.ntkc.loader;

import com.palantir.javapoet.JavaFile;
import java.util.Map;
import org.ntkc.Compilation;
import org.ntkc.ir.KernelProgram;
import org.ntkc.loader.InMemoryJavaCompiler;
import org.ntkc.runtime.NetworkArchitecture;

/**
 * Compiles a network's generated {@code <Network>Network} class at run time and hands back its architecture, ready to
 * sample finite networks from: what {@link KernelLoader} is for kernels, for the empirical side (about a second of
 * javac). Apps that know their specs at build time use the annotation processor's class instead.
 */
public final class NetworkLoader {
    private NetworkLoader() {
    }

    /** The architecture of {@code program}'s network at its declared widths, from its compiled generated class. */
    public static NetworkArchitecture load(KernelProgram program, String specName) {
        JavaFile file = Compilation.networkFile(program, KernelLoader.PACKAGE, specName);
        String className = file.packageName() + "." + file.typeSpec().name();
        ClassLoader loader = InMemoryJavaCompiler.compile(Map.of(className, file.toString()));
        try {
            return (NetworkArchitecture) loader.loadClass(className).getField("ARCHITECTURE").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the generated " + className, e);
        }
    }
}
