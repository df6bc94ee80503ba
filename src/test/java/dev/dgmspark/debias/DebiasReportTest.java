package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.common.Provenance;
import dev.dgmspark.io.PngWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@link DebiasReport}: the page shows the summary's figures, the estimator and its settings, the shares table, the
 * weight histogram and the two image grids.
 */
class DebiasReportTest {
  private static DebiasSummary summary(Map<String, Map<String, DebiasSummary.ValueShare>> shares) {
    return new DebiasSummary("file:/data", "file:/latents", "file:/out", "histogram", "latent", 0.001, 10, "max", 42,
        3000, 0, 3000, 1234, 4, null, null, 456.7, 0.1522, 12.5, shares, 9.5, 1.25, 3.5,
        Provenance.of("debias", Map.of(), Instant.EPOCH));
  }

  private static DebiasSummary knnSummary() {
    DebiasSummary.Knn knn = new DebiasSummary.Knn(20, 1.0, 0.01, 2500, 10_000, 42, 0.0, 5.123, 5.123, -1.5, 0.25,
        0.5, 1.75);
    return new DebiasSummary("file:/data", null, "file:/out", "knn", "pixels", 0.01, 10, "max", 42, 2500, 0, 2500,
        1500, 784, knn, null, 600.2, 0.2401, 8.0, Map.of(), 9.5, 0.0, 2.5,
        Provenance.of("debias", Map.of(), Instant.EPOCH));
  }

  private static DebiasSummary multiScaleSummary() {
    DebiasSummary.MultiScale multi = new DebiasSummary.MultiScale(List.of(0.01, 0.2), new int[] {16},
        List.of(List.of(0.01, 0.2)), new int[] {37, 749}, new int[] {3750, 3750}, 0.2,
        1.2345, 0.2001, new double[] {-0.5, 0.7}, new double[] {0.3, 0.2}, 3.5, 3750, 10_000, 42, 0.1, 0.4, 1.5);
    return new DebiasSummary("file:/data", "file:/latents", "file:/out", "multiscale", "latent", 0.0, 10, "max", 42,
        3750, 0, 3750, 1600, 16, null, multi, 750.0, 0.2, 9.0, Map.of(), 9.5, 0.0, 2.5,
        Provenance.of("debias", Map.of(), Instant.EPOCH));
  }

  private static DebiasSummary latentAppearanceSummary() {
    DebiasSummary.MultiScale multi = new DebiasSummary.MultiScale(List.of(0.01, 0.2), new int[] {16, 24},
        List.of(List.of(0.01, 0.2), List.of(0.01)), new int[] {37, 749, 37}, new int[] {3750, 3750, 3750}, 0.2,
        1.2345, 0.2001, new double[] {-0.5, 0.7, 0.1}, new double[] {0.3, 0.2, 0.4}, 3.5, 3750, 10_000, 42, 0.1, 0.4,
        1.5);
    return new DebiasSummary("file:/data", "file:/latents", "file:/out", "multiscale", "latent+appearance", 0.0, 10,
        "max", 42, 3750, 0, 3750, 1600, 24, null, multi, 750.0, 0.2, 9.0, Map.of(), 9.5, 0.0, 2.5,
        Provenance.of("debias", Map.of(), Instant.EPOCH));
  }

