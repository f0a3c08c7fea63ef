package org.ntkc.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ntkc.ir.Interpreter;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.Step;

/**
 * {@code --interpret} on a deep network of numerical activations integrates every step of every entry by adaptive
 * quadrature and can run for minutes where the generated code takes seconds. Before a long run, one entry is timed and
 * the estimate is told on standard error, with what makes it slow.
 */
final class InterpreterEstimate {
    /** Runs expected to take longer than this many seconds are announced (tests lower it). */
    static volatile double announceSeconds = 5;

    private InterpreterEstimate() {
    }

    /** Times one entry of K(a, b), and tells {@code err} what the whole matrix will take when that is long. */
    static void announce(Interpreter interpreter, KernelProgram program, double[][] a, double[][] b, int threads,
                         PrintWriter err) {
        long pairs = a == b ? (long) a.length * (a.length + 1) / 2 : (long) a.length * b.length;
        long rows = a.length + (a == b ? 0 : b.length);
        if (pairs < 2) {
            return;
        }
        double perEntry = timeOneEntry(interpreter, a, b);
        if (perEntry * (pairs + rows) / Math.max(1, threads) < announceSeconds) {
            return;
        }
        perEntry = Math.min(perEntry, timeOneEntry(interpreter, a, b)); // the first ran cold (JIT, caches)
        double estimate = perEntry * (pairs + rows) / Math.max(1, threads);
        if (estimate < announceSeconds) {
            return;
        }
        err.printf(Locale.ROOT, "ntkc: note: --interpret takes about %.3g s per entry here, so roughly %s for the %d "
                + "entries on %d thread%s: %s. The generated code (without --interpret) is much faster.%n",
                perEntry, duration(estimate), pairs, threads, threads == 1 ? "" : "s", slowSteps(program));
        err.flush();
    }

    private static double timeOneEntry(Interpreter interpreter, double[][] a, double[][] b) {
        long start = System.nanoTime();
        interpreter.pair(a[0], b[b.length > 1 ? 1 : 0], 0, b.length > 1 ? 1 : 0);
        // One pair also runs the diagonal recursion of both points: about three entries' work.
        return (System.nanoTime() - start) / 1e9 / 3;
    }

    /** "21 steps, 20 of them tanh integrated by quadrature for every entry", or the closed forms. */
    static String slowSteps(KernelProgram program) {
        Map<String, Integer> numerical = new LinkedHashMap<>();
        int steps = program.allSteps().size();
        for (Step s : program.allSteps()) {
            if (s instanceof Step.Elementwise e && e.activation().isNumerical()) {
                numerical.merge(e.activation().label(), 1, Integer::sum);
            }
        }
        if (numerical.isEmpty()) {
            return steps + " steps, all in closed form";
        }
        StringBuilder b = new StringBuilder();
        numerical.forEach((label, n) -> b.append(b.length() == 0 ? "" : ", ").append(label)
                .append(n == 1 ? "" : " x" + n));
        int count = numerical.values().stream().mapToInt(Integer::intValue).sum();
        return steps + " steps, " + count + " of them (" + b + ") integrated by adaptive quadrature for every entry";
    }

    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f minutes", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f hours", seconds / 3600);
    }
}
