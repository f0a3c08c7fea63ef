package org.ntkc.nystrom;

import java.util.function.IntConsumer;

/**
 * Where the data passes of a Nyström fit run: on this machine ({@link #local}) or on a cluster (the Spark engine in
 * {@code org.ntkc.spark}). Either way the engine only turns training rows into sums over kernel blocks
 * {@code K(X_b, C)}; the solver ({@link Falkon}) runs in the calling JVM and is the same for every engine, so two
 * engines given the same rows, targets and centres give the same fit (up to the order of floating-point sums).
 */
public interface NystromEngine extends AutoCloseable {
    /** For messages: "this machine, 2 threads", "Spark local[2], 4 partitions". */
    String describe();

    /**
     * One pass over the rows accumulating {@code H = K_nMᵀK_nM} and {@code K_nMᵀY}.
     *
     * @param x the rows
     * @param y the targets, {@code y[c][i]} for output c at row i
     * @param rowsDone told the number of rows done, now and then (may be null)
     */
    GramAccumulator gram(double[][] x, double[][] y, double[][] centres, IntConsumer rowsDone);

    /** The operator that makes one pass over the rows per product, without H. */
    NormalOperator streaming(double[][] x, double[][] y, double[][] centres);

    /** What {@link #streaming} does with the kernel blocks between passes, for messages. */
    default String streamingBlocks() {
        return "kernel blocks recomputed on every iteration";
    }

    /** Releases what the engine holds (cached blocks, broadcasts); the engine's data passes end here. */
    @Override
    default void close() {
    }

    /** The engine of this machine: blocks of {@code blockRows} rows, each block's row tiles on all threads. */
    static NystromEngine local(BlockKernel kernel, int threads, int blockRows) {
        return new NystromEngine() {
            @Override
            public String describe() {
                return "this machine, " + threads + (threads == 1 ? " thread" : " threads");
            }

            @Override
            public GramAccumulator gram(double[][] x, double[][] y, double[][] centres, IntConsumer rowsDone) {
                return new TrainingSet(x, y, blockRows).accumulate(kernel, centres, threads,
                        rowsDone == null ? null : rowsDone::accept);
            }

            @Override
            public NormalOperator streaming(double[][] x, double[][] y, double[][] centres) {
                return new TrainingSet(x, y, blockRows).streaming(kernel, centres, threads);
            }
        };
    }

    /** Makes the engine for one fit, given the compiled network (how the kernel reaches the rows is its business). */
    @FunctionalInterface
    interface Factory {
        /**
         * @param program the network
         * @param specName the spec file's name, for generated sources
         * @param kind which kernel
         * @param local the kernel as compiled in this JVM
         * @param threads threads for kernel blocks and products
         */
        NystromEngine open(org.ntkc.ir.KernelProgram program, String specName, BlockKernel.Kind kind,
                           org.ntkc.runtime.NtkKernel local, int threads);
    }
}
