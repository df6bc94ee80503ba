package dev.dgmspark.gan;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A generator and its discriminator, and their whole training state as one flat vector: [G parameters,
 * D parameters, G updater state, D updater state].
 *
 * <p>The flat vector is what parameter averaging broadcasts, sums and divides. DL4J keeps each network's
 * parameters and updater state in one flat array each ({@code params()}, {@code getUpdater().getStateViewArray()}),
 * writable views into which the layers point, so reading and writing the state is four copies.
 */
public final class GanModel {
  private final GanConfig config;
  private final MultiLayerNetwork generator;
  private final MultiLayerNetwork discriminator;

  public GanModel(GanConfig config, MultiLayerNetwork generator, MultiLayerNetwork discriminator) {
    this.config = config;
    this.generator = generator;
    this.discriminator = discriminator;
    // Create the updaters (and their state views) now, so the state has its full length before the first step.
    generator.getUpdater(true);
    discriminator.getUpdater(true);
  }

  /** Freshly initialised networks for {@code config}. */
  public static GanModel create(GanConfig config) {
    return new GanModel(config, GanNetworks.generator(config), GanNetworks.discriminator(config));
  }

  public GanConfig config() {
    return config;
  }

  public MultiLayerNetwork generator() {
    return generator;
  }

  public MultiLayerNetwork discriminator() {
    return discriminator;
  }

  /** Length of the flat state. */
  public long stateLength() {
    return generator.numParams() + discriminator.numParams() + updaterLength(generator)
        + updaterLength(discriminator);
  }

  /** The four parts' lengths, in flat-vector order. */
  public long[] partLengths() {
    return new long[] {generator.numParams(), discriminator.numParams(), updaterLength(generator),
        updaterLength(discriminator)};
  }

  /** A copy of the whole training state, with the iteration counters. */
  public GanState state() {
    float[] flat = new float[Math.toIntExact(stateLength())];
    int at = 0;
    for (INDArray part : parts()) {
      float[] values = part.castTo(DataType.FLOAT).data().asFloat();
      System.arraycopy(values, 0, flat, at, values.length);
      at += values.length;
    }
    return new GanState(flat, generator.getIterationCount(), discriminator.getIterationCount(),
        generator.getEpochCount());
  }

  /** Overwrites both networks' parameters, updater states and iteration counters with {@code state}. */
  public void setState(GanState state) {
    if (state.flat().length != stateLength()) {
      throw new IllegalArgumentException("state holds " + state.flat().length + " values; these networks need "
          + stateLength());
    }
    int at = 0;
    for (INDArray part : parts()) {
      int n = (int) part.length();
      float[] slice = java.util.Arrays.copyOfRange(state.flat(), at, at + n);
      part.assign(Nd4j.createFromArray(slice).castTo(part.dataType()).reshape(part.shape()));
      at += n;
    }
    generator.setIterationCount(state.generatorIterations());
    discriminator.setIterationCount(state.discriminatorIterations());
    generator.setEpochCount(state.epoch());
    discriminator.setEpochCount(state.epoch());
  }

  private INDArray[] parts() {
    INDArray gState = generator.getUpdater(true).getStateViewArray();
    INDArray dState = discriminator.getUpdater(true).getStateViewArray();
    return java.util.stream.Stream.of(generator.params(), discriminator.params(), gState, dState)
        .filter(a -> a != null && a.length() > 0).toArray(INDArray[]::new);
  }

  private static long updaterLength(MultiLayerNetwork net) {
    INDArray view = net.getUpdater(true).getStateViewArray();
    return view == null ? 0 : view.length();
  }
}
