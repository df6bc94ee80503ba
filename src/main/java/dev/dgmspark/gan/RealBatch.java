package dev.dgmspark.gan;

import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A minibatch of real images as the GAN trains on it: pixels scaled to [−1, 1] (the generator's tanh range) and,
 * for cgan, the condition rows (one-hot codes of the condition attributes, concatenated).
 *
 * @param images [n, channels, height, width] in [−1, 1]
 * @param condition [n, condition size], or null for gan
 */
public record RealBatch(INDArray images, INDArray condition) {

  /** Number of images. */
  public int size() {
    return (int) images.size(0);
  }

  /**
   * The GAN's minibatch from an exported file and, for cgan, its labels.
   *
   * @param conditionColumns for each condition attribute, its column in the label file
   */
  public static RealBatch of(ImageBatchFile batch, BatchLabels labels, GanConfig config, List<Integer> conditionColumns) {
    INDArray images = ImagePixels.toInput(batch).muli(2).subi(1);
    if (!config.conditional()) {
      return new RealBatch(images, null);
    }
    return new RealBatch(images, conditionRows(config, labels, conditionColumns.stream().mapToInt(Integer::intValue)
        .toArray()));
  }

  /** The one-hot condition rows of every image in {@code labels}; a missing value leaves its block zero. */
  public static INDArray conditionRows(GanConfig config, BatchLabels labels, int[] conditionColumns) {
    float[][] rows = new float[labels.count()][config.conditionSize()];
    for (int i = 0; i < labels.count(); i++) {
      int offset = 0;
      for (int c = 0; c < conditionColumns.length; c++) {
        int code = labels.code(i, conditionColumns[c]);
        int values = config.conditionValues().get(c).size();
        if (code < values) {
          rows[i][offset + code] = 1f;
        }
        offset += values;
      }
    }
    return Nd4j.create(rows);
  }
}
