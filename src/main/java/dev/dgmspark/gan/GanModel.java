package dev.dgmspark.gan;

import dev.dgmspark.engine.NetworkView;
import dev.dgmspark.engine.TrainableModel;
import dev.dgmspark.engine.WeightAverage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A generator and its discriminator as the training engine holds them: the networks in state order [generator,
 * discriminator] and, when the configuration keeps one ({@link GanConfig#ema()} &gt; 0), the moving average of the
 * generator's weights after them (so the flat state is [G parameters, D parameters, (G average,) G updater state,
 * D updater state]), written as one zip ({@link GanFolder#write}).
 */
public final class GanModel implements TrainableModel {
  private final GanConfig config;
  private final MultiLayerNetwork generator;
  private final MultiLayerNetwork discriminator;
  private final INDArray average;
  private final List<NetworkView> views;

  /** Networks whose generator average, if the configuration keeps one, starts at the generator's weights. */
  public GanModel(GanConfig config, MultiLayerNetwork generator, MultiLayerNetwork discriminator) {
    this(config, generator, discriminator, config.ema() > 0 ? generator.params().dup() : null);
  }

  /**
   * @param average the moving average of the generator's parameters (their length; taken as is, not copied), or
   *     null when the configuration keeps none
   */
  public GanModel(GanConfig config, MultiLayerNetwork generator, MultiLayerNetwork discriminator, INDArray average) {
    if ((average != null) != (config.ema() > 0)) {
      throw new IllegalArgumentException("a moving average of the generator goes with an ema decay above 0 (decay "
          + config.ema() + ", average " + (average == null ? "missing" : "given") + ")");
    }
    if (average != null && average.length() != generator.params().length()) {
      throw new IllegalArgumentException("the moving average holds " + average.length() + " values; the generator "
          + generator.params().length());
    }
    this.config = config;
    this.generator = generator;
    this.discriminator = discriminator;
    this.average = average;
    // Creates the updaters (and their state views) now, so the state has its full length before the first step.
    NetworkView g = NetworkView.of(generator);
    NetworkView d = NetworkView.of(discriminator);
    this.views = average == null ? List.of(g, d) : List.of(g, d, WeightAverage.view(average, g));
  }

  /** Freshly initialised networks for {@code config}. */
  public static GanModel create(GanConfig config) {
    return new GanModel(config, GanNetworks.generator(config), GanNetworks.discriminator(config));
  }

  public GanConfig config() {
    return config;
  }

  /** The generator being trained. */
  public MultiLayerNetwork generator() {
    return generator;
  }

  public MultiLayerNetwork discriminator() {
    return discriminator;
  }

  /** The moving average of the generator's parameters (a live view), or null when the model keeps none. */
  public INDArray average() {
    return average;
  }

  /** Folds the generator's current parameters into its moving average (if kept), after update {@code update}. */
  public void updateAverage(int update) {
    if (average != null) {
      WeightAverage.fold(average, generator.params(), config.ema(), update);
    }
  }

  /** The generator that sampling runs: the trained one, or with a moving average a fresh copy carrying it. */
  public MultiLayerNetwork samplingGenerator() {
    if (average == null) {
      return generator;
    }
    MultiLayerNetwork copy = generator.clone();
    copy.params().assign(average);
    return copy;
  }

  @Override
  public List<NetworkView> networks() {
    return views;
  }

  @Override
  public void write(OutputStream out) throws IOException {
    GanFolder.write(this, out);
  }
}
