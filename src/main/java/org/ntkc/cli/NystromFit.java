package org.ntkc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ntkc.data.CsvMatrix;
import org.ntkc.nystrom.BlockKernel;
import org.ntkc.nystrom.Centres;
import org.ntkc.nystrom.Falkon;
import org.ntkc.nystrom.GramAccumulator;
import org.ntkc.nystrom.HoldOut;
import org.ntkc.nystrom.NormalOperator;
import org.ntkc.nystrom.NystromEngine;
import org.ntkc.nystrom.NystromModel;
import org.ntkc.nystrom.Refit;
import org.ntkc.nystrom.RidgeSelection;

/**
 * {@code ntkc fit --nystrom M}: Nyström kernel regression by Falkon, for training sets too large for the exact
 * N × N solve. The data enter through an {@link NystromEngine} (this machine or Spark); centres, preconditioner,
 * conjugate gradient, ridge selection and test predictions run here.
 *
 * <p>The ridge is chosen without the test set: with several candidate values, a seeded random share of the training
 * set ({@code --validation}) is held out, every candidate is fitted on the rest and scored on it, and the best is
 * kept. In Gram mode the held-out rows' kernel blocks, needed for scoring anyway, are then added to H and the chosen
 * ridge is solved once more on the whole training set; in streaming mode the model fitted without them is kept.
 */
final class NystromFit {
    /** How the data enter the conjugate gradient. */
    enum Mode { auto, gram, stream }

    /** What the command line asked for. */
    record Settings(int centres, double[] ridges, double validation, int iterations, double tolerance, Mode mode,
                    long seed, int threads) {
    }

    /** The test outputs (n* × k) and what the fit did, in machine-readable form. */
    record Result(DMatrixRMaj outputs, double ridge, int iterations, double dataSeconds, double solveSeconds,
                  double testSeconds) {
    }

    /** Doubles of the M × M matrices a fit holds at its peak: H, K_MM's factor (packed twice), TᵀT, A (three). */
    static long bytes(Mode mode, long m, long n, long d, long validationRows, long outputs) {
        long square = (mode == Mode.stream ? 7 : 8) * m * m;
        long blocks = 2L * Math.max(1024, validationRows) * m;
        return 8 * (square + blocks + 2 * n * d + 4 * outputs * (n + m));
    }

    private final Settings settings;
    private final NystromEngine engine;
    private final BlockKernel local;
    private final PrintWriter out;
    private final Progress.Sink sink;

    /** The unit of regression targets (Problem divides them by it); validation RMSEs are told in label units. */
    private double targetUnit = 1;

    NystromFit targetUnit(double unit) {
        this.targetUnit = unit;
        return this;
    }

    NystromFit(Settings settings, NystromEngine engine, BlockKernel local, PrintWriter out, Progress.Sink sink) {
        this.settings = settings;
        this.engine = engine;
        this.local = local;
        this.out = out;
        this.sink = sink;
    }

