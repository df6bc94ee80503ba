package dev.dgmspark.translate;

import dev.dgmspark.engine.ModelFamily;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The CycleGAN family on the training engine: a minibatch is a file of (domain A image, domain B image) examples
 * stacked as planes, the two unrelated ({@code spark.DomainRows}); a step updates both discriminators and both
 * generators once on it ({@link CycleGanStep}). The attribute labels exported beside the minibatches are for the
 * final figures only.
 *
 * @param config the networks' shape and settings
 */
public record CycleGanFamily(CycleGanConfig config) implements ModelFamily<CycleGanModel, PairBatch> {
  /** D_A's loss (binary cross-entropy per patch). */
  public static final String D_LOSS_A = "d_loss_a";
  /** D_B's loss. */
  public static final String D_LOSS_B = "d_loss_b";
  /** Mean D_B verdict on real B images. */
  public static final String D_REAL_B = "d_real_b";
  /** Mean D_B verdict on G(a). */
  public static final String D_FAKE_B = "d_fake_b";
  /** The generators' adversarial terms, summed over both directions. */
  public static final String G_ADV = "g_adv";
  /** Mean |F(G(a)) − a| and |G(F(b)) − b| per pixel, pixels in [0, 1]. */
  public static final String CYCLE_L1 = "cycle_l1";
  /** Mean |G(b) − b| and |F(a) − a| per pixel, pixels in [0, 1]. */
  public static final String IDENTITY_L1 = "identity_l1";
  /** The attribute-keeping cross-entropy, summed over both directions (with a keep weight above 0 only). */
  public static final String KEEP_CE = "keep_ce";

  @Override
  public CycleGanModel create() {
    return CycleGanModel.create(config);
  }

  @Override
  public CycleGanModel read(InputStream in) throws IOException {
    return CycleGanModel.read(config, in);
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
    return figures(config);
  }

  /** The step figures of a model of {@code config}, in the order of the columns of {@code metrics.csv}. */
  public static List<String> figures(CycleGanConfig config) {
    List<String> figures = new ArrayList<>(List.of(D_LOSS_A, D_LOSS_B, G_ADV, CYCLE_L1, IDENTITY_L1, D_REAL_B,
        D_FAKE_B));
    if (config.keepWeight() > 0) {
      figures.add(KEEP_CE);
    }
    return List.copyOf(figures);
  }

  @Override
  public void step(CycleGanModel model, List<PairBatch> batches, NoiseStream noise, StepMetrics metrics) {
    for (PairBatch batch : batches) {
      CycleGanStep.Stats stats = CycleGanStep.step(model, batch, noise);
      metrics.add(D_LOSS_A, stats.dLossA());
      metrics.add(D_LOSS_B, stats.dLossB());
      metrics.add(D_REAL_B, stats.dRealB());
      metrics.add(D_FAKE_B, stats.dFakeB());
      metrics.add(G_ADV, stats.adversarial());
      metrics.add(CYCLE_L1, stats.cycleL1());
      metrics.add(IDENTITY_L1, stats.identityL1());
      if (config.keepWeight() > 0) {
        metrics.add(KEEP_CE, stats.keep());
      }
      metrics.addExamples(batch.size());
      model.updateAverages(model.generatorAb().getConfiguration().getIterationCount());
    }
  }
}
