package dev.dgmspark.translate;

import dev.dgmspark.engine.ModelFamily;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The pix2pix family on the training engine: a minibatch is a file of pairs (input planes, then truth planes), a
 * step one discriminator and one generator update on it ({@link Pix2PixStep}). Needs no noise and no labels.
 *
 * @param config the networks' shape and settings
 */
public record Pix2PixFamily(Pix2PixConfig config) implements ModelFamily<Pix2PixModel, PairBatch> {
  /** Discriminator loss (binary cross-entropy per patch). */
  public static final String D_LOSS = "d_loss";
  /** Mean D verdict on true pairs. */
  public static final String D_REAL = "d_real";
  /** Mean D verdict on translated pairs. */
  public static final String D_FAKE = "d_fake";
  /** Generator's adversarial term, −log D(x, G(x)) per patch. */
  public static final String G_ADV = "g_adv";
  /** Mean |y − G(x)| per pixel, pixels in [0, 1] (the L1 term is λ times twice this). */
  public static final String L1 = "l1";

  @Override
  public Pix2PixModel create() {
    return Pix2PixModel.create(config);
  }

  @Override
  public Pix2PixModel read(InputStream in) throws IOException {
    return TranslationFolder.read(config, in);
  }

  @Override
  public boolean needsLabels() {
    return false;
  }

  @Override
  public PairBatch batch(ImageBatchFile images, BatchLabels labels) {
    return PairBatch.of(images, config.channels());
  }

  @Override
  public List<String> stepFigures() {
    return List.of(D_LOSS, D_REAL, D_FAKE, G_ADV, L1);
  }

  @Override
  public void step(Pix2PixModel model, List<PairBatch> batches, NoiseStream noise, StepMetrics metrics) {
    for (PairBatch batch : batches) {
      Pix2PixStep.Stats stats = Pix2PixStep.step(model, batch);
      metrics.add(D_LOSS, stats.dLoss());
      metrics.add(D_REAL, stats.dReal());
      metrics.add(D_FAKE, stats.dFake());
      metrics.add(G_ADV, stats.gAdversarial());
      metrics.add(L1, stats.l1());
      metrics.addExamples(batch.size());
    }
  }
}
