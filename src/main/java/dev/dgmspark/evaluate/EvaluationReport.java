package dev.dgmspark.evaluate;

import dev.dgmspark.report.Html;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluate job's {@code index.html}: the real and the generated grids side by side, then every figure beside
 * its real-against-real floor, the sampling speed, the attribute shares (when the feature network has attribute
 * heads) and the feature model used. The grids are files next to the page.
 */
public final class EvaluationReport {
  private EvaluationReport() {}

  /** Renders the page; {@code realGrid} and {@code generatedGrid} are the grids' file names, relative to the page. */
  public static String html(EvaluationSummary s, String realGrid, String generatedGrid) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>dgm-spark evaluation</title><style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:72em}table{border-collapse:collapse}")
        .append("td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:right}th:first-child,")
        .append("td:first-child{text-align:left}.grids{display:flex;gap:2em;flex-wrap:wrap}")
        .append("figure{margin:0}img{image-rendering:pixelated}.bar{display:inline-block;height:.7em;")
        .append("background:#4a7}.data{background:#aaa}</style></head><body>");
    String source = s.model() != null ? s.modelKind() + " model " + s.model() : "generated shards " + s.samples();
    h.append("<h1>Evaluation</h1><p>").append(Html.escape(source)).append(" against the held-out real images of ")
        .append(Html.escape(s.data())).append(".</p>");
    h.append("<div class=\"grids\"><figure><img alt=\"real images\" src=\"").append(Html.escape(realGrid))
        .append("\"><figcaption>Real (held out, reference half)</figcaption></figure><figure><img alt=\"generated ")
        .append("images\" src=\"").append(Html.escape(generatedGrid)).append("\"><figcaption>Generated</figcaption>")
        .append("</figure></div>");

    h.append("<h2>Figures</h2><p>Measured in the feature model's feature space on ").append(s.realImages())
        .append(" real images (reference half), ").append(s.generatedImages()).append(" generated images and, for ")
        .append("the floor column, ").append(s.floorImages()).append(" other held-out real images measured as if ")
        .append("they were generated.</p><table><tr><th>figure</th><th>generated</th><th>real vs real (floor)</th>")
        .append("<th>what it says</th></tr>");
    row(h, "Fréchet distance", fixed(s.frechetDistance()), fixed(s.frechetFloor()),
        "ratio " + (s.frechetRatio() == null ? "-" : fixed(s.frechetRatio())) + " (1 = as close as two real samples)");
    row(h, "precision (k = " + s.k() + ")", fixed(s.precision()), fixed(s.realVsReal().precision()),
        "share of samples that look real: quality");
    row(h, "recall (k = " + s.k() + ")", fixed(s.recall()), fixed(s.realVsReal().recall()),
        "share of real images the samples come near: coverage");
    row(h, "two-sample test accuracy", fixed(s.c2stAccuracy()), fixed(s.realVsReal().c2stAccuracy()),
        "0.5 = a classifier cannot tell them apart");
    if (s.attributes() != null) {
      row(h, "attribute coverage", fixed(s.attributes().coverage()), "", s.attributes().valuesCovered() + " of "
          + s.attributes().valuesChecked() + " values with ≥ " + percent(s.attributes().minDataShare())
          + " of the data");
      row(h, "mean attribute TV distance", fixed(s.attributes().meanTvDistance()),
          fixed(mean(s.attributes().tvDistanceRealFloor())), "0 = the data's attribute shares");
    }
    if (s.imagesPerSecond() != null) {
      row(h, "images per second", fixed(s.imagesPerSecond()), "", "batches of " + s.sampling().batchSize()
          + ", one driver thread");
      row(h, "latency per image (ms)", fixed(s.latencyMsPerImage()), "", "one image at a time");
    }
    h.append("</table>");

    if (s.attributes() != null) {
      h.append("<h2>Attributes</h2><p>Grey: share in the data; green: share among the generated images, as the ")
          .append("feature model's attribute heads classify them.</p><table><tr><th>attribute = value</th>")
          .append("<th>data</th><th>generated</th><th>held-out real (classified)</th><th>covered</th><th></th></tr>");
      s.attributes().byAttribute().forEach((attribute, values) -> values.forEach((value, v) -> h.append("<tr><td>")
          .append(Html.escape(attribute)).append(" = ").append(Html.escape(value)).append("</td><td>")
          .append(percent(v.dataShare())).append("</td><td>").append(percent(v.generatedShare())).append("</td><td>")
          .append(percent(v.heldOutRealShare())).append("</td><td>")
          .append(v.checked() ? (v.covered() ? "yes" : "<b>no</b>") : "-").append("</td><td>")
          .append("<span class=\"bar data\" style=\"width:").append(Math.round(v.dataShare() * 300))
          .append("px\"></span><br><span class=\"bar\" style=\"width:").append(Math.round(v.generatedShare() * 300))
          .append("px\"></span></td></tr>")));
      h.append("</table>");
    }
    EvaluationSummary.FeatureModelUse f = s.featureModel();
    h.append("<h2>Feature model</h2><p>").append(Html.escape(f.folder())).append(" (")
        .append(f.trainedNow() ? "trained by this run" : "reused").append("; targets: ")
        .append(Html.escape(f.targets())).append("; held-out accuracy ").append(Html.escape(f.heldOutAccuracy()
            .toString())).append(")").append(f.trainedOnThisData() ? "" : ". <b>Trained on other shards</b> (index "
            + Html.escape(f.dataIndexSha256()) + ")").append(".</p>");
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, String name, String generated, String floor, String note) {
    h.append("<tr><td>").append(Html.escape(name)).append("</td><td>").append(generated).append("</td><td>")
        .append(floor).append("</td><td style=\"text-align:left\">").append(Html.escape(note)).append("</td></tr>");
  }

  private static double mean(Map<String, Double> values) {
    return values.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
