package dev.dgmspark.traverse;

import dev.dgmspark.report.Html;
import java.util.Base64;
import java.util.Locale;

/**
 * The traverse job's {@code report.html}: one self-contained page (pictures inlined) with the grid, what each row
 * sweeps and how much it changes the picture, and, around an image, that image and its reconstruction.
 */
public final class TraversalReport {
  private TraversalReport() {}

  /**
   * Renders the page.
   *
   * @param summary the job's summary
   * @param grid the grid's PNG bytes
   * @param image the base image's PNG bytes, or null around z = 0
   * @param reconstruction the base image's reconstruction (z = its latent mean) as PNG bytes, or null
   */
  public static String html(TraversalSummary summary, byte[] grid, byte[] image, byte[] reconstruction) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>dgm-spark latent traversal</title><style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}")
        .append("td,th{padding:.15em .8em;border-bottom:1px solid #ddd;text-align:right}")
        .append(".bar{display:inline-block;height:.8em;background:#4a7}")
        .append("img{image-rendering:pixelated;margin:2px}.side{display:flex;gap:2em;align-items:flex-start}")
        .append("</style></head><body><h1>Latent traversal</h1>");
    h.append("<p>Model <b>").append(Html.escape(summary.model())).append("</b> (").append(summary.modelKind())
        .append(", ").append(summary.latentDim()).append(" latent dimensions). Each row sets one latent coordinate to ")
        .append(summary.steps()).append(" values from ").append(fmt(-summary.range())).append(" to ")
        .append(fmt(summary.range())).append(" (left to right) and keeps the others at ");
    if ("image".equals(summary.base())) {
      h.append("the latent mean of image <b>").append(Html.escape(summary.image())).append("</b> (")
          .append(Html.escape(String.valueOf(summary.imagePath()))).append(").</p>");
    } else {
      h.append("0, the prior's mean.</p>");
    }
    h.append("<p>Rows are ordered by how much they change the picture: the mean absolute pixel difference (pixel ")
        .append("values 0 to 1) between neighbouring pictures, summed along the row.</p>");
    if (image != null) {
      h.append("<p>Base image and its reconstruction: ").append(img(image, "base image", 96))
          .append(img(reconstruction, "reconstruction", 96)).append("</p>");
    }
    double max = summary.dimensions().stream().mapToDouble(TraversalSummary.Dimension::change).max().orElse(0);
    h.append("<div class=\"side\"><table><tr><th>row</th><th>dimension</th><th>change</th><th></th></tr>");
    for (TraversalSummary.Dimension d : summary.dimensions()) {
      h.append("<tr><td>").append(d.row()).append("</td><td>").append(d.dimension()).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.4f", d.change())).append("</td><td style=\"text-align:left\">")
          .append("<span class=\"bar\" style=\"width:").append(max > 0 ? Math.round(120 * d.change() / max) : 0)
          .append("px\"></span></td></tr>");
    }
    h.append("</table><div>").append(img(grid, "traversal grid", 0)).append("</div></div></body></html>\n");
    return h.toString();
  }

  private static String img(byte[] png, String alt, int width) {
    return "<img alt=\"" + alt + "\"" + (width > 0 ? " width=\"" + width + "\"" : "") + " src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png) + "\">";
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%+.3g", value);
  }
}
