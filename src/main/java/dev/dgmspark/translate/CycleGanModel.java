package dev.dgmspark.translate;

import dev.dgmspark.engine.NetworkView;
import dev.dgmspark.engine.NetworkZip;
import dev.dgmspark.engine.TrainableModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A CycleGAN's four networks as the training engine holds them, in state order: the generators A→B and B→A (U-Nets
 * with a residual output, {@link TranslationNetworks}) and the discriminators of domain A and domain B (PatchGANs on
 * one image). Written as one zip of four DL4J model zips with their updater states.
 */
public final class CycleGanModel implements TrainableModel {
  private static final String DISCRIMINATOR_A = "discriminator-a.zip";
  private static final String DISCRIMINATOR_B = "discriminator-b.zip";

  private final CycleGanConfig config;
  private final ComputationGraph generatorAb;
  private final ComputationGraph generatorBa;
  private final MultiLayerNetwork discriminatorA;
  private final MultiLayerNetwork discriminatorB;
  private final List<NetworkView> views;

  public CycleGanModel(CycleGanConfig config, ComputationGraph generatorAb, ComputationGraph generatorBa,
      MultiLayerNetwork discriminatorA, MultiLayerNetwork discriminatorB) {
    this.config = config;
    this.generatorAb = generatorAb;
    this.generatorBa = generatorBa;
    this.discriminatorA = discriminatorA;
    this.discriminatorB = discriminatorB;
    // Creates the updaters (and their state views) now, so the state has its full length before the first step.
    this.views = List.of(NetworkView.of(generatorAb), NetworkView.of(generatorBa), NetworkView.of(discriminatorA),
        NetworkView.of(discriminatorB));
  }

  /** Freshly initialised networks for {@code config}, each from its own seed. */
  public static CycleGanModel create(CycleGanConfig config) {
    NetworkShape shape = config.shape();
    return new CycleGanModel(config, TranslationNetworks.generator(shape.withSeed(shape.seed() * 4 + 1)),
        TranslationNetworks.generator(shape.withSeed(shape.seed() * 4 + 2)),
        TranslationNetworks.discriminator(shape.withSeed(shape.seed() * 4 + 3), config.channels()),
        TranslationNetworks.discriminator(shape.withSeed(shape.seed() * 4 + 4), config.channels()));
  }

  /** Reads a model zip written by {@link #write}. */
  public static CycleGanModel read(CycleGanConfig config, InputStream in) throws IOException {
    NetworkZip.Contents zip = NetworkZip.read(in);
    return new CycleGanModel(config, zip.graph(CycleGanConfig.GENERATOR_AB, true),
        zip.graph(CycleGanConfig.GENERATOR_BA, true), zip.layers(DISCRIMINATOR_A, true),
        zip.layers(DISCRIMINATOR_B, true));
  }

  public CycleGanConfig config() {
    return config;
  }

  /** G: A → B. */
  public ComputationGraph generatorAb() {
    return generatorAb;
  }

  /** F: B → A. */
  public ComputationGraph generatorBa() {
    return generatorBa;
  }

  /** D_A: real A images against F(b). */
  public MultiLayerNetwork discriminatorA() {
    return discriminatorA;
  }

  /** D_B: real B images against G(a). */
  public MultiLayerNetwork discriminatorB() {
    return discriminatorB;
  }

  @Override
  public List<NetworkView> networks() {
    return views;
  }

  @Override
  public void write(OutputStream out) throws IOException {
    Map<String, Model> networks = new LinkedHashMap<>();
    networks.put(CycleGanConfig.GENERATOR_AB, generatorAb);
    networks.put(CycleGanConfig.GENERATOR_BA, generatorBa);
    networks.put(DISCRIMINATOR_A, discriminatorA);
    networks.put(DISCRIMINATOR_B, discriminatorB);
    NetworkZip.write(networks, out);
  }
}
