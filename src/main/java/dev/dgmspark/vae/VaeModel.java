package dev.dgmspark.vae;

import dev.dgmspark.engine.NetworkView;
import dev.dgmspark.engine.TrainableModel;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/** A (V)AE as the training engine holds it: its one {@link ComputationGraph}, written as a DL4J model zip. */
public final class VaeModel implements TrainableModel {
  private final ComputationGraph net;
  private final List<NetworkView> views;

  public VaeModel(ComputationGraph net) {
    this.net = net;
    this.views = List.of(NetworkView.of(net));
  }

  /** Reads a model written by {@link #write}, with its updater state. */
  public static VaeModel read(java.io.InputStream in) throws IOException {
    return new VaeModel(ModelSerializer.restoreComputationGraph(in, true));
  }

  /**
   * Fits the network on each minibatch in turn, adding each minibatch's score to {@code metrics} as {@code figure}
   * and its images to the examples: the local step of the families whose model is one graph.
   */
  public void fitEach(List<org.nd4j.linalg.dataset.api.MultiDataSet> batches, dev.dgmspark.engine.StepMetrics metrics,
      String figure) {
    for (org.nd4j.linalg.dataset.api.MultiDataSet batch : batches) {
      net.fit(batch);
      metrics.add(figure, net.score());
      metrics.addExamples(batch.getFeatures(0).size(0));
    }
  }

  /** The network. */
  public ComputationGraph network() {
    return net;
  }

  @Override
  public List<NetworkView> networks() {
    return views;
  }

  @Override
  public void write(OutputStream out) throws IOException {
    ModelSerializer.writeModel(net, out, true);
  }
}
