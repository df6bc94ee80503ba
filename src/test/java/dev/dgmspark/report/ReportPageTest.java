package dev.dgmspark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReportPage}: text escaped, figures written beside the page under the page's name, headings listed. */
class ReportPageTest {
  @TempDir Path dir;

  @Test
  void figuresAreWrittenBesideThePageAndReferencedByName() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    ReportPage page = ReportPage.named("debias", "Debias <run>").nav(Map.of("overview", "index.html"))
        .section("Weights").text("a < b & c").figure("weights", png, "alt \"x\"", "What it shows.", true)
        .table(List.of(List.of("value", "share"), List.of("<dark>", "5%")));
    org.apache.hadoop.fs.Path written = page.write(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration());
    assertEquals(dir.resolve("debias.html").toUri().getPath(), written.toUri().getPath());
    assertArrayEquals(png, Files.readAllBytes(dir.resolve("debias-weights.png")));
    String html = Files.readString(dir.resolve("debias.html"));
    assertTrue(html.contains("<title>Debias &lt;run&gt;</title>"), html);
    assertTrue(html.contains("<p>a &lt; b &amp; c</p>"), html);
    assertTrue(html.contains("class=\"pixels\" alt=\"alt &quot;x&quot;\" src=\"debias-weights.png\""), html);
    assertTrue(html.contains("<figcaption>What it shows.</figcaption>"), html);
    assertTrue(html.contains("<td>&lt;dark&gt;</td><td class=\"n\">5%</td>"), html);
    assertEquals(List.of("Weights"), page.headings());
    assertEquals(Set.of("debias-weights.png"), page.imageFiles());
  }

  @Test
  void namesAreCheckedAndFiguresAreUnique() {
    assertThrows(IllegalArgumentException.class, () -> ReportPage.named("../x", "t"));
    ReportPage page = ReportPage.named("p", "t").figure("a", new byte[1], "a", "a", false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> page.figure("a", new byte[1], "a", "a", false));
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
  }
}