    /**
     * Fits on {@code x} with targets {@code y} (n × k) and predicts {@code xs}.
     *
     * @param classification whether the score of a held-out row is right/wrong (argmax) rather than squared error
     */
    Result run(double[][] x, DMatrixRMaj y, double[][] xs, boolean classification) {
        int n = x.length;
        int k = y.numCols;
        int m = settings.centres();
        double[] ridges = settings.ridges();
        Mode mode = settings.mode() == Mode.auto ? Mode.gram : settings.mode();

        // 1. the held-out share, when there is a ridge to choose
        HoldOut split = HoldOut.of(n, ridges.length > 1 ? settings.validation() : 0, settings.seed());
        int held = split.held();
        if (ridges.length > 1 && held < 1) {
            throw new CliException(CliException.USAGE, "--validation " + CsvMatrix.format(settings.validation())
                    + " holds out none of the " + n + " training examples; choose a larger share to compare several "
                    + "ridge values, or give one --ridge");
        }
        double[][] xFit = split.fitRows(x);
        double[][] yFit = split.fitTargets(y.data, k);
        double[][] xVal = split.heldRows(x);
        double[][] yVal = split.heldTargets(y.data, k);
        if (m > xFit.length) {
            throw new CliException(CliException.USAGE, "--nystrom " + m + " asks for more centres than the "
                    + xFit.length + " training examples" + (held > 0 ? " left after holding out " + held
                    + " for validation" : "") + "; use at most " + xFit.length);
        }

        // 2. centres and the preconditioner
        long start = System.nanoTime();
        int[] chosen;
        try {
            chosen = Centres.uniform(xFit, m, settings.seed());
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage() + " (--nystrom)");
        }
        double[][] centres = Centres.rows(xFit, chosen);
        Falkon falkon;
        double scale;
        try (Progress bar = sink.start("kernel of the " + m + " centres and its Cholesky factors", 0)) {
            double[] kmm = local.compute(centres, centres);
            scale = meanDiagonal(kmm, m);
            try {
                falkon = Falkon.prepare(kmm, m, settings.threads());
            } catch (IllegalArgumentException e) {
                throw new CliException(CliException.BAD_INPUT, e.getMessage());
            }
        }
        double prepareSeconds = seconds(start);
        out.printf(Locale.ROOT, "centres: %d drawn uniformly (seed %d) from %d training examples%s; K(C, C) and "
                        + "preconditioner: %.2f s%n", m, settings.seed(), xFit.length,
                held > 0 ? " (" + held + " held out to choose the ridge)" : "", prepareSeconds);
        out.flush();

        // 3. the data pass(es)
        long dataStart = System.nanoTime();
        GramAccumulator acc = null;
        NormalOperator op;
        if (mode == Mode.gram) {
            try (Progress bar = sink.start("H = K(X, C)^T K(X, C) over " + xFit.length + " rows", xFit.length)) {
                acc = engine.gram(xFit, yFit, centres, bar::update);
            }
            op = acc.operator(settings.threads());
            out.printf(Locale.ROOT, "gram: H (%d x %d) over %d rows on %s: %.2f s%n", m, m, xFit.length,
                    engine.describe(), seconds(dataStart));
        } else {
            op = engine.streaming(xFit, yFit, centres);
            out.printf(Locale.ROOT, "stream: %s, on %s%n", engine.streamingBlocks(), engine.describe());
        }
        double dataSeconds = seconds(dataStart);
        out.flush();

        // 4. one conjugate gradient per ridge; the held-out rows choose
        double[] kVal = held > 0 ? timedKernel("kernel of the " + held + " held-out rows", xVal, centres) : null;
        double solveSeconds = 0;
        RidgeSelection<Falkon.Solution> selection = new RidgeSelection<>(yVal, classification);
        Falkon.Solution best = null;
        int iterations = 0;
        for (double ridge : ridges) {
            long t0 = System.nanoTime();
            Falkon.Solution s = solve(falkon, op, ridge * scale, "conjugate gradient, ridge " + CsvMatrix.format(ridge));
            double t = seconds(t0);
            solveSeconds += t;
            iterations += s.iterations();
            String line = "ridge " + CsvMatrix.format(ridge) + ": " + describe(s);
            if (kVal != null) {
                double[][] p = new NystromModel(centres, s.alpha()).predictFromKernel(kVal, held, settings.threads());
                RidgeSelection.Score score = selection.offer(ridge, p, s);
                line += classification
                        ? String.format(Locale.ROOT, ", validation accuracy %.2f%%", 100 * score.score())
                        : String.format(Locale.ROOT, ", validation RMSE %.4g", Math.sqrt(score.mse()) * targetUnit);
                best = selection.best();
            } else {
                best = s;
            }
            out.printf(Locale.ROOT, "%s: %.2f s%n", line, t);
            out.flush();
        }

