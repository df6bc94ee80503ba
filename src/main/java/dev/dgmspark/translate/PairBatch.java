package dev.dgmspark.translate;

import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A minibatch of image pairs as pix2pix trains on it: the inputs and their true translations, pixels in [−1, 1] (the
 * generator's tanh range). Exported minibatch files hold a pair per example, input channels first.
 *
 * @param source [n, channels, height, width] in [−1, 1]
 * @param target [n, channels, height, width] in [−1, 1], row i the pair of source row i
 */
public record PairBatch(INDArray source, INDArray target) {

  /** Number of pairs. */
  public int size() {
    return (int) source.size(0);
  }

  /** The pairs of an exported file of 2·{@code channels} planes per example. */
  public static PairBatch of(ImageBatchFile batch, int channels) {
    if (batch.channels() != 2 * channels) {
      throw new IllegalArgumentException("a pair minibatch holds " + 2 * channels + " planes per example, not "
          + batch.channels());
    }
    INDArray both = ImagePixels.toInput(batch).muli(2).subi(1);
    return new PairBatch(planes(both, 0, channels), planes(both, channels, 2 * channels));
  }

  /** Planes [from, to) of every example of {@code images}, as a new array. */
  static INDArray planes(INDArray images, int from, int to) {
    return images.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all())
        .dup('c');
  }
}
