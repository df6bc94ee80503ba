package dev.dgmspark.debias;

import dev.dgmspark.io.PngWriter;
import dev.dgmspark.report.Html;
import dev.dgmspark.report.ImageGrid;
import dev.dgmspark.report.WeightHistogram;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The debias job's {@code report.html}: one self-contained page (pictures inlined) with the settings, the effective
 * sample size, each attribute value's share before and after, the spread of the weights, and the images the
 * weighting favours most and least.
 */
public final class DebiasReport {
  private DebiasReport() {}

  /**
   * The weight distribution the page plots: rows per bin of log10(weight).
   *
   * @param log10Edges bin edges in log10(weight), ascending, one more than {@code counts}
   * @param counts rows per bin
   * @param zeroWeightRows rows with weight zero (not on a log axis; named in the plot's title)
   */
  public record WeightCounts(double[] log10Edges, long[] counts, long zeroWeightRows) {}

  /**
   * Renders the page.
   *
   * @param summary the job's summary
   * @param weightQuantiles weight at the 0, 1, 10, 50, 90, 99 and 100th percentiles
   * @param weightCounts the weight distribution, plotted as a histogram ({@link WeightHistogram}); null for no plot
   * @param mostWeighted PNG bytes of the highest-weight images, highest first
   * @param leastWeighted PNG bytes of the lowest-weight images, lowest first
   */
  public static String html(DebiasSummary summary, double[] weightQuantiles, WeightCounts weightCounts,
      List<byte[]> mostWeighted, List<byte[]> leastWeighted) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>dgm-spark debias report</title><style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}")
        .append("td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:right}th:first-child,")
        .append("td:first-child{text-align:left}.bar{display:inline-block;height:.8em;background:#4a7}")
        .append(".before{background:#aaa}img{image-rendering:pixelated;margin:2px}</style></head><body>");
    h.append("<h1>Debias report</h1>");
    h.append("<p>").append(summary.inputRows()).append(" images in, ").append(summary.outputRows())
        .append(" drawn with replacement (").append(summary.distinctRowsDrawn()).append(" distinct). Effective sample ")
        .append("size of the weights: ").append(summary.effectiveSampleSize()).append(".</p><p>Estimator: <b>")
        .append(escape(estimatorName(summary))).append("</b> on <b>").append(escape(summary.features()))
        .append("</b>. Settings: ").append(settings(summary)).append(", seed ").append(summary.seed()).append(", ")
        .append(summary.latentDims()).append(" latent dimensions.</p>");

    h.append("<h2>Weights</h2><p>Weights average 1 over the input. Percentiles:</p><table><tr>");
    String[] labels = {"min", "1%", "10%", "median", "90%", "99%", "max"};
    for (String label : labels) {
      h.append("<th>").append(label).append("</th>");
    }
    h.append("</tr><tr>");
    for (double q : weightQuantiles) {
      h.append("<td>").append(String.format(Locale.ROOT, "%.3g", q)).append("</td>");
    }
    h.append("</tr></table>");
    if (weightCounts != null) {
      byte[] png = PngWriter.bytes(WeightHistogram.draw(weightCounts.log10Edges(), weightCounts.counts(),
          weightCounts.zeroWeightRows()));
      h.append("<p><img alt=\"histogram of the weights\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(png)).append("\"></p>");
    }

    var shares = summary.attributeShares();
    if (!shares.isEmpty()) {
      h.append("<h2>Attribute shares</h2><p>Grey: share of the input; green: share of the debiased manifest ")
          .append("(weighted by times drawn).</p><table><tr><th>attribute = value</th><th>before</th>")
          .append("<th>after</th><th>after / before</th><th></th></tr>");
      shares.forEach((attribute, values) -> values.forEach((value, share) -> {
        double before = share.before();
        double after = share.after();
        h.append("<tr><td>").append(escape(attribute)).append(" = ").append(escape(value)).append("</td><td>")
            .append(percent(before)).append("</td><td>").append(percent(after)).append("</td><td>")
            .append(before > 0 ? String.format(Locale.ROOT, "%.2fx", after / before) : "-").append("</td><td>")
            .append("<span class=\"bar before\" style=\"width:").append(Math.round(before * 300))
            .append("px\"></span><br><span class=\"bar\" style=\"width:").append(Math.round(after * 300))
            .append("px\"></span></td></tr>");
      }));
      h.append("</table>");
    }
    h.append("<h2>Most weighted images</h2><p>The rarest latent positions: what the data under-represents.</p>")
        .append(grid(mostWeighted));
    h.append("<h2>Least weighted images</h2><p>The most common latent positions.</p>").append(grid(leastWeighted));
    h.append("</body></html>\n");
    return h.toString();
  }

  private static String grid(List<byte[]> pngs) {
    if (pngs.isEmpty()) {
      return "<p>(none)</p>";
    }
    List<BufferedImage> images = new ArrayList<>();
    for (byte[] png : pngs) {
      try {
        images.add(ImageIO.read(new ByteArrayInputStream(png)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<List<BufferedImage>> rows = new ArrayList<>();
    for (int from = 0; from < images.size(); from += 8) {
      rows.add(images.subList(from, Math.min(images.size(), from + 8)));
    }
    int scale = images.get(0).getWidth() < 48 ? 3 : 2;
    String data = Base64.getEncoder().encodeToString(PngWriter.bytes(ImageGrid.rows(rows, scale)));
    return "<img alt=\"images\" src=\"data:image/png;base64," + data + "\">";
  }

  private static String estimatorName(DebiasSummary summary) {
    if (DensityEstimator.KNN.label().equals(summary.estimator())) {
      return "k-nearest-neighbour density in the joint space";
    }
    if (DensityEstimator.MULTISCALE.label().equals(summary.estimator())) {
      DebiasSummary.MultiScale multi = summary.multiscale();
      return multi != null && multi.blockEnds() != null && multi.blockEnds().length > 1
          ? "multiscale k-nearest-neighbour rarity in the joint latent space and in the images' coarse appearance "
              + "(rare in either is rare)"
          : "multiscale k-nearest-neighbour rarity in the joint space";
    }
    return "per-dimension histograms (" + summary.combine() + ")";
  }

  /** The estimator's settings, as HTML (values escaped). */
  private static String settings(DebiasSummary summary) {
    DebiasSummary.Knn knn = summary.knn();
    if (knn != null) {
      return String.format(Locale.ROOT, "k %d, gamma %s, alpha %s, reference sample %d rows, density exponent D = "
          + "%s (estimated intrinsic dimension %s)", knn.k(), knn.gamma(), knn.alpha(), knn.referenceSize(),
          knn.exponentDims(), knn.estimatedIntrinsicDims());
    }
    DebiasSummary.MultiScale multi = summary.multiscale();
    if (multi != null) {
      return String.format(Locale.ROOT, "neighbourhoods %s of the reference rows (k %s of %s rows), strength %s "
          + "calibrated to an effective sample size of %s of the rows, reference sample %d rows",
          multi.blockScales() != null && multi.blockScales().size() > 1
              ? multi.blockScales().get(0) + " (latent), " + multi.blockScales().subList(1, multi.blockScales().size())
                  .stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")) + " (appearance)"
              : multi.scales(),
          java.util.Arrays.toString(multi.k()), java.util.Arrays.toString(multi.scaleReferenceRows()), multi.gamma(),
          percent(multi.targetEffectiveSampleFraction()), multi.referenceSize());
    }
    return "combine <b>" + escape(summary.combine()) + "</b>, alpha " + summary.alpha() + ", bins " + summary.bins();
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  private static String escape(String text) {
    return Html.escape(text);
  }
}
