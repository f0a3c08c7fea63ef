package org.ntkc.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.ntkc.runtime.KernelProgress;

/**
 * A progress bar on standard error for one phase of a command, shown only when the phase takes over a second.
 * On a terminal it is one line redrawn with {@code \r}; otherwise (a file, a pipe, a test) it is a few plain lines:
 * one when the second has passed, one at each quarter, one at the end. Phases with a known amount of work show a bar
 * and a percentage; others (a factorisation) show the elapsed time.
 *
 * <p>The launcher tells the JVM where the terminal is: it filters the JVM's standard error through grep (to drop
 * the incubator-module warning), which would hold back a line redrawn with {@code \r} until its end, so when standard
 * error is a terminal it hands the JVM a second descriptor to it and names it in {@code NTKC_TERMINAL}.
 */
final class Progress implements AutoCloseable, KernelProgress {
    private static final long DELAY_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    /** Where bars go: the terminal, or plain lines to standard error. */
    static final class Sink {
        private final PrintWriter out;
        private final boolean terminal;

        private Sink(PrintWriter out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        /** The terminal named by {@code NTKC_TERMINAL} when it can be opened, else plain lines on {@code err}. */
        static Sink forErr(PrintWriter err) {
            String tty = System.getenv("NTKC_TERMINAL");
            if (tty != null && !tty.isEmpty()) {
                try {
                    return new Sink(new PrintWriter(new OutputStreamWriter(new FileOutputStream(tty),
                            StandardCharsets.UTF_8), true), true);
                } catch (IOException | SecurityException e) {
                    // fall through to plain lines
                }
            }
            return new Sink(err, false);
        }

        static Sink plain(PrintWriter err) {
            return new Sink(err, false);
        }

        /** Starts a phase; {@code total} is its amount of work, or 0 when unknown. */
        Progress start(String label, long total) {
            return new Progress(this, label, total);
        }
    }

    private final Sink sink;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final Thread ticker;
    private volatile boolean closed;
    private boolean shown;
    private int lastQuarter;
    private long lastPlainLine;
    private int lastLength;

    private Progress(Sink sink, String label, long total) {
        this.sink = sink;
        this.label = label;
        this.total = total;
        this.ticker = new Thread(this::tick, "ntkc-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** Sets how much of the work is done (any thread). */
    void update(long amount) {
        done.accumulateAndGet(amount, Math::max);
    }

    @Override
    public void entriesDone(long doneEntries, long totalEntries) {
        update(total > 0 && totalEntries > 0 ? Math.round((double) doneEntries / totalEntries * total) : doneEntries);
    }

    private void tick() {
        try {
            Thread.sleep(DELAY_NANOS / 1_000_000);
            while (!closed) {
                draw(false);
                Thread.sleep(REDRAW_NANOS / 1_000_000);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private synchronized void draw(boolean last) {
        long now = System.nanoTime();
        double seconds = (now - started) / 1e9;
        if (!last && (closed || now - started < DELAY_NANOS)) {
            return;
        }
        double fraction = total > 0 ? Math.min(1.0, (double) done.get() / total) : -1;
        if (last) {
            fraction = total > 0 ? 1.0 : -1;
        }
        String text;
        if (fraction >= 0) {
            int bars = (int) Math.round(fraction * WIDTH);
            text = String.format(Locale.ROOT, "%s [%s%s] %3d%%  %s", label, "#".repeat(bars), " ".repeat(WIDTH - bars),
                    (int) Math.floor(fraction * 100), seconds(seconds));
        } else {
            text = label + " ... " + seconds(seconds);
        }
        if (last) {
            text = label + " done in " + seconds(seconds);
        }
        if (sink.terminal) {
            String padded = text.length() < lastLength ? text + " ".repeat(lastLength - text.length()) : text;
            sink.out.print("\r" + padded + (last ? "\n" : ""));
            sink.out.flush();
            lastLength = text.length();
            shown = true;
            return;
        }
        // Plain lines: the first after a second, then one per quarter (or per 30 s when the amount is unknown).
        int quarter = fraction >= 0 ? (int) Math.floor(fraction * 4) : 0;
        boolean due = !shown || last || (fraction >= 0 ? quarter > lastQuarter && quarter < 4
                : now - lastPlainLine >= 30_000_000_000L);
        if (due) {
            sink.out.println("ntkc: " + text);
            sink.out.flush();
            shown = true;
            lastQuarter = quarter;
            lastPlainLine = now;
        }
    }

    private static String seconds(double s) {
        return s < 100 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.0f s", s);
    }

    /** Ends the phase: a final line if the bar was shown at all. */
    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
        synchronized (this) {
            if (shown) {
                draw(true);
            }
        }
    }

    /** Seconds since the phase started. */
    double elapsed() {
        return (System.nanoTime() - started) / 1e9;
    }
}
