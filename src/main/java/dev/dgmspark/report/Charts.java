package dev.dgmspark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's plots, drawn with JFreeChart in one look (white background, light grid, the same palette) and
 * rendered to images for {@link dev.dgmspark.io.PngWriter}: curves, histograms, grouped bars and coloured scatters.
 */
public final class Charts {
  /** Width of a chart image in pixels. */
  public static final int WIDTH = 720;
  /** Height of a chart image in pixels. */
  public static final int HEIGHT = 340;

  private static final Color[] PALETTE = {new Color(0x44, 0x77, 0xaa), new Color(0xee, 0x66, 0x77),
      new Color(0x22, 0x88, 0x33), new Color(0xcc, 0xbb, 0x44), new Color(0x66, 0xcc, 0xee),
      new Color(0xaa, 0x33, 0x77), new Color(0xbb, 0xbb, 0xbb)};
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  private Charts() {}

  /**
   * Curves over a common x axis, one per entry of {@code series} (in order): x values in {@code [0]}, y in
   * {@code [1]}.
   */
  public static BufferedImage lines(String title, String xLabel, String yLabel, Map<String, double[][]> series) {
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach((name, xy) -> {
      requireSameLength(name, xy[0], xy[1]);
      XYSeries s = new XYSeries(name, false, true);
      for (int i = 0; i < xy[0].length; i++) {
        s.add(xy[0][i], Double.isFinite(xy[1][i]) ? xy[1][i] : null);
      }
      data.addSeries(s);
    });
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
        series.size() > 1, false, false);
    XYPlot plot = styled(chart).getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return chart.createBufferedImage(WIDTH, HEIGHT);
  }

  /**
   * Curves over a common x axis stacked one above the other, each with its own y axis named after it, so that terms
   * of different scales (a reconstruction loss in the thousands, a KL term in the tens) all show their shape.
   */
  public static BufferedImage stackedLines(String title, String xLabel, Map<String, double[][]> series) {
    NumberAxis x = new NumberAxis(xLabel);
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setAutoRangeIncludesZero(false);
    org.jfree.chart.plot.CombinedDomainXYPlot combined = new org.jfree.chart.plot.CombinedDomainXYPlot(x);
    combined.setGap(8);
    int i = 0;
    for (Map.Entry<String, double[][]> entry : series.entrySet()) {
      double[][] xy = entry.getValue();
      requireSameLength(entry.getKey(), xy[0], xy[1]);
      XYSeries s = new XYSeries(entry.getKey(), false, true);
      for (int k = 0; k < xy[0].length; k++) {
        s.add(xy[0][k], Double.isFinite(xy[1][k]) ? xy[1][k] : null);
      }
      NumberAxis y = new NumberAxis(entry.getKey());
      y.setAutoRangeIncludesZero(false);
      y.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
      renderer.setSeriesPaint(0, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(0, new BasicStroke(2f));
      XYPlot plot = new XYPlot(new XYSeriesCollection(s), null, y, renderer);
      plot.setBackgroundPaint(Color.WHITE);
      plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
      plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
      combined.add(plot, 1);
      i++;
    }
    JFreeChart chart = new JFreeChart(title, TITLE, combined, false);
    styleCommon(chart);
    return chart.createBufferedImage(WIDTH, 90 + 150 * Math.max(1, series.size()));
  }

  /**
   * A histogram: {@code counts[i]} over {@code [edges[i], edges[i+1])}; {@code marker} (NaN for none) draws a
   * dashed vertical line labelled {@code markerLabel}.
   */
  public static BufferedImage histogram(String title, String xLabel, String yLabel, double[] edges, long[] counts,
      double marker, String markerLabel) {
    return histogram(title, xLabel, yLabel, edges, counts, marker, markerLabel, WIDTH, HEIGHT);
  }

  /** As {@link #histogram(String, String, String, double[], long[], double, String)}, of the given size in pixels. */
  public static BufferedImage histogram(String title, String xLabel, String yLabel, double[] edges, long[] counts,
      double marker, String markerLabel, int width, int height) {
    if (edges.length != counts.length + 1 || counts.length == 0) {
      throw new IllegalArgumentException(String.format(
          "A histogram needs one more edge than bins and at least one bin; got %d edges and %d bins.", edges.length,
          counts.length));
    }
    XYIntervalSeries s = new XYIntervalSeries("rows");
    for (int i = 0; i < counts.length; i++) {
      double mid = (edges[i] + edges[i + 1]) / 2;
      s.add(mid, edges[i], edges[i + 1], counts[i], counts[i], counts[i]);
    }
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    data.addSeries(s);
    JFreeChart chart = ChartFactory.createXYBarChart(title, xLabel, false, yLabel, data, PlotOrientation.VERTICAL,
        false, false, false);
    XYPlot plot = styled(chart).getXYPlot();
    XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, PALETTE[0]);
    renderer.setMargin(0.05);
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
    if (Double.isFinite(marker)) {
      ValueMarker line = new ValueMarker(marker, PALETTE[1], new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
      line.setLabel(markerLabel);
      line.setLabelPaint(PALETTE[1]);
      line.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
      line.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
      plot.addDomainMarker(line);
    }
    return chart.createBufferedImage(width, height);
  }

  /**
   * Small histograms side by side, {@code columns} per row, one per entry of {@code panels} (in order): e.g. the
   * distribution of each latent dimension. Each panel has its own x range and {@code bins} equal-width bins.
   */
  public static BufferedImage smallHistograms(String title, Map<String, double[]> panels, int bins, int columns) {
    int cellWidth = WIDTH / columns;
    int cellHeight = 150;
    int rows = Math.max(1, (panels.size() + columns - 1) / columns);
    int top = 28;
    BufferedImage image = new BufferedImage(WIDTH, top + rows * cellHeight, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
        java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(TITLE);
    g.drawString(title, (WIDTH - g.getFontMetrics().stringWidth(title)) / 2, 18);
    int k = 0;
    for (Map.Entry<String, double[]> panel : panels.entrySet()) {
      double[] values = panel.getValue();
      double lo = java.util.Arrays.stream(values).filter(Double::isFinite).min().orElse(0);
      double hi = java.util.Arrays.stream(values).filter(Double::isFinite).max().orElse(1);
      if (!(hi > lo)) {
        lo -= 0.5;
        hi += 0.5;
      }
      XYIntervalSeries s = new XYIntervalSeries(panel.getKey());
      long[] counts = new long[bins];
      for (double v : values) {
        if (Double.isFinite(v)) {
          counts[Math.max(0, Math.min(bins - 1, (int) Math.floor((v - lo) / (hi - lo) * bins)))]++;
        }
      }
      for (int b = 0; b < bins; b++) {
        double from = lo + (hi - lo) * b / bins;
        double to = lo + (hi - lo) * (b + 1) / bins;
        s.add((from + to) / 2, from, to, counts[b], counts[b], counts[b]);
      }
      XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
      data.addSeries(s);
      JFreeChart chart = ChartFactory.createXYBarChart(panel.getKey(), null, false, null, data,
          PlotOrientation.VERTICAL, false, false, false);
      XYPlot plot = styled(chart).getXYPlot();
      chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
      renderer.setBarPainter(new StandardXYBarPainter());
      renderer.setShadowVisible(false);
      renderer.setSeriesPaint(0, PALETTE[0]);
      ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
      Font tick = new Font(Font.SANS_SERIF, Font.PLAIN, 9);
      plot.getDomainAxis().setTickLabelFont(tick);
      plot.getRangeAxis().setTickLabelFont(tick);
      chart.draw(g, new java.awt.geom.Rectangle2D.Double((k % columns) * cellWidth, top + (k / columns)
          * cellHeight, cellWidth, cellHeight));
      k++;
    }
    g.dispose();
    return image;
  }

  /**
   * Grouped horizontal bars: one group per category (in order, top to bottom), one bar per series (in order; with
   * two or more, the first grey and the second green), e.g. an attribute value's share before and after.
   */
  public static BufferedImage groupedBars(String title, String yLabel, List<String> categories,
      Map<String, double[]> series) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    series.forEach((name, values) -> {
      if (values.length != categories.size()) {
        throw new IllegalArgumentException(String.format("series %s has %d values for %d categories", name,
            values.length, categories.size()));
      }
      for (int i = 0; i < values.length; i++) {
        data.addValue(values[i], name, categories.get(i));
      }
    });
    JFreeChart chart = ChartFactory.createBarChart(title, null, yLabel, data, PlotOrientation.HORIZONTAL,
        series.size() > 1, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    styleCommon(chart);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.02);
    int i = 0;
    for (String ignored : series.keySet()) {
      renderer.setSeriesPaint(i, series.size() == 1 ? PALETTE[0]
          : i == 0 ? PALETTE[6] : PALETTE[2 + (i - 1) % (PALETTE.length - 3)]);
      i++;
    }
    plot.getDomainAxis().setCategoryMargin(0.15);
    int height = 110 + 12 * series.size() * categories.size() + 6 * categories.size();
    return chart.createBufferedImage(WIDTH, Math.max(220, Math.min(height, 2000)));
  }

  /**
   * Points at ({@code x[i]}, {@code y[i]}) coloured by {@code colour[i]} from blue (low) to red (high) between the
   * given bounds, with a colour legend named {@code colourLabel}.
   */
  public static BufferedImage scatter(String title, String xLabel, String yLabel, double[] x, double[] y,
      double[] colour, double colourLow, double colourHigh, String colourLabel) {
    requireSameLength("x/y", x, y);
    requireSameLength("x/colour", x, colour);
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("points", new double[][] {x, y, colour});
    double low = colourLow;
    double high = colourHigh > colourLow ? colourHigh : colourLow + 1;
    LookupPaintScale scale = new LookupPaintScale(low, high, PALETTE[0]);
    int steps = 32;
    for (int i = 0; i < steps; i++) {
      double t = i / (double) (steps - 1);
      scale.add(low + (high - low) * i / steps, blend(t));
    }
    XYShapeRenderer renderer = new XYShapeRenderer();
    renderer.setPaintScale(scale);
    renderer.setDrawOutlines(false);
    renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
    NumberAxis xAxis = new NumberAxis(xLabel);
    NumberAxis yAxis = new NumberAxis(yLabel);
    xAxis.setAutoRangeIncludesZero(false);
    yAxis.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
    JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
    styled(chart);
    NumberAxis legendAxis = new NumberAxis(colourLabel);
    legendAxis.setRange(low, high);
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setStripWidth(12);
    legend.setMargin(4, 8, 4, 4);
    chart.addSubtitle(legend);
    return chart.createBufferedImage(WIDTH, 420);
  }

  /** The scatter's colour at {@code t} in [0, 1]: blue, through grey, to red. */
  static Paint blend(double t) {
    Color a = PALETTE[0];
    Color b = PALETTE[1];
    Color mid = new Color(0xcc, 0xcc, 0xcc);
    Color from = t < 0.5 ? a : mid;
    Color to = t < 0.5 ? mid : b;
    double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
    return new Color((int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * u),
        (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * u),
        (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * u));
  }

  /** An ordered map for {@link #lines} and {@link #groupedBars}, for callers that build series one by one. */
  public static <V> Map<String, V> series() {
    return new LinkedHashMap<>();
  }

  private static JFreeChart styled(JFreeChart chart) {
    styleCommon(chart);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    return chart;
  }

  private static void styleCommon(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    if (chart.getTitle() != null) {
      chart.getTitle().setFont(TITLE);
    }
    if (chart.getLegend() != null) {
      chart.getLegend().setFrame(BlockBorder.NONE);
    }
  }

  private static void requireSameLength(String name, double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(String.format("%s: %d x values but %d y values", name, a.length, b.length));
    }
  }
}
