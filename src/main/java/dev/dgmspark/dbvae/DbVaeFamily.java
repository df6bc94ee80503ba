package dev.dgmspark.dbvae;

import dev.dgmspark.engine.ModelFamily;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DB-VAE on the training engine: one graph ({@link DbVaeNetwork}) fitted on each minibatch. A minibatch carries
 * the images, the class targets (1 for the positive value of the label column, the first exported label column)
 * and label masks: images whose label is missing do not count in the classification loss, and with
 * {@link VaeLossScope#POSITIVES} only positives count in the reconstruction and KL terms.
 *
 * <p>Which images a minibatch holds is the engine's business: the same family trains the baseline (the exported
 * files, shuffled) and the debiased model (each epoch's files drawn by {@code dbvae.spark.DebiasedEpochs}).
 *
 * @param vae the VAE's configuration
 * @param config DB-VAE's settings
 * @param positiveCode the code of the positive value in the label column's exported values
 */
public record DbVaeFamily(VaeConfig vae, DbVaeConfig config, int positiveCode)
    implements ModelFamily<VaeModel, MultiDataSet> {
  /** The step figure: DL4J's minibatch score (weighted classification loss plus the masked VAE loss). */
  public static final String TRAIN_SCORE = "train_score";
  /** The label column's position among the exported label columns. */
  public static final int LABEL_COLUMN = 0;

  @Override
  public VaeModel create() {
    return new VaeModel(DbVaeNetwork.build(vae, config));
  }

  @Override
  public VaeModel read(InputStream in) throws IOException {
    return VaeModel.read(in);
  }

  @Override
  public boolean needsLabels() {
    return true;
  }

  @Override
  public MultiDataSet batch(ImageBatchFile images, BatchLabels labels) {
    int n = images.count();
    if (labels == null || labels.count() != n) {
      throw new IllegalArgumentException("DB-VAE needs the label of every image of a minibatch");
    }
    INDArray x = ImagePixels.toInput(images);
    INDArray target = x.reshape('c', n, (long) images.imageBytes());
    float[] y = new float[n];
    float[] known = new float[n];
    float[] vaeMask = new float[n];
    for (int i = 0; i < n; i++) {
      int code = labels.code(i, LABEL_COLUMN);
      known[i] = code == BatchLabels.MISSING ? 0 : 1;
      y[i] = code == positiveCode ? 1 : 0;
      vaeMask[i] = config.vaeLoss() == VaeLossScope.ALL || code == positiveCode ? 1 : 0;
    }
    INDArray[] targets = {Nd4j.create(y, new long[] {n, 1}), target,
        Nd4j.zeros(DataType.FLOAT, n, 2L * vae.latentDim())};
    INDArray vaeMaskArray = config.vaeLoss() == VaeLossScope.ALL ? null : Nd4j.create(vaeMask, new long[] {n, 1});
    INDArray[] masks = {Nd4j.create(known, new long[] {n, 1}), vaeMaskArray, vaeMaskArray};
    return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x}, targets, null, masks);
  }

  @Override
  public List<String> stepFigures() {
    return List.of(TRAIN_SCORE);
  }

  @Override
  public void step(VaeModel model, List<MultiDataSet> batches, NoiseStream noise, StepMetrics metrics) {
    model.fitEach(batches, metrics, TRAIN_SCORE);
  }
}
