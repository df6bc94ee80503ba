package dev.dgmspark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A bar chart of how the debias weights are spread: rows per bin of log10(weight), with the mean weight (1) marked,
 * drawn with Java2D for the report page.
 */
public final class WeightHistogram {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 300;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 28;
  private static final int BOTTOM = 48;

  private WeightHistogram() {}

  /**
   * Draws the chart.
   *
   * @param edges bin edges in log10(weight), ascending, one more than {@code counts}
   * @param counts rows per bin
   * @param zeroWeightRows rows with weight zero (not on a log axis; named in the title)
   */
  public static BufferedImage draw(double[] edges, long[] counts, long zeroWeightRows) {
    if (edges.length != counts.length + 1 || counts.length == 0) {
      throw new IllegalArgumentException(String.format(
          "A histogram needs one more edge than bins and at least one bin; got %d edges and %d bins.", edges.length,
          counts.length));
    }
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    long max = 1;
    long total = 0;
    for (long c : counts) {
      max = Math.max(max, c);
      total += c;
    }
    double lo = edges[0];
    double hi = edges[edges.length - 1];
    if (!(hi > lo)) {
      lo -= 0.5;
      hi += 0.5;
    }
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    g.setColor(new Color(0x44, 0x77, 0xaa));
    for (int b = 0; b < counts.length; b++) {
      int x0 = LEFT + (int) Math.round((edges[b] - lo) / (hi - lo) * plotW);
      int x1 = LEFT + (int) Math.round((edges[b + 1] - lo) / (hi - lo) * plotW);
      int h = (int) Math.round((double) counts[b] / max * plotH);
      g.fillRect(x0, TOP + plotH - h, Math.max(1, x1 - x0 - 1), h);
    }
    g.setColor(Color.BLACK);
    g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
    g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
    for (int t = 0; t <= 4; t++) {
      long value = Math.round(max * t / 4.0);
      int y = TOP + plotH - (int) Math.round(plotH * t / 4.0);
      String label = String.format(Locale.ROOT, "%,d", value);
      g.drawLine(LEFT - 4, y, LEFT, y);
      g.drawString(label, LEFT - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
    for (int t = 0; t <= 6; t++) {
      double v = lo + (hi - lo) * t / 6;
      int x = LEFT + (int) Math.round(plotW * t / 6.0);
      String label = String.format(Locale.ROOT, "%.3g", Math.pow(10, v));
      g.drawLine(x, TOP + plotH, x, TOP + plotH + 4);
      g.drawString(label, x - fm.stringWidth(label) / 2, TOP + plotH + 6 + fm.getAscent());
    }
    if (lo <= 0 && 0 <= hi) {
      int x = LEFT + (int) Math.round((0 - lo) / (hi - lo) * plotW);
      g.setColor(new Color(0xcc, 0x33, 0x33));
      g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
      g.drawLine(x, TOP, x, TOP + plotH);
      g.drawString("mean 1", x + 3, TOP + fm.getAscent());
      g.setColor(Color.BLACK);
    }
    String axis = "weight (log scale; mean over the input = 1)";
    g.drawString(axis, LEFT + (plotW - fm.stringWidth(axis)) / 2, HEIGHT - 8);
    String title = String.format(Locale.ROOT, "rows per weight bin: %,d rows%s", total,
        zeroWeightRows > 0 ? String.format(Locale.ROOT, ", plus %,d with weight 0", zeroWeightRows) : "");
    g.drawString(title, LEFT, TOP - 10);
    g.dispose();
    return image;
  }
}
