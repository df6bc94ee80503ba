package dev.dgmspark.diffusion;

import dev.dgmspark.engine.NetworkView;
import dev.dgmspark.engine.TrainableModel;
import dev.dgmspark.engine.WeightAverage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A diffusion model as the training engine holds it: the U-Net being trained and the exponential moving average of
 * its parameters, which sampling uses. The engine averages both across workers (the average of the workers' moving
 * averages is the moving average of their averaged parameters: both are linear); state order [network, average].
 */
public final class DiffusionModel implements TrainableModel {
  private final DiffusionConfig config;
  private final ComputationGraph network;
  private final INDArray average;
  private final List<NetworkView> views;

  /**
   * @param average the moving average of the parameters (the parameters' length); taken as is, not copied
   */
  public DiffusionModel(DiffusionConfig config, ComputationGraph network, INDArray average) {
    if (average.length() != network.params().length()) {
      throw new IllegalArgumentException("the moving average holds " + average.length() + " values; the network "
          + network.params().length());
    }
    this.config = config;
    this.network = network;
    this.average = average;
    NetworkView trained = NetworkView.of(network);
    this.views = List.of(trained, WeightAverage.view(average, trained));
  }

  /** A freshly initialised network whose moving average starts at its weights. */
  public static DiffusionModel create(DiffusionConfig config) {
    ComputationGraph network = UNet.build(config);
    return new DiffusionModel(config, network, network.params().dup());
  }

  public DiffusionConfig config() {
    return config;
  }

  /** The network being trained. */
  public ComputationGraph network() {
    return network;
  }

  /** The moving average of the parameters (a live view: updates change it). */
  public INDArray average() {
    return average;
  }

  /** Folds the network's current parameters into the moving average, after update number {@code update}. */
  public void updateAverage(int update) {
    WeightAverage.fold(average, network.params(), config.ema(), update);
  }

  /** A copy of the network carrying the moving-average weights: what sampling runs. */
  public ComputationGraph samplingNetwork() {
    ComputationGraph copy = UNet.build(config);
    copy.setParams(average);
    return copy;
  }

  @Override
  public List<NetworkView> networks() {
    return views;
  }

  @Override
  public void write(OutputStream out) throws IOException {
    DiffusionFolder.write(this, out);
  }
}
