package org.ntkc.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Monte Carlo estimates of a finite architecture's kernels: the mean of the empirical kernels of S independent random
 * networks, with the standard error of every entry. Sample s is the network seeded with
 * {@link FiniteNetwork#sampleSeed(long, long) sampleSeed(seed, s)}; samples run on several threads, each thread
 * reusing one network's arrays, and are folded into the running estimate in sample order, so the results are the same
 * bits whatever the thread count.
 */
public final class MonteCarloKernels {
    private MonteCarloKernels() {
    }

    /** Told after each sample is folded in, in sample order, one call at a time. */
    @FunctionalInterface
    public interface Listener {
        void sampleDone(int done, int total, RunningKernels running);
    }

    /** The estimate after all samples: mean and standard error of each kernel, and each sample when kept. */
    public record Result(int samples, EmpiricalKernels mean, EmpiricalKernels standardError,
                         List<EmpiricalKernels> perSample) {
        public Result {
            perSample = List.copyOf(perSample);
        }
    }

    /**
     * Runs {@code samples} networks of {@code architecture} on the points {@code x} with {@code threads} threads
     * (fewer when that many networks would not fit in half the heap). {@code keepSamples} keeps every sample's
     * kernels in the result (S·3·P² doubles); {@code listener} may be null.
     */
    public static Result run(NetworkArchitecture architecture, double[][] x, int samples, long seed, int threads,
                             boolean keepSamples, Listener listener) {
        if (samples < 1) {
            throw new IllegalArgumentException("need at least one sample, got " + samples);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("need at least one thread, got " + threads);
        }
        int workers = Math.min(Math.min(threads, samples), threadsThatFit(architecture));
        RunningKernels running = new RunningKernels(x.length);
        List<EmpiricalKernels> kept = new ArrayList<>();
        Map<Integer, EmpiricalKernels> pending = new HashMap<>();
        int[] next = {0};
        AtomicInteger claim = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        Callable<Void> worker = () -> {
            FiniteNetwork network = null;
            for (int s = claim.getAndIncrement(); s < samples && !failed.get(); s = claim.getAndIncrement()) {
                long sampleSeed = FiniteNetwork.sampleSeed(seed, s);
                if (network == null) {
                    network = architecture.sample(sampleSeed);
                } else {
                    network.redraw(sampleSeed);
                }
                EmpiricalKernels k;
                try {
                    k = network.kernels(x);
                } catch (RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                }
                synchronized (pending) {
                    pending.put(s, k);
                    for (EmpiricalKernels ready = pending.remove(next[0]); ready != null;
                         ready = pending.remove(next[0])) {
                        running.add(ready);
                        if (keepSamples) {
                            kept.add(ready);
                        }
                        next[0]++;
                        if (listener != null) {
                            listener.sampleDone(next[0], samples, running);
                        }
                    }
                }
            }
            return null;
        };
        if (workers == 1) {
            try {
                worker.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "ntkc-monte-carlo");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Void>> futures = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    futures.add(pool.submit(worker));
                }
                for (Future<Void> f : futures) {
                    f.get();
                }
            } catch (ExecutionException e) {
                failed.set(true);
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } catch (InterruptedException e) {
                failed.set(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                pool.shutdownNow();
            }
        }
        return new Result(samples, running.mean(), running.standardError(), kept);
    }

    /** How many networks fit in half the heap at once (at least one). */
    static int threadsThatFit(NetworkArchitecture architecture) {
        double bytes = 8.0 * architecture.parameterCount() + (1 << 20);
        double budget = Runtime.getRuntime().maxMemory() / 2.0;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(budget / bytes)));
    }
}
