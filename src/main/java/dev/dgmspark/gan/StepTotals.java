package dev.dgmspark.gan;

import java.io.Serializable;

/**
 * Running sums of what the training steps saw: losses and discriminator outputs summed over steps, step and example
 * counts. Means are sums over steps.
 */
public final class StepTotals implements Serializable {
  private static final long serialVersionUID = 1L;
  double discriminatorLoss;
  double generatorLoss;
  double meanOnReal;
  double meanOnFake;
  long discriminatorSteps;
  long generatorSteps;
  long examples;

  /** Adds one discriminator update on {@code n} real images. */
  public void addDiscriminator(GanStep.Stats stats, int n) {
    discriminatorLoss += stats.loss();
    meanOnReal += stats.meanOnReal();
    meanOnFake += stats.meanOnFake();
    discriminatorSteps++;
    examples += n;
  }

  /** Adds one generator update. */
  public void addGenerator(GanStep.Stats stats) {
    generatorLoss += stats.loss();
    generatorSteps++;
  }

  /** Adds another total into this one. */
  public void add(StepTotals other) {
    discriminatorLoss += other.discriminatorLoss;
    generatorLoss += other.generatorLoss;
    meanOnReal += other.meanOnReal;
    meanOnFake += other.meanOnFake;
    discriminatorSteps += other.discriminatorSteps;
    generatorSteps += other.generatorSteps;
    examples += other.examples;
  }

  /** Mean discriminator loss per update. */
  public double discriminatorLoss() {
    return discriminatorLoss / Math.max(1, discriminatorSteps);
  }

  /** Mean generator loss per update. */
  public double generatorLoss() {
    return generatorLoss / Math.max(1, generatorSteps);
  }

  /** Mean D(x) on real images. */
  public double meanOnReal() {
    return meanOnReal / Math.max(1, discriminatorSteps);
  }

  /** Mean D(G(z)) on generated images, as the discriminator steps saw them. */
  public double meanOnFake() {
    return meanOnFake / Math.max(1, discriminatorSteps);
  }

  /** Real images the discriminator trained on. */
  public long examples() {
    return examples;
  }
}
