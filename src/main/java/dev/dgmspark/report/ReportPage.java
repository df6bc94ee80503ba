package dev.dgmspark.report;

import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * One report page: sections with headings, sentences, tables and figures, each figure a PNG written next to the
 * page (so the page reads offline and can be moved with its folder) with a sentence saying what it shows.
 *
 * <p>Build it with the methods in reading order, then {@link #write} it: the images first, the page last, each
 * published atomically.
 */
public final class ReportPage {
  private static final String STYLE = "body{font-family:sans-serif;margin:2em auto;max-width:62em;color:#222;"
      + "padding:0 1em}h1{margin-bottom:.2em}nav{margin-bottom:1.5em;color:#666}nav a{margin-right:1em}"
      + "table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .8em;border-bottom:1px solid #ddd;"
      + "text-align:left}td.n{text-align:right}figure{margin:1em 0}"
      + "figure img{max-width:100%;border:1px solid #eee}img.pixels{image-rendering:pixelated}"
      + "figcaption{color:#444;font-size:.95em;max-width:50em}.note{color:#666}";

  /** A cell that reads as a number (counts, shares, ratios), aligned right. */
  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("-?[0-9][0-9,]*(\\.[0-9]+)?(%|x| s)?");

  private final String name;
  private final String title;
  private final StringBuilder body = new StringBuilder();
  private final Map<String, byte[]> images = new LinkedHashMap<>();
  private final List<String> headings = new ArrayList<>();

  private ReportPage(String name, String title) {
    this.name = name;
    this.title = title;
  }

  /**
   * A page written as {@code name + ".html"}; its images are named {@code name-<figure>.png}.
   *
   * @param name the page's file name without {@code .html}: letters, digits, {@code -} and {@code _}
   * @param title the page's title and first heading
   */
  public static ReportPage named(String name, String title) {
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("A page name is letters, digits, '-' and '_'; got '" + name + "'");
    }
    return new ReportPage(name, title);
  }

  /** The page's file name, {@code name.html}. */
  public String fileName() {
    return name + ".html";
  }

  /** A line of links to other pages: label to relative address. */
  public ReportPage nav(Map<String, String> links) {
    body.append("<nav>");
    links.forEach((label, href) -> body.append("<a href=\"").append(Html.escape(href)).append("\">")
        .append(Html.escape(label)).append("</a>"));
    body.append("</nav>");
    return this;
  }

  /** A second-level heading. */
  public ReportPage section(String heading) {
    headings.add(heading);
    body.append("<h2>").append(Html.escape(heading)).append("</h2>");
    return this;
  }

  /** A paragraph of plain text (escaped). */
  public ReportPage text(String sentence) {
    body.append("<p>").append(Html.escape(sentence)).append("</p>");
    return this;
  }

  /** A paragraph of text with a link in it: {@code before}, the link, {@code after}. */
  public ReportPage link(String before, String label, String href, String after) {
    body.append("<p>").append(Html.escape(before)).append("<a href=\"").append(Html.escape(href)).append("\">")
        .append(Html.escape(label)).append("</a>").append(Html.escape(after)).append("</p>");
    return this;
  }

  /** A table; the first row is the header. Cells are plain text; those that read as numbers are aligned right. */
  public ReportPage table(List<List<String>> rows) {
    if (rows.isEmpty()) {
      return this;
    }
    body.append("<table>");
    for (int r = 0; r < rows.size(); r++) {
      body.append("<tr>");
      for (String cell : rows.get(r)) {
        String tag = r == 0 ? "th" : "td";
        String cls = r > 0 && NUMBER.matcher(cell).matches() ? " class=\"n\"" : "";
        body.append('<').append(tag).append(cls).append('>').append(Html.escape(cell)).append("</").append(tag)
            .append('>');
      }
      body.append("</tr>");
    }
    body.append("</table>");
    return this;
  }

  /** A chart or picture, drawn now and written next to the page, with the sentence that says what it shows. */
  public ReportPage figure(String figureName, RenderedImage image, String alt, String caption) {
    return figure(figureName, PngWriter.bytes(image), alt, caption, false);
  }

  /**
   * A PNG written next to the page with its caption; {@code pixels} shows small pictures scaled without smoothing.
   */
  public ReportPage figure(String figureName, byte[] png, String alt, String caption, boolean pixels) {
    String file = name + "-" + figureName + ".png";
    if (images.containsKey(file)) {
      throw new IllegalArgumentException("Two figures named '" + figureName + "' on page " + name);
    }
    images.put(file, png);
    body.append("<figure><img").append(pixels ? " class=\"pixels\"" : "").append(" alt=\"").append(Html.escape(alt))
        .append("\" src=\"").append(Html.escape(file)).append("\"><figcaption>").append(Html.escape(caption))
        .append("</figcaption></figure>");
    return this;
  }

  /** The section headings so far, in order. */
  public List<String> headings() {
    return List.copyOf(headings);
  }

  /** The image files this page refers to, by name. */
  public Set<String> imageFiles() {
    return new TreeSet<>(images.keySet());
  }

  /** The page's HTML. */
  public String html() {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
        + "content=\"width=device-width\"><title>" + Html.escape(title) + "</title><style>" + STYLE
        + "</style></head><body><h1>" + Html.escape(title) + "</h1>" + body + "</body></html>\n";
  }

  /** Writes the images, then the page, into {@code folder}, each atomically. Returns the page's path. */
  public Path write(Path folder, Configuration conf) throws IOException {
    for (Map.Entry<String, byte[]> image : images.entrySet()) {
      Storage.writeAtomically(new Path(folder, image.getKey()), image.getValue(), conf);
    }
    Path page = new Path(folder, fileName());
    Storage.writeAtomically(page, html().getBytes(StandardCharsets.UTF_8), conf);
    return page;
  }
}
