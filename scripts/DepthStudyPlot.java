import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plot of scripts/depth_study.py: four panels against depth (test accuracy of the NTK; the mean and the spread
 * of the normalised off-diagonal NTK entries rho = K(x,x')/sqrt(K(x,x)K(x',x')); the mean normalised NNGP entry),
 * one line per variant. Run by java's
 * source launcher with XChart from the CLI jar:
 *
 * <pre>java -cp target/ntkc-cli.jar scripts/DepthStudyPlot.java RESULTS.csv OUT.png "label|label|..." "subtitle"</pre>
 */
public final class DepthStudyPlot {
    private static final Color[] COLORS = {new Color(0x44, 0x44, 0x44), new Color(0x1f, 0x77, 0xb4),
            new Color(0xff, 0x7f, 0x0e), new Color(0x2c, 0xa0, 0x2c), new Color(0xd6, 0x27, 0x28)};
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DepthStudyPlot RESULTS.csv OUT.png LABELS SUBTITLE");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> header = Arrays.asList(split(lines.get(0)));
        String[] labels = args[2].split("\\|");
        Map<String, List<String[]>> byVariant = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = split(line);
            byVariant.computeIfAbsent(f[header.indexOf("variant")], k -> new ArrayList<>()).add(f);
        }
        CategoryChart accuracy = chart("NTK test accuracy (" + args[3] + ")", "test accuracy (%)", false);
        CategoryChart ntkMean = chart("NTK: mean correlation of two test images", "mean of rho over pairs", false);
        CategoryChart ntkSpread = chart("NTK: spread of the correlations", "standard deviation of rho over pairs",
                false);
        CategoryChart nngpMean = chart("NNGP: mean correlation of two test images", "mean of rho over pairs", false);
        int v = 0;
        for (Map.Entry<String, List<String[]>> e : byVariant.entrySet()) {
            List<String[]> rows = e.getValue();
            String label = v < labels.length ? labels[v] : e.getKey();
            add(accuracy, label, rows, header, "accuracy", 100, v);
            add(ntkMean, label, rows, header, "ntk_mean", 1, v);
            add(ntkSpread, label, rows, header, "ntk_sd", 1, v);
            add(nngpMean, label, rows, header, "nngp_mean", 1, v);
            v++;
        }
        // One legend (the colours are the same in every panel), where the accuracy panel has room for it.
        accuracy.getStyler().setLegendVisible(true);
        accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        accuracy.getStyler().setYAxisDecimalPattern("0");
        BitmapEncoder.saveBitmap(List.of(accuracy, ntkMean, nngpMean, ntkSpread), 2, 2, stripPng(args[1]),
                BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart chart(String title, String yTitle, boolean logY) {
        CategoryChart chart = new CategoryChartBuilder().width(640).height(440).title(title)
                .xAxisTitle("depth L (ReLU layers)").yAxisTitle(yTitle).build();
        CategoryStyler s = chart.getStyler();
        s.setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        s.setYAxisLogarithmic(logY);
        s.setOverlapped(true);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotGridLinesVisible(true);
        s.setMarkerSize(8);
        s.setLegendVisible(false);
        s.setYAxisDecimalPattern("0.00");
        return chart;
    }

    private static void add(CategoryChart chart, String label, List<String[]> rows, List<String> header, String column,
            double factor, int index) {
        List<String> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (String[] row : rows) {
            x.add(row[header.indexOf("depth")]);
            y.add(factor * Double.parseDouble(row[header.indexOf(column)]));
        }
        CategorySeries s = chart.addSeries(label, x, y);
        Color c = COLORS[index % COLORS.length];
        s.setLineColor(c);
        s.setMarkerColor(c);
        s.setMarker(MARKERS[index % MARKERS.length]);
        s.setLineStyle(new BasicStroke(2f));
    }

    /** A CSV line split at commas outside double quotes, the quotes removed. */
    private static String[] split(String line) {
        String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].replace("\"", "");
        }
        return f;
    }

    /** XChart's file-name form of saveBitmap appends the extension itself. */
    private static String stripPng(String file) {
        return file.endsWith(".png") ? file.substring(0, file.length() - 4) : file;
    }
}
