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
