package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The appearance features: thumbnails by hand, principal directions of data with a known structure. */
class AppearanceTest {

  @Test
  void aThumbnailCellIsTheMeanOfItsBlockPerChannel() {
    // 4x4, two channels, channel-first: channel 0 holds 0..15, channel 1 holds 100 everywhere.
    float[] pixels = new float[32];
    for (int i = 0; i < 16; i++) {
      pixels[i] = i;
      pixels[16 + i] = 100;
    }
    float[] thumb = Appearance.thumbnail(pixels, 4, 2, 2);
    // Top-left block holds 0, 1, 4, 5; top-right 2, 3, 6, 7; bottom-left 8, 9, 12, 13; bottom-right 10, 11, 14, 15.
    assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f, 100, 100, 100, 100}, thumb, 1e-6f);
  }

  @Test
  void sizesNotDivisibleByTheGridUseRoundedBounds() {
    // 5x5 into 2x2: bounds round(2.5) = 3, so the blocks are rows/columns [0, 3) and [3, 5).
    float[] pixels = new float[25];
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        pixels[y * 5 + x] = x < 3 ? 1 : 7;
      }
    }
    assertArrayEquals(new float[] {1, 7, 1, 7}, Appearance.thumbnail(pixels, 5, 1, 2), 1e-6f);
    assertArrayEquals(pixels, Appearance.thumbnail(pixels, 5, 1, 5), "a grid of the image's size is the image");
    assertThrows(IllegalArgumentException.class, () -> Appearance.thumbnail(pixels, 5, 1, 6));
    assertThrows(IllegalArgumentException.class, () -> Appearance.thumbnail(pixels, 4, 1, 2));
  }

  @Test
  void theFirstDirectionIsTheDataLargestSpreadAndProjectionsAreCentred() {
    // 3-D points: large spread along (1, 1, 0)/√2, small along (1, -1, 0)/√2, tiny along z; offset from the origin.
    Random random = new Random(3);
    List<float[]> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double a = 5 * random.nextGaussian();
      double b = 1 * random.nextGaussian();
      double c = 0.1 * random.nextGaussian();
      rows.add(new float[] {(float) (10 + (a + b) / Math.sqrt(2)), (float) (-4 + (a - b) / Math.sqrt(2)),
          (float) (2 + c)});
    }
    Appearance appearance = Appearance.fit(rows, 2);
    assertEquals(2, appearance.components());
    float[] first = appearance.direction(0);
    float[] second = appearance.direction(1);
    assertEquals(1.0, Math.abs(first[0] + first[1]) / Math.sqrt(2), 1e-3, "first: ±(1, 1, 0)/√2");
    assertEquals(1.0, Math.abs(second[0] - second[1]) / Math.sqrt(2), 1e-3, "second: ±(1, −1, 0)/√2");
    double mean0 = 0;
    double var0 = 0;
    double var1 = 0;
    for (float[] r : rows) {
      float[] p = appearance.project(r);
      assertEquals(2, p.length);
      mean0 += p[0];
      var0 += p[0] * p[0];
      var1 += p[1] * p[1];
    }
    assertEquals(0.0, mean0 / rows.size(), 1e-3, "centred on the data's mean");
    assertEquals(25.0, var0 / rows.size(), 2.0, "the first coordinate's variance is the large spread's");
    assertEquals(1.0, var1 / rows.size(), 0.1);
  }

  @Test
  void fewerComponentsThanAskedWhenTheThumbnailsAreShorter() {
    List<float[]> rows = List.of(new float[] {0, 1}, new float[] {1, 0}, new float[] {2, 2});
    assertEquals(2, Appearance.fit(rows, 8).components());
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Appearance.fit(List.of(new float[] {1, 2}), 1));
    assertThrows(IllegalArgumentException.class,
        () -> Appearance.fit(List.of(new float[] {1, 2}, new float[] {1, 2, 3}), 1));
    assertThrows(IllegalArgumentException.class,
        () -> Appearance.fit(List.of(new float[] {1, 2}, new float[] {3, 4}), 0));
    Appearance fitted = Appearance.fit(List.of(new float[] {1, 2}, new float[] {3, 5}), 1);
    assertThrows(IllegalArgumentException.class, () -> fitted.project(new float[] {1, 2, 3}));
  }

  @Test
  void theLatentSpaceIsJudgedAtEveryScaleAndTheAppearanceAtTheSmallestOnly() {
    MultiScaleSettings settings = MultiScaleSettings.defaults().withScales(List.of(0.2, 0.05, 0.01));
    List<MultiScaleRarity.Block> blocks = settings.blocks(new int[] {16, 24});
    assertEquals(List.of(new MultiScaleRarity.Block(16, List.of(0.2, 0.05, 0.01)),
        new MultiScaleRarity.Block(24, List.of(0.01))), blocks);
    assertEquals(List.of(new MultiScaleRarity.Block(16, List.of(0.2, 0.05, 0.01))),
        settings.blocks(new int[] {16}), "one space: every scale");
    assertTrue(Appearance.COMPONENTS <= Appearance.GRID * Appearance.GRID);
  }
}
