package org.ntkc.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ntkc.nystrom.BlockKernel;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.NtkKernel;

/**
 * Names a generated kernel class for Spark executors: the class travels in the application jar (specs compiled at
 * build time by the annotation processor) or in a jar added with {@code addJar} ({@link SparkKernels#ship}), and each
 * executor JVM instantiates it once through the task's context class loader. The generated class picks its vector
 * twin when the executor JVM has {@code jdk.incubator.vector} and its scalar code otherwise.
 *
 * @param className the fully qualified name of a generated {@code <Network>Kernel} class
 * @param kind which of its kernels to use
 * @param threads threads per task for the kernel and the block products (match {@code spark.task.cpus})
 */
public record KernelRef(String className, BlockKernel.Kind kind, int threads) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, NtkKernel> LOADED = new ConcurrentHashMap<>();

    public KernelRef {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** The kernel, instantiated once per JVM and class loader. */
    public NtkKernel kernel() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = KernelRef.class.getClassLoader();
        }
        ClassLoader from = loader;
        String key = className + "@" + System.identityHashCode(loader) + "/" + threads;
        return LOADED.computeIfAbsent(key, k -> instantiate(from));
    }

    /** The blocks of the chosen kernel. */
    public BlockKernel blocks() {
        return BlockKernel.of(kernel(), kind);
    }

    private NtkKernel instantiate(ClassLoader loader) {
        try {
            Class<?> c = Class.forName(className, true, loader);
            return (NtkKernel) c.getConstructor(KernelOptions.class)
                    .newInstance(KernelOptions.defaults().withThreads(threads));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the kernel class " + className + " is not on this executor's class path: "
                    + "put it in the application jar or ship it with SparkKernels.ship", e);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(className + " is not a generated ntkc kernel class", e);
        }
    }
}
