package dev.dgmspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Charts}: sizes, something drawn in the series' colours, and inputs that do not fit rejected by name. */
class ChartsTest {
  @Test
  void curvesAreDrawnInThePaletteColours() {
    Map<String, double[][]> series = Charts.series();
    series.put("loss", new double[][] {{1, 2, 3}, {10, 7, 6}});
    series.put("kl", new double[][] {{1, 2, 3}, {1, 2, 2.5}});
    BufferedImage image = Charts.lines("t", "epoch", "nats", series);
    assertEquals(Charts.WIDTH, image.getWidth());
    assertEquals(Charts.HEIGHT, image.getHeight());
    Set<Integer> colours = colours(image);
    assertTrue(colours.contains(0x4477aa), "first series colour drawn");
    assertTrue(colours.contains(0xee6677), "second series colour drawn");
  }

  @Test
  void stackedCurvesGrowWithTheTerms() {
    Map<String, double[][]> series = Charts.series();
    series.put("a", new double[][] {{1, 2}, {1, 2}});
    BufferedImage one = Charts.stackedLines("t", "epoch", series);
    series.put("b", new double[][] {{1, 2}, {100, 50}});
    BufferedImage two = Charts.stackedLines("t", "epoch", series);
    assertEquals(one.getHeight() + 150, two.getHeight());
  }

  @Test
  void histogramNeedsOneMoreEdgeThanBins() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Charts.histogram("t", "x", "y",
        new double[] {0, 1}, new long[] {1, 2}, Double.NaN, null));
    assertTrue(e.getMessage().contains("2 edges and 2 bins"), e.getMessage());
    BufferedImage ok = Charts.histogram("t", "x", "y", new double[] {0, 1, 2}, new long[] {3, 1}, 1.0, "m");
    assertTrue(colours(ok).contains(0x4477aa), "bars drawn");
    assertTrue(colours(ok).contains(0xee6677), "marker drawn");
  }

  @Test
  void weightHistogramIsACheckedHistogramWithTheMeanMarked() {
    BufferedImage image = WeightHistogram.draw(new double[] {-1, 0, 1}, new long[] {2, 3}, 1);
    assertTrue(colours(image).contains(0x4477aa), "bars drawn");
    assertTrue(colours(image).contains(0xee6677), "mean weight marked");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WeightHistogram.draw(new double[] {0}, new long[0], 0));
    assertTrue(e.getMessage().contains("at least one bin"), e.getMessage());
  }

  @Test
  void groupedBarsCheckEachSeriesLength() {
    Map<String, double[]> series = Charts.series();
    series.put("before", new double[] {0.5, 0.5});
    series.put("after", new double[] {0.3});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Charts.groupedBars("t", "%", List.of("a", "b"), series));
    assertTrue(e.getMessage().contains("after has 1 values for 2 categories"), e.getMessage());
    series.put("after", new double[] {0.3, 0.7});
    Set<Integer> colours = colours(Charts.groupedBars("t", "%", List.of("a", "b"), series));
    assertTrue(colours.contains(0xbbbbbb), "the first series is grey");
    assertTrue(colours.contains(0x228833), "the second series is green, as the captions say");
  }

  @Test
  void scatterColoursRunFromBlueThroughGreyToRed() {
    assertEquals(0x4477aa, ((java.awt.Color) Charts.blend(0)).getRGB() & 0xffffff);
    assertEquals(0xcccccc, ((java.awt.Color) Charts.blend(0.5)).getRGB() & 0xffffff);
    assertEquals(0xee6677, ((java.awt.Color) Charts.blend(1)).getRGB() & 0xffffff);
    BufferedImage image = Charts.scatter("t", "x", "y", new double[] {0, 1, 2}, new double[] {0, 1, 0},
        new double[] {-1, 0, 1}, -1, 1, "w");
    assertTrue(image.getHeight() > 0 && colours(image).size() > 3);
  }

  private static Set<Integer> colours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colours.add(image.getRGB(x, y) & 0xffffff);
      }
    }
    return colours;
  }
}
