package dev.dgmspark.gan;

import dev.dgmspark.engine.ModelFamily;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The GAN family (gan, cgan) on the training engine: a step is {@code dSteps} discriminator updates, one per real
 * minibatch, then one generator update on as many noise vectors as the last minibatch had images (with its
 * conditions for cgan) ({@link GanStep}), then the generator's moving average, if the model keeps one.
 *
 * @param config the networks' shape and settings
 * @param conditionColumns cgan: for each condition attribute, its column in the exported label files
 */
public record GanFamily(GanConfig config, List<Integer> conditionColumns) implements ModelFamily<GanModel, RealBatch> {
  /** Discriminator loss (real/fake binary cross-entropy, smoothed labels). */
  public static final String D_LOSS = "d_loss";
  /** Generator loss −log D(G(z)). */
  public static final String G_LOSS = "g_loss";
  /** Mean D(x) on real images. */
  public static final String D_REAL = "d_real";
  /** Mean D(G(z)) on generated images, as the discriminator steps saw them. */
  public static final String D_FAKE = "d_fake";

  public GanFamily {
    conditionColumns = List.copyOf(conditionColumns);
  }

  @Override
  public GanModel create() {
    return GanModel.create(config);
  }

  @Override
  public GanModel read(InputStream in) throws IOException {
    return GanFolder.read(config, in);
  }

  @Override
  public boolean needsLabels() {
    return config.conditional();
  }

  @Override
  public RealBatch batch(ImageBatchFile images, BatchLabels labels) {
    return RealBatch.of(images, labels, config, conditionColumns);
  }

  @Override
  public int batchesPerStep() {
    return config.dSteps();
  }

  @Override
  public List<String> stepFigures() {
    return List.of(D_LOSS, D_REAL, D_FAKE, G_LOSS);
  }

  @Override
  public void step(GanModel model, List<RealBatch> batches, NoiseStream noise, StepMetrics metrics) {
    RealBatch last = null;
    for (RealBatch batch : batches) {
      GanStep.Stats d = GanStep.discriminatorStep(model, batch.images(), batch.condition(), noise);
      metrics.add(D_LOSS, d.loss());
      metrics.add(D_REAL, d.meanOnReal());
      metrics.add(D_FAKE, d.meanOnFake());
      metrics.addExamples(batch.size());
      last = batch;
    }
    metrics.add(G_LOSS, GanStep.generatorStep(model, last.condition(), last.size(), noise).loss());
    model.updateAverage(model.generator().getIterationCount());
  }
}
