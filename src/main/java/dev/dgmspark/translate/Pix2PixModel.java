package dev.dgmspark.translate;

import dev.dgmspark.engine.NetworkView;
import dev.dgmspark.engine.TrainableModel;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A pix2pix generator and discriminator as the training engine holds them: networks in state order [generator,
 * discriminator], written as one zip ({@link TranslationFolder#write}).
 */
public final class Pix2PixModel implements TrainableModel {
  private final Pix2PixConfig config;
  private final ComputationGraph generator;
  private final MultiLayerNetwork discriminator;
  private final List<NetworkView> views;

  public Pix2PixModel(Pix2PixConfig config, ComputationGraph generator, MultiLayerNetwork discriminator) {
    this.config = config;
    this.generator = generator;
    this.discriminator = discriminator;
    // Creates the updaters (and their state views) now, so the state has its full length before the first step.
    this.views = List.of(NetworkView.of(generator), NetworkView.of(discriminator));
  }

  /** Freshly initialised networks for {@code config}. */
  public static Pix2PixModel create(Pix2PixConfig config) {
    return new Pix2PixModel(config, TranslationNetworks.generator(config.shape()),
        TranslationNetworks.discriminator(config.shape(), 2 * config.channels()));
  }

  public Pix2PixConfig config() {
    return config;
  }

  public ComputationGraph generator() {
    return generator;
  }

  public MultiLayerNetwork discriminator() {
    return discriminator;
  }

  @Override
  public List<NetworkView> networks() {
    return views;
  }

  @Override
  public void write(OutputStream out) throws IOException {
    TranslationFolder.write(this, out);
  }
}
