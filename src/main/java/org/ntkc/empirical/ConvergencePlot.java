package org.ntkc.empirical;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The convergence plot of a {@link ConvergenceStudy}: relative error against hidden width on log–log axes, with error
 * bars of one standard error, and the n^(−1/2) guide through the first NTK point. Written headless as PNG.
 */
public final class ConvergencePlot {
    private static final Color NTK = new Color(0x1f, 0x77, 0xb4);
    private static final Color NNGP = new Color(0xd6, 0x27, 0x28);
    private static final Color MEAN = new Color(0x2c, 0xa0, 0x2c);

    private ConvergencePlot() {
    }

    /** Writes the plot of {@code result} to {@code file} (replaced atomically once complete). */
    public static void write(ConvergenceStudy.Result result, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = chart(result, title);
        Path dir = file.toAbsolutePath().getParent();
        // Not Files.createTempFile, whose owner-only permissions would stay with the plot after the move.
        Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
        org.ntkc.data.PartFiles.started(tmp);
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            org.ntkc.data.PartFiles.done(tmp);
        }
    }

    static XYChart chart(ConvergenceStudy.Result result, String title) {
        List<ConvergenceStudy.WidthResult> rows = result.rows();
        int n = rows.size();
        double[] widths = new double[n];
        double[] ntk = new double[n];
        double[] ntkSe = new double[n];
        double[] nngp = new double[n];
        double[] nngpSe = new double[n];
        double[] mean = new double[n];
        double[] meanSe = new double[n];
        double[] guide = new double[n];
        for (int i = 0; i < n; i++) {
            ConvergenceStudy.WidthResult r = rows.get(i);
            widths[i] = r.width();
            ntk[i] = r.singleNtkError();
            ntkSe[i] = bar(r.singleNtkError(), r.singleNtkErrorSe());
            nngp[i] = r.singleNngpError();
            nngpSe[i] = bar(r.singleNngpError(), r.singleNngpErrorSe());
            mean[i] = r.ntkError();
            meanSe[i] = bar(r.ntkError(), r.ntkErrorSe());
            guide[i] = ntk[0] * Math.sqrt(widths[0] / widths[i]);
        }
        int samples = rows.get(0).samples();
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title)
                .xAxisTitle("hidden width n").yAxisTitle("relative Frobenius error").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setXAxisDecimalPattern("0");
        XYSeries one = chart.addSeries(String.format("NTK, one network (slope %.2f)", result.slopeNtk()),
                widths, ntk, ntkSe);
        style(one, NTK);
        one.setMarker(SeriesMarkers.CIRCLE);
        XYSeries sigma = chart.addSeries(String.format("NNGP, one network (slope %.2f)", result.slopeNngp()),
                widths, nngp, nngpSe);
        style(sigma, NNGP);
        sigma.setMarker(SeriesMarkers.DIAMOND);
        XYSeries avg = chart.addSeries("NTK, mean of " + samples + " networks", widths, mean, meanSe);
        style(avg, MEAN);
        avg.setMarker(SeriesMarkers.SQUARE);
        XYSeries line = chart.addSeries("n^-1/2 guide", widths, guide);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.GRAY);
        line.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 5f}, 0f));
        return chart;
    }

    private static void style(XYSeries series, Color color) {
        series.setLineColor(color);
        series.setMarkerColor(color);
    }

    /** An error bar that stays above zero, which a logarithmic axis cannot show. */
    private static double bar(double value, double se) {
        return Double.isFinite(se) ? Math.min(se, 0.9 * value) : 0;
    }
}
