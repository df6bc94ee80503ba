package dev.dgmspark.vae;

import dev.dgmspark.common.ModelKind;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import java.io.IOException;
import java.io.InputStream;
import org.deeplearning4j.core.loader.MultiDataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns an {@link ImageBatchFile} into the {@code MultiDataSet} an autoencoder trains on: the images as input, and
 * as targets the flattened images (reconstruction) plus, for the variational models, a placeholder for the KL output
 * (whose loss ignores its labels).
 */
public final class ImageBatchLoader implements MultiDataSetLoader {
  private static final long serialVersionUID = 1L;

  private final ModelKind kind;
  private final int latentDim;

  public ImageBatchLoader(ModelKind kind, int latentDim) {
    this.kind = kind;
    this.latentDim = latentDim;
  }

  @Override
  public MultiDataSet load(Source source) throws IOException {
    try (InputStream in = source.getInputStream()) {
      return toMultiDataSet(ImageBatchFile.read(in));
    }
  }

  /** The training example for a batch. */
  public MultiDataSet toMultiDataSet(ImageBatchFile batch) {
    INDArray x = ImagePixels.toInput(batch);
    INDArray target = x.reshape('c', batch.count(), (long) batch.imageBytes());
    INDArray[] labels = kind.variational()
        ? new INDArray[] {target, Nd4j.zeros(DataType.FLOAT, batch.count(), 2L * latentDim)}
        : new INDArray[] {target};
    return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x}, labels);
  }
}
