package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The attribute figures of the GAN's quality measure, worked by hand. */
class GanQualityTest {
  @Test
  void sharesCountEachRowsValueAndSkipCodesOutOfRange() {
    int[][] codes = {{0, 1}, {1, 1}, {1, 0}, {2, 255}};
    assertArrayEquals(new double[] {0.25, 0.5, 0.25}, GanQuality.shares(codes, 0, 3), 1e-12);
    // Row 4's code 255 (missing) is no value's, so the shares of attribute 1 sum to 3/4.
    assertArrayEquals(new double[] {0.25, 0.5}, GanQuality.shares(codes, 1, 2), 1e-12);
  }

  @Test
  void totalVariationAndCoverageOfOneAttribute() {
    // Training: no 0.70, yes 0.27, rare 0.03; generated: 0.90, 0.10, 0.00; held-out real: 0.68, 0.29, 0.03.
    GanQuality.AttributeFit fit = GanQuality.AttributeFit.of(List.of("no", "yes", "rare"), List.of(0.70, 0.27, 0.03),
        new double[] {0.90, 0.10, 0.00}, new double[] {0.68, 0.29, 0.03});
    // TV = (|0.7-0.9| + |0.27-0.1| + |0.03-0|) / 2 = (0.2 + 0.17 + 0.03) / 2 = 0.2
    assertEquals(0.2, fit.tvDistance(), 1e-12);
    assertEquals(0.02, fit.tvFloor(), 1e-12);
    assertEquals(List.of("no", "yes"), List.copyOf(fit.checked().keySet()), "values under 5% are not checked");
    assertTrue(fit.checked().get("no").covered());
    // 0.10 < 0.5 x 0.27: the generator under-produces "yes" by more than half.
    assertFalse(fit.checked().get("yes").covered());
    assertEquals(0.27, fit.checked().get("yes").trainingShare(), 1e-12);
    assertEquals(0.1, fit.checked().get("yes").generatedShare(), 1e-12);
  }

  @Test
  void aGeneratedShareOfExactlyHalfTheTrainingShareIsCovered() {
    GanQuality.AttributeFit fit = GanQuality.AttributeFit.of(List.of("a", "b"), List.of(0.5, 0.5),
        new double[] {0.75, 0.25}, new double[] {0.5, 0.5});
    assertTrue(fit.checked().get("b").covered());
    assertEquals(0.25, fit.tvDistance(), 1e-12);
    assertEquals(0.0, fit.tvFloor(), 1e-12);
  }
}