        if (best == null) {
            throw new CliException(CliException.BAD_INPUT, "no ridge value gave a finite validation score (the "
                    + "solutions are not finite); the kernel or the targets are out of range");
        }
        double bestRidge = kVal != null ? selection.ridge() : ridges[0];
        // 5. with the ridge chosen, the held-out rows join the fit (Gram mode: their blocks are already computed)
        double[][] alpha = best.alpha();
        if (held > 0 && acc != null) {
            long t0 = System.nanoTime();
            Falkon.Solution s = Refit.onAllRows(acc, kVal, held, yVal, settings.threads(),
                    all -> solve(falkon, all, bestRidge * scale, "conjugate gradient on all " + n + " rows"));
            double t = seconds(t0);
            solveSeconds += t;
            iterations += s.iterations();
            alpha = s.alpha();
            out.printf(Locale.ROOT, "chosen ridge %s; refit on all %d rows: %s: %.2f s%n", CsvMatrix.format(bestRidge),
                    n, describe(s), t);
        } else if (held > 0) {
            out.printf(Locale.ROOT, "chosen ridge %s (the model fitted without the held-out rows is kept)%n",
                    CsvMatrix.format(bestRidge));
        }
        kVal = null; // the held-out blocks can go before the test blocks are computed

        // 6. test predictions, in blocks
        long t0 = System.nanoTime();
        double[][] p;
        try (Progress bar = sink.start("test predictions, " + xs.length + " x " + m + " kernel", 0)) {
            p = new NystromModel(centres, alpha).predict(local, xs, 1024, settings.threads());
        }
        double testSeconds = seconds(t0);
        out.printf(Locale.ROOT, "test predictions: %d x %d kernel blocks: %.2f s%n", xs.length, m, testSeconds);
        DMatrixRMaj outputs = new DMatrixRMaj(xs.length, k);
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < xs.length; i++) {
                outputs.data[i * k + c] = p[c][i];
            }
        }
        return new Result(outputs, bestRidge, iterations, dataSeconds + prepareSeconds, solveSeconds, testSeconds);
    }

    /** One Falkon solve with the settings' iteration limit and tolerance, under a progress bar. */
    private Falkon.Solution solve(Falkon falkon, NormalOperator op, double lambda, String label) {
        try (Progress bar = sink.start(label, 0)) {
            return falkon.solve(op, lambda, settings.iterations(), settings.tolerance());
        }
    }

    /** "19 iterations, residual 9.3e-07", noting when the iteration limit stopped it. */
    private String describe(Falkon.Solution s) {
        double residual = worst(s.relativeResiduals());
        return String.format(Locale.ROOT, "%d iteration%s, residual %.1e%s", s.iterations(),
                s.iterations() == 1 ? "" : "s", residual,
                s.iterations() >= settings.iterations() && residual > settings.tolerance()
                        ? " (stopped at --iterations)" : "");
    }

    private double[] timedKernel(String label, double[][] a, double[][] centres) {
        long t0 = System.nanoTime();
        double[] kb;
        try (Progress bar = sink.start(label, 0)) {
            kb = local.compute(a, centres);
        }
        out.printf(Locale.ROOT, "%s: %.2f s%n", label, seconds(t0));
        return kb;
    }

    private static double meanDiagonal(double[] a, int m) {
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum += a[i * m + i];
        }
        return sum / m;
    }

    private static double worst(double[] residuals) {
        double w = 0;
        for (double r : residuals) {
            w = Math.max(w, r);
        }
        return w;
    }

    /** Parses "1e-6,1e-4" into ridge values, each a number > 0. */
    static double[] parseRidges(String text, String option) {
        List<Double> values = new ArrayList<>();
        for (String part : text.split(",")) {
            String s = part.strip();
            double v;
            try {
                v = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new CliException(CliException.USAGE, option + " takes numbers separated by commas, got '" + s
                        + "' in '" + text + "'");
            }
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new CliException(CliException.USAGE, option + " values must be numbers >= 0, got '" + s + "'");
            }
            values.add(v);
        }
        double[] r = new double[values.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = values.get(i);
        }
        return r;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
