package dev.dgmspark.report;

import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A bar chart of how the debias weights are spread: rows per bin of log10(weight), with the mean weight (1) marked,
 * drawn with {@link Charts} for the debias job's report page and the run report.
 */
public final class WeightHistogram {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 300;

  private WeightHistogram() {}

  /**
   * Draws the chart.
   *
   * @param edges bin edges in log10(weight), ascending, one more than {@code counts}
   * @param counts rows per bin
   * @param zeroWeightRows rows with weight zero (not on a log axis; named in the title)
   */
  public static BufferedImage draw(double[] edges, long[] counts, long zeroWeightRows) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    String title = String.format(Locale.ROOT, "Rows per weight bin: %,d rows%s", total,
        zeroWeightRows > 0 ? String.format(Locale.ROOT, ", plus %,d with weight 0", zeroWeightRows) : "");
    return Charts.histogram(title, "log10 weight (0 = the mean weight 1)", "rows", edges, counts, 0.0, "mean 1",
        WIDTH, HEIGHT);
  }
}
