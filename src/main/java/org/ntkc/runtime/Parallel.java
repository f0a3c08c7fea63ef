package org.ntkc.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs numbered work items on a fixed number of threads, handing them out one at a time (the caller's thread is one
 * of them). Each thread gets its own worker from the factory, so a worker may keep scratch buffers. The first
 * failure stops the hand-out and is rethrown to the caller. Threads are plain daemon threads started per call:
 * ntkc's work items are milliseconds to seconds long, so a pool would save nothing measurable.
 */
public final class Parallel {
    private Parallel() {
    }

    /**
     * Runs {@code work(k)} for {@code k = 0 .. count - 1} on at most {@code threads} threads.
     *
     * @param name the prefix of the helper threads' names
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void run(String name, int count, int threads, Supplier<IntConsumer> workers) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int used = Math.min(threads, count);
        if (used <= 0) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                IntConsumer work = workers.get();
                for (int k = next.getAndIncrement(); k < count && failure.get() == null; k = next.getAndIncrement()) {
                    work.accept(k);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        if (used == 1) {
            worker.run();
        } else {
            Thread[] pool = new Thread[used - 1];
            for (int t = 0; t < pool.length; t++) {
                pool[t] = new Thread(worker, name + "-" + t);
                pool[t].setDaemon(true);
                pool[t].start();
            }
            worker.run();
            for (Thread t : pool) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, new IllegalStateException("interrupted while waiting for " + name, e));
                }
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
