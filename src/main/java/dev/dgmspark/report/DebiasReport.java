package dev.dgmspark.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The debias job's {@code report.html}: one self-contained page (pictures inlined) with the settings, the effective
 * sample size, each attribute value's share before and after, the spread of the weights, and the images the
 * weighting favours most and least.
 */
public final class DebiasReport {
  private DebiasReport() {}

  /**
   * Renders the page.
   *
   * @param summary the job's summary (as written to {@code summary.json})
   * @param weightQuantiles weight at the 0, 1, 10, 50, 90, 99 and 100th percentiles
   * @param mostWeighted PNG bytes of the highest-weight images, highest first
   * @param leastWeighted PNG bytes of the lowest-weight images, lowest first
   */
  public static String html(Map<String, Object> summary, double[] weightQuantiles, List<byte[]> mostWeighted,
      List<byte[]> leastWeighted) {
    return html(summary, weightQuantiles, null, mostWeighted, leastWeighted);
  }

  /**
   * Renders the page with a plot of the weight distribution.
   *
   * @param weightHistogramPng PNG of the weight histogram ({@link WeightHistogram}), or null for none
   */
  public static String html(Map<String, Object> summary, double[] weightQuantiles, byte[] weightHistogramPng,
      List<byte[]> mostWeighted, List<byte[]> leastWeighted) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>dgm-spark debias report</title><style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}")
        .append("td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:right}th:first-child,")
        .append("td:first-child{text-align:left}.bar{display:inline-block;height:.8em;background:#4a7}")
        .append(".before{background:#aaa}img{image-rendering:pixelated;margin:2px}</style></head><body>");
    h.append("<h1>Debias report</h1>");
    h.append("<p>").append(escape(String.valueOf(summary.get("input_rows")))).append(" images in, ")
        .append(escape(String.valueOf(summary.get("output_rows")))).append(" drawn with replacement (")
        .append(escape(String.valueOf(summary.get("distinct_rows_drawn")))).append(" distinct). Effective sample ")
        .append("size of the weights: ").append(escape(String.valueOf(summary.get("effective_sample_size"))))
        .append(".</p><p>Estimator: <b>").append(escape(estimatorName(summary))).append("</b> on <b>")
        .append(escape(String.valueOf(summary.getOrDefault("features", "latent")))).append("</b>. Settings: ")
        .append(escape(settings(summary))).append(", seed ")
        .append(escape(String.valueOf(summary.get("seed")))).append(", ")
        .append(escape(String.valueOf(summary.get("latent_dims")))).append(" latent dimensions.</p>");

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
    if (weightHistogramPng != null) {
      h.append("<p><img alt=\"histogram of the weights\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(weightHistogramPng)).append("\"></p>");
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Map<String, Object>>> shares =
        (Map<String, Map<String, Map<String, Object>>>) summary.get("attribute_shares");
    if (shares != null && !shares.isEmpty()) {
      h.append("<h2>Attribute shares</h2><p>Grey: share of the input; green: share of the debiased manifest ")
          .append("(weighted by times drawn).</p><table><tr><th>attribute = value</th><th>before</th>")
          .append("<th>after</th><th>after / before</th><th></th></tr>");
      shares.forEach((attribute, values) -> values.forEach((value, share) -> {
        double before = ((Number) share.get("before")).doubleValue();
        double after = ((Number) share.get("after")).doubleValue();
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
    String data = Base64.getEncoder().encodeToString(ImageGrid.png(ImageGrid.rows(rows, scale)));
    return "<img alt=\"images\" src=\"data:image/png;base64," + data + "\">";
  }

  private static String estimatorName(Map<String, Object> summary) {
    Object estimator = summary.getOrDefault("estimator", "histogram");
    if ("knn".equals(estimator)) {
      return "k-nearest-neighbour density in the joint space";
    }
    return "per-dimension histograms (" + summary.get("combine") + ")";
  }

  private static String settings(Map<String, Object> summary) {
    Object knn = summary.get("knn");
    if (knn instanceof Map<?, ?> k) {
      return String.format(Locale.ROOT, "k %s, gamma %s, alpha %s, reference sample %s rows, density exponent D = "
          + "%s (estimated intrinsic dimension %s)", k.get("k"), k.get("gamma"), k.get("alpha"),
          k.get("reference_size"), k.get("exponent_dims"), k.get("estimated_intrinsic_dims"));
    }
    return "combine " + summary.get("combine") + ", alpha " + summary.get("alpha") + ", bins " + summary.get("bins");
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
