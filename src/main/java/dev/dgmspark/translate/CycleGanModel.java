package dev.dgmspark.translate;

import dev.dgmspark.engine.NetworkView;
import dev.dgmspark.engine.NetworkZip;
import dev.dgmspark.engine.TrainableModel;
import dev.dgmspark.engine.WeightAverage;
import dev.dgmspark.quality.AttributeClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A CycleGAN's four networks as the training engine holds them, in state order: the generators A→B and B→A (U-Nets
 * with a residual output, {@link TranslationNetworks}) and the discriminators of domain A and domain B (PatchGANs on
 * one image), then, when the configuration keeps them ({@link CycleGanConfig#ema()} &gt; 0), the moving averages of
 * the two generators' weights, which translation uses, and, with attribute-keeping terms
 * ({@link CycleGanConfig#keepWeight()} &gt; 0), the frozen attribute classifier behind them (its weights travel in
 * the state, so every worker judges with the one the driver trained; averaging leaves them as they are). Written as
 * one zip of four DL4J model zips with their updater states, the averages ({@link NetworkZip#averageEntry}) and the
 * classifier's weights.
 */
public final class CycleGanModel implements TrainableModel {
  private static final String DISCRIMINATOR_A = "discriminator-a.zip";
  private static final String DISCRIMINATOR_B = "discriminator-b.zip";
  private static final String KEEPER = "keep-classifier.bin";

  private final CycleGanConfig config;
  private final ComputationGraph generatorAb;
  private final ComputationGraph generatorBa;
  private final MultiLayerNetwork discriminatorA;
  private final MultiLayerNetwork discriminatorB;
  private final INDArray averageAb;
  private final INDArray averageBa;
  private final AttributeClassifier keeper;
  private final List<NetworkView> views;

  /**
   * Networks whose generator averages, if the configuration keeps them, start at the generators' weights, with an
   * untrained attribute classifier if the configuration has attribute-keeping terms.
   */
  public CycleGanModel(CycleGanConfig config, ComputationGraph generatorAb, ComputationGraph generatorBa,
      MultiLayerNetwork discriminatorA, MultiLayerNetwork discriminatorB) {
    this(config, generatorAb, generatorBa, discriminatorA, discriminatorB,
        config.ema() > 0 ? generatorAb.params().dup() : null, config.ema() > 0 ? generatorBa.params().dup() : null,
        config.keepWeight() > 0 ? keeper(config) : null);
  }

  /**
   * @param averageAb the moving average of G's parameters (taken as is, not copied), or null when the configuration
   *     keeps none; likewise {@code averageBa} for F
   * @param keeper the attribute classifier of the attribute-keeping terms, or null when the configuration has none
   */
  public CycleGanModel(CycleGanConfig config, ComputationGraph generatorAb, ComputationGraph generatorBa,
      MultiLayerNetwork discriminatorA, MultiLayerNetwork discriminatorB, INDArray averageAb, INDArray averageBa,
      AttributeClassifier keeper) {
    boolean kept = config.ema() > 0;
    if ((averageAb != null) != kept || (averageBa != null) != kept) {
      throw new IllegalArgumentException("moving averages of the generators go with an ema decay above 0 (decay "
          + config.ema() + ")");
    }
    if (kept && (averageAb.length() != generatorAb.params().length()
        || averageBa.length() != generatorBa.params().length())) {
      throw new IllegalArgumentException("a generator's moving average has another length than its parameters");
    }
    if ((keeper != null) != (config.keepWeight() > 0)) {
      throw new IllegalArgumentException("an attribute classifier goes with a keep weight above 0 (weight "
          + config.keepWeight() + ")");
    }
    this.config = config;
    this.generatorAb = generatorAb;
    this.generatorBa = generatorBa;
    this.discriminatorA = discriminatorA;
    this.discriminatorB = discriminatorB;
    this.averageAb = averageAb;
    this.averageBa = averageBa;
    this.keeper = keeper;
    // Creates the updaters (and their state views) now, so the state has its full length before the first step.
    NetworkView g = NetworkView.of(generatorAb);
    NetworkView f = NetworkView.of(generatorBa);
    List<NetworkView> all = new ArrayList<>(List.of(g, f, NetworkView.of(discriminatorA),
        NetworkView.of(discriminatorB)));
    if (kept) {
      all.add(WeightAverage.view(averageAb, g));
      all.add(WeightAverage.view(averageBa, f));
    }
    if (keeper != null) {
      all.add(NetworkView.frozen(keeper.graph().params(), g));
    }
    this.views = List.copyOf(all);
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
    ComputationGraph g = zip.graph(CycleGanConfig.GENERATOR_AB, true);
    ComputationGraph f = zip.graph(CycleGanConfig.GENERATOR_BA, true);
    MultiLayerNetwork dA = zip.layers(DISCRIMINATOR_A, true);
    MultiLayerNetwork dB = zip.layers(DISCRIMINATOR_B, true);
    AttributeClassifier keeper = null;
    if (config.keepWeight() > 0) {
      keeper = keeper(config);
      keeper.graph().params().assign(zip.array(KEEPER, keeper.graph().params()));
    }
    if (config.ema() == 0) {
      return new CycleGanModel(config, g, f, dA, dB, null, null, keeper);
    }
    // A zip without the averages (a folder whose model.json gained an ema) starts them at the generators' weights.
    return new CycleGanModel(config, g, f, dA, dB, zip.average(CycleGanConfig.GENERATOR_AB, g.params()),
        zip.average(CycleGanConfig.GENERATOR_BA, f.params()), keeper);
  }

  /** An untrained attribute classifier with a head for every attribute of {@code config}. */
  private static AttributeClassifier keeper(CycleGanConfig config) {
    return AttributeClassifier.of(AttributeClassifier.network(config.imageSize(), config.channels(),
        config.attributeValues().values().stream().map(List::size).toList(), config.seed() * 4 + 5));
  }

  /**
   * The frozen attribute classifier of the attribute-keeping terms (its weights live in the training state; assign
   * trained ones to its graph's parameters before the first step), or null when the configuration has none.
   */
  public AttributeClassifier keeper() {
    return keeper;
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

  /** Folds the generators' current parameters into their moving averages (if kept), after update {@code update}. */
  public void updateAverages(int update) {
    if (averageAb != null) {
      WeightAverage.fold(averageAb, generatorAb.params(), config.ema(), update);
      WeightAverage.fold(averageBa, generatorBa.params(), config.ema(), update);
    }
  }

  /** G's moving average (a live view), or null when the model keeps none. */
  public INDArray averageAb() {
    return averageAb;
  }

  /** F's moving average (a live view), or null when the model keeps none. */
  public INDArray averageBa() {
    return averageBa;
  }

  /**
   * The generators translation runs, [A→B, B→A]: the trained ones, or with moving averages fresh copies carrying the
   * averaged weights.
   */
  public List<ComputationGraph> translators() {
    if (averageAb == null) {
      return List.of(generatorAb, generatorBa);
    }
    ComputationGraph g = generatorAb.clone();
    g.params().assign(averageAb);
    ComputationGraph f = generatorBa.clone();
    f.params().assign(averageBa);
    return List.of(g, f);
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
    Map<String, byte[]> averages = new LinkedHashMap<>();
    if (averageAb != null) {
      averages.put(NetworkZip.averageEntry(CycleGanConfig.GENERATOR_AB), NetworkZip.arrayBytes(averageAb));
      averages.put(NetworkZip.averageEntry(CycleGanConfig.GENERATOR_BA), NetworkZip.arrayBytes(averageBa));
    }
    if (keeper != null) {
      averages.put(KEEPER, NetworkZip.arrayBytes(keeper.graph().params()));
    }
    NetworkZip.write(networks, averages, out);
  }
}
