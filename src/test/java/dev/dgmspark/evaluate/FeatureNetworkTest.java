package dev.dgmspark.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.common.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.NDArrayIndex;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The quarter turns of the rotation targets, and a feature network saved and read back. */
class FeatureNetworkTest {
  @TempDir Path dir;

  @Test
  void withoutAttributesItLearnsRotationsAndReadsBackGivingTheSameFeatures() throws Exception {
    // Images with a bright top-left quarter: their quarter turns are easy to tell apart.
    int n = 64;
    int size = 28;
    INDArray images = Nd4j.rand(DataType.FLOAT, n, 1, size, size).muli(0.2);
    images.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, size / 2),
        NDArrayIndex.interval(0, size / 2)).addi(0.8);
    FeatureModelInfo info = new FeatureModelInfo(FeatureModelInfo.FORMAT, 1, size, 1, FeatureModelInfo.ROTATION, 64,
        List.of(), List.of(), List.of(), "shards", "0".repeat(64), n, new HeldOutSplit(0.25, 1), n, 6, 3, Map.of(),
        0);
    FeatureNetwork network = FeatureNetwork.train(images, new int[n][0], info);
    Map<String, Double> accuracy = network.accuracy(images, new int[n][0]);
    assertEquals(List.of("rotation"), List.copyOf(accuracy.keySet()));
    assertTrue(accuracy.get("rotation") > 0.5, "chance is 0.25: " + accuracy);

    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.resolve("features").toUri());
    network.withInfo(info.withAccuracy(accuracy, 1.5)).write(folder, conf);
    FeatureNetwork read = FeatureNetwork.read(folder, conf, "--feature-model");
    assertEquals(info.withAccuracy(accuracy, 1.5), read.info());
    double[][] before = network.features(images);
    double[][] after = read.features(images);
    assertEquals(64, before[0].length);
    for (int i = 0; i < n; i += 7) {
      assertArrayEquals(before[i], after[i], 1e-6);
    }
    UsageException wrongSize = assertThrows(UsageException.class,
        () -> read.checkFits(32, 1, "--feature-model", "f", "--data"));
    assertTrue(wrongSize.getMessage().contains("28x28") && wrongSize.getMessage().contains("32x32"),
        wrongSize.getMessage());
    assertThrows(UsageException.class, () -> read.checkFits(28, 3, "--feature-model", "f", "--data"));
    read.checkFits(28, 1, "--feature-model", "f", "--data");
    assertThrows(IllegalStateException.class, () -> read.classify(images), "rotation heads label no attributes");
  }

  @Test
  void aQuarterTurnMovesEveryPixelAndFourTurnsGiveTheImageBack() {
    // One 3x3 grey image with pixels 0..8 row by row.
    float[] pixels = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    INDArray image = Nd4j.create(pixels, new long[] {1, 1, 3, 3}, 'c');
    float[] once = FeatureNetwork.rotated(image, new int[] {1}).data().asFloat();
    // out(y, x) = in(x, 2 - y): the first row of the output is the last column of the input read downwards.
    assertArrayEquals(new float[] {2, 5, 8, 1, 4, 7, 0, 3, 6}, once);
    assertArrayEquals(pixels, FeatureNetwork.rotated(image, new int[] {4}).data().asFloat());
    assertArrayEquals(pixels, FeatureNetwork.rotated(image, new int[] {0}).data().asFloat());
    float[] twice = FeatureNetwork.rotated(image, new int[] {2}).data().asFloat();
    assertArrayEquals(new float[] {8, 7, 6, 5, 4, 3, 2, 1, 0}, twice);
  }

  @Test
  void quarterTurnsAreSeededAndUseAllFour() {
    int[] turns = FeatureNetwork.quarterTurns(400, 9);
    assertArrayEquals(turns, FeatureNetwork.quarterTurns(400, 9));
    int[] counts = new int[4];
    for (int t : turns) {
      counts[t]++;
    }
    for (int c : counts) {
      assertEquals(100, c, 35);
    }
  }
}
