package dev.dgmspark.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.AttributeValues;
import dev.dgmspark.minibatch.LabeledImages;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reconstruction figures on hand-made images whose one attribute ("bright": no/yes) is plain to see: perfect
 * reconstructions keep all of the classifier's accuracy, reconstructions that all show the mean image keep none of
 * it beyond guessing, and beat the mean-image baseline only in the first case.
 */
class ReconstructionQualityTest {
  private static final AttributeValues BRIGHT = new AttributeValues(List.of("bright"), List.of(List.of("no", "yes")),
      List.of(List.of(0.5, 0.5)));

  /** Images of 8x8 grey: dark ones around 0.2, bright ones around 0.8, with noise; attribute code 0 or 1. */
  private static LabeledImages images(int n, long seed) {
    Random random = new Random(seed);
    float[] pixels = new float[n * 64];
    int[][] codes = new int[n][1];
    for (int i = 0; i < n; i++) {
      codes[i][0] = i % 2;
      for (int p = 0; p < 64; p++) {
        pixels[i * 64 + p] = (float) Math.min(1, Math.max(0, (codes[i][0] == 1 ? 0.8 : 0.2)
            + 0.1 * random.nextGaussian()));
      }
    }
    return new LabeledImages(Nd4j.create(pixels, new long[] {n, 1, 8, 8}, 'c'), codes);
  }

  @Test
  void perfectReconstructionsKeepEverything() {
    LabeledImages train = images(400, 1);
    LabeledImages held = images(100, 2);
    ReconstructionQuality.Figures f = ReconstructionQuality.measure(held.images().dup(), train, held, BRIGHT, 3);
    assertEquals(1.0, f.attributeAccuracy().get("bright"), 1e-9, "a plain attribute is learnt");
    assertEquals(1.0, f.ratio(), 1e-9);
    assertTrue(f.reconstruction() < f.meanImageReconstruction(), "the images themselves beat their mean");
    assertEquals(100, f.images());
  }

  @Test
  void meanImageReconstructionsKeepNothing() {
    LabeledImages train = images(400, 1);
    LabeledImages held = images(100, 2);
    INDArray mean = train.images().mean(0).reshape(1, 1, 8, 8);
    INDArray blobs = Nd4j.zeros(DataType.FLOAT, 100, 1, 8, 8).addi(mean.broadcast(100, 1, 8, 8));
    ReconstructionQuality.Figures f = ReconstructionQuality.measure(blobs, train, held, BRIGHT, 3);
    // one picture for every image: the classifier gives all of them the same value, right for half
    assertEquals(0.5, f.reconAttributeAccuracy().get("bright"), 1e-9);
    assertEquals(0.5, f.ratio(), 1e-9);
    assertEquals(f.meanImageReconstruction(), f.reconstruction(), 1e-3, "the baseline is exactly this");
  }

  @Test
  void withoutAttributesOnlyTheLossFiguresAreMeasured() {
    LabeledImages held = images(20, 2);
    ReconstructionQuality.Figures f = ReconstructionQuality.measure(held.images().dup(),
        new LabeledImages(images(40, 1).images(), new int[40][0]), new LabeledImages(held.images(), new int[20][0]),
        AttributeValues.none(), 3);
    assertNull(f.ratio());
    assertNull(f.attributeAccuracy());
    assertTrue(f.reconstruction() < f.meanImageReconstruction());
  }
}