  private static List<byte[]> pictures(int count, int rgb) {
    List<byte[]> pngs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) {
          image.setRGB(x, y, rgb + i);
        }
      }
      pngs.add(PngWriter.bytes(image));
    }
    return pngs;
  }

  @Test
  void thePageShowsTheFiguresSettingsAndShares() {
    Map<String, Map<String, DebiasSummary.ValueShare>> shares = new LinkedHashMap<>();
    Map<String, DebiasSummary.ValueShare> skin = new LinkedHashMap<>();
    skin.put("dark", new DebiasSummary.ValueShare(0.05, 0.15, 150, 450));
    skin.put("light", new DebiasSummary.ValueShare(0.95, 0.85, 2850, 2550));
    shares.put("skin_tone", skin);
    shares.put("a<b", Map.of("x&y", new DebiasSummary.ValueShare(0.0, 0.25, 0, 750)));
    double[] quantiles = {0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 12.5};
    String html = DebiasReport.html(summary(shares), quantiles, null, List.of(), List.of());

    assertTrue(html.startsWith("<!doctype html>") && html.endsWith("</html>\n"), html);
    assertTrue(html.contains("3000 images in, 3000 drawn with replacement (1234 distinct)"), html);
    assertTrue(html.contains("Effective sample size of the weights: 456.7"), html);
    assertTrue(html.contains("combine <b>max</b>, alpha 0.001, bins 10, seed 42, 4 latent dimensions"), html);
    assertTrue(html.contains("Estimator: <b>per-dimension histograms (max)</b> on <b>latent</b>."), html);
    assertFalse(html.contains("histogram of the weights"), "no weight counts, no plot");
    for (String q : new String[] {"0.0100", "0.100", "0.500", "1.00", "2.00", "5.00", "12.5"}) {
      assertTrue(html.contains("<td>" + q + "</td>"), "percentile " + q + " in three significant digits: " + html);
    }
    // 5% -> 15% is 3x; the bars are 300 pixels for a share of 1.
    assertTrue(html.contains("<td>skin_tone = dark</td><td>5.0%</td><td>15.0%</td><td>3.00x</td>"), html);
    assertTrue(html.contains("width:15px\"></span><br><span class=\"bar\" style=\"width:45px\""), html);
    assertTrue(html.contains("<td>skin_tone = light</td><td>95.0%</td><td>85.0%</td><td>0.89x</td>"), html);
    // Names are escaped; a value absent before has no ratio.
    assertTrue(html.contains("<td>a&lt;b = x&amp;y</td><td>0.0%</td><td>25.0%</td><td>-</td>"), html);
    assertFalse(html.contains("a<b"), "raw attribute names never reach the page");
    assertEquals(2, count(html, "<p>(none)</p>"), "no images: both grids say so");
  }

  @Test
  void withoutAttributesThereIsNoSharesTable() {
    String html = DebiasReport.html(summary(Map.of()), new double[7], null, List.of(), List.of());
    assertFalse(html.contains("Attribute shares"), html);
  }

  @Test
  void theImagesAreInlinedAsGridsOfEightPerRow() throws Exception {
    String html = DebiasReport.html(summary(Map.of()), new double[7], null, pictures(10, 0x204060),
        pictures(3, 0x806040));
    Matcher images = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    List<BufferedImage> grids = new ArrayList<>();
    while (images.find()) {
      grids.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.group(1)))));
    }
    assertEquals(2, grids.size());
    // 16-pixel pictures are shown at 3x (under 48 pixels), cells of 48 with a 2-pixel gap: 10 pictures in two rows
    // of up to 8, then 3 pictures in one row.
    assertEquals(2 + 8 * 50, grids.get(0).getWidth());
    assertEquals(2 + 2 * 50, grids.get(0).getHeight());
    assertEquals(2 + 3 * 50, grids.get(1).getWidth());
    assertEquals(2 + 50, grids.get(1).getHeight());
    assertEquals(0x204060, grids.get(0).getRGB(2, 2) & 0xffffff, "the most weighted first");
    assertEquals(0x806040 + 2, grids.get(1).getRGB(2 + 2 * 50, 2) & 0xffffff, "the third least weighted third");
  }

  @Test
  void theMultiscalePageNamesTheEstimatorAndItsCalibratedSettings() {
    String html = DebiasReport.html(multiScaleSummary(), new double[7],
        new DebiasReport.WeightCounts(new double[] {-1.0, 0.0}, new long[] {3750}, 1), List.of(), List.of());
    assertTrue(html.contains("Estimator: <b>multiscale k-nearest-neighbour rarity in the joint space</b> on <b>latent"
        + "</b>."), html);
    assertTrue(html.contains("Settings: neighbourhoods [0.01, 0.2] of the reference rows (k [37, 749] of [3750, 3750] "
        + "rows), strength 1.2345 calibrated to an effective sample size of 20.0% of the rows, reference sample 3750 "
        + "rows, seed 42"),
        html);
    assertFalse(html.contains("combine <b>"), "the histogram settings are not the multiscale run's");
  }

  @Test
  void theLatentAppearancePageNamesBothFeatureSpacesAndTheirScales() {
    String html = DebiasReport.html(latentAppearanceSummary(), new double[7],
        new DebiasReport.WeightCounts(new double[] {-1.0, 0.0}, new long[] {3750}, 1), List.of(), List.of());
    assertTrue(html.contains("Estimator: <b>multiscale k-nearest-neighbour rarity in the joint latent space and in the "
        + "images' coarse appearance (rare in either is rare)</b> on <b>latent+appearance</b>."), html);
    assertTrue(html.contains("Settings: neighbourhoods [0.01, 0.2] (latent), [0.01] (appearance) of the reference "
        + "rows (k [37, 749, 37] of [3750, 3750, 3750] rows)"), html);
  }

  @Test
  void theKnnPageNamesTheEstimatorItsSettingsAndPlotsTheWeights() throws Exception {
    double[] edges = {-1.0, -0.5, 0.0, 0.5};
    long[] counts = {100, 2000, 398};
    String html = DebiasReport.html(knnSummary(), new double[7], new DebiasReport.WeightCounts(edges, counts, 2),
        List.of(), List.of());
    assertTrue(html.contains("Estimator: <b>k-nearest-neighbour density in the joint space</b> on <b>pixels</b>."),
        html);
    assertTrue(html.contains("Settings: k 20, gamma 1.0, alpha 0.01, reference sample 2500 rows, density exponent "
        + "D = 5.123 (estimated intrinsic dimension 5.123), seed 42, 784 latent dimensions."), html);
    assertFalse(html.contains("combine <b>"), "the histogram settings are not the k-NN run's");
    Matcher plot = Pattern.compile("alt=\"histogram of the weights\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
        .matcher(html);
    assertTrue(plot.find(), html);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(plot.group(1))));
    assertEquals(640, image.getWidth());
    assertEquals(300, image.getHeight());
  }

  @Test
  void weightCountsThatDoNotMakeAHistogramAreRefused() {
    DebiasReport.WeightCounts bad = new DebiasReport.WeightCounts(new double[] {0.0, 1.0}, new long[] {1, 2}, 0);
    assertThrows(IllegalArgumentException.class, () -> DebiasReport.html(knnSummary(), new double[7], bad, List.of(),
        List.of()));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
