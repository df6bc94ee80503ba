package dev.dgmspark.gan;

import dev.dgmspark.engine.NetworkView;
import dev.dgmspark.engine.TrainableModel;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A generator and its discriminator as the training engine holds them: the networks in state order [generator,
 * discriminator] (so the flat state is [G parameters, D parameters, G updater state, D updater state]), written as
 * one zip ({@link GanFolder#write}).
 */
public final class GanModel implements TrainableModel {
  private final GanConfig config;
  private final MultiLayerNetwork generator;
  private final MultiLayerNetwork discriminator;
  private final List<NetworkView> views;

  public GanModel(GanConfig config, MultiLayerNetwork generator, MultiLayerNetwork discriminator) {
    this.config = config;
    this.generator = generator;
    this.discriminator = discriminator;
    // Creates the updaters (and their state views) now, so the state has its full length before the first step.
    this.views = List.of(NetworkView.of(generator), NetworkView.of(discriminator));
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

  @Override
  public List<NetworkView> networks() {
    return views;
  }

  @Override
  public void write(OutputStream out) throws IOException {
    GanFolder.write(this, out);
  }
}
