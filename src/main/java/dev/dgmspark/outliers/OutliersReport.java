package dev.dgmspark.outliers;

import dev.dgmspark.report.Html;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outliers job's {@code report.html}: one self-contained page (pictures inlined) with the settings, how each
 * component was standardised, the attribute values' shares among the top images, and the top images with their
 * scores.
 */
public final class OutliersReport {
  private OutliersReport() {}

  /**
   * Renders the page.
   *
   * @param summary the job's summary
   * @param topImages PNG bytes of {@code summary.topImages()}, in the same order (null where an image is missing)
   */
  public static String html(OutliersSummary summary, List<byte[]> topImages) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>dgm-spark outliers report</title><style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}")
        .append("td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:right}th:first-child,")
        .append("td:first-child{text-align:left}.grid{display:flex;flex-wrap:wrap;gap:.6em}")
        .append("figure{margin:0;width:8.5em;font-size:.75em;overflow-wrap:anywhere}")
        .append("img{image-rendering:pixelated;width:96px;height:96px}</style></head><body>");
    h.append("<h1>Outliers report</h1>");
    h.append("<p>").append(summary.rows()).append(" images scored");
    if (summary.rowsWithoutFiniteScores() > 0) {
      h.append(" (").append(summary.rowsWithoutFiniteScores())
          .append(" without a finite latent or reconstruction error: no score, ranked first)");
    }
    h.append(". Score = ").append(fmt(summary.reconWeight())).append(" &times; reconstruction score + ")
        .append(fmt(1 - summary.reconWeight())).append(" &times; density score, each component standardised ")
        .append("over the data as (x &minus; median) / (IQR / 1.349); the density score is the negated log density ")
        .append("of the image's latent mean (k-NN, k = ").append(summary.density().k()).append(", ")
        .append(summary.density().referenceSize()).append(" reference rows, D = ")
        .append(fmt(summary.density().exponentDims())).append(", ").append(summary.latentDims())
        .append(" latent dimensions).</p>");
    h.append("<p>The reconstruction score is of the reconstruction error minus that of a perfect reconstruction of ")
        .append("the same image (the ").append(Html.escape(summary.likelihood()))
        .append(" decoder's floor), so that dark or flat pictures, whose error can go lower, compare fairly.</p>");
    h.append("<table><tr><th>component</th><th>median</th><th>IQR</th></tr>");
    h.append("<tr><td>reconstruction excess (nats)</td><td>").append(fmt(summary.reconstructionScale().median()))
        .append("</td><td>").append(fmt(summary.reconstructionScale().interquartileRange())).append("</td></tr>");
    h.append("<tr><td>log density (nats, relative)</td><td>").append(fmt(summary.densityScale().median()))
        .append("</td><td>").append(fmt(summary.densityScale().interquartileRange())).append("</td></tr></table>");

    Map<String, Map<String, OutliersSummary.ValueShare>> shares = summary.attributeShares();
    if (!shares.isEmpty()) {
      h.append("<h2>Attribute values among the top ").append(summary.topImages().size()).append("</h2>")
          .append("<table><tr><th>attribute = value</th><th>images</th><th>share of all</th><th>in the top</th>")
          .append("<th>share of the top</th></tr>");
      shares.forEach((attribute, values) -> values.forEach((value, share) -> h.append("<tr><td>")
          .append(Html.escape(attribute)).append(" = ").append(Html.escape(value)).append("</td><td>")
          .append(share.rows()).append("</td><td>").append(pct(share.share())).append("</td><td>")
          .append(share.inTop()).append("</td><td>").append(pct(share.topShare())).append("</td></tr>")));
      h.append("</table>");
    }

    h.append("<h2>Top ").append(summary.topImages().size()).append(" images</h2><div class=\"grid\">");
    for (int i = 0; i < summary.topImages().size(); i++) {
      OutliersSummary.Outlier o = summary.topImages().get(i);
      byte[] png = i < topImages.size() ? topImages.get(i) : null;
      h.append("<figure>");
      if (png != null) {
        h.append("<img alt=\"rank ").append(o.rank()).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(png)).append("\">");
      }
      h.append("<figcaption>#").append(o.rank()).append(" score ").append(fmt(o.score())).append("<br>recon ")
          .append(fmt(o.reconScore())).append(", density ").append(fmt(o.densityScore())).append("<br>")
          .append(Html.escape(name(o.path()))).append("</figcaption></figure>");
    }
    h.append("</div></body></html>\n");
    return h.toString();
  }

  private static String name(String path) {
    return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
  }

  private static String fmt(Double value) {
    return value == null ? "&ndash;" : String.format(Locale.ROOT, "%.3g", value);
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
