package dev.dgmspark.engine;

import dev.dgmspark.common.Seeds;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The random numbers of one worker in one averaging round (a GAN's noise, for example): standard normal values
 * from a stream seeded by (seed, round, worker), so that a run is reproducible and no two workers or rounds share
 * noise.
 *
 * <p>Plain Java random numbers rather than ND4J's global generator: that one is shared by every task thread of an
 * executor, so its draws would depend on scheduling.
 */
public final class NoiseStream {
  private final SplittableRandom random;

  public NoiseStream(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The seed of the stream of {@code worker} in {@code round} of a run seeded with {@code seed}. */
  public static long seedFor(long seed, long round, int worker) {
    return Seeds.derive(seed, round, worker);
  }

  /** A [rows, columns] array of N(0, 1) values. */
  public INDArray gaussian(int rows, int columns) {
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return Nd4j.create(values, new long[] {rows, columns}, 'c');
  }

  /** A uniform value in [0, 1). */
  public double uniform() {
    return random.nextDouble();
  }

  /** A uniform integer in [0, bound). */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
