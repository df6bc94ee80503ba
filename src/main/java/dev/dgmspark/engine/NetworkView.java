package dev.dgmspark.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the engine reads and writes of one DL4J network: its flat parameter and updater-state views (writable arrays
 * into which the layers point) and its update counter. Hides the difference between a {@link MultiLayerNetwork}
 * and a {@link ComputationGraph}, which DL4J gives no common type for these.
 */
public interface NetworkView {
  /** The flat parameter view. */
  INDArray params();

  /** The flat updater-state view (empty for an updater without state). */
  INDArray updaterState();

  /** Updates done. */
  int iterations();

  /** Epochs done, as the network's configuration counts them. */
  int epochs();

  /** Sets the update counter and the epoch counter. */
  void setCounters(int iterations, int epoch);

  /** A layer stack's view; creates its updater so that the state view exists before the first step. */
  static NetworkView of(MultiLayerNetwork net) {
    net.getUpdater(true);
    return new NetworkView() {
      @Override
      public INDArray params() {
        return net.params();
      }

      @Override
      public INDArray updaterState() {
        return net.getUpdater(true).getStateViewArray();
      }

      @Override
      public int iterations() {
        return net.getIterationCount();
      }

      @Override
      public int epochs() {
        return net.getEpochCount();
      }

      @Override
      public void setCounters(int iterations, int epoch) {
        net.setIterationCount(iterations);
        net.setEpochCount(epoch);
      }
    };
  }

  /** A graph's view; creates its updater so that the state view exists before the first step. */
  static NetworkView of(ComputationGraph net) {
    net.getUpdater(true);
    return new NetworkView() {
      @Override
      public INDArray params() {
        return net.params();
      }

      @Override
      public INDArray updaterState() {
        return net.getUpdater(true).getStateViewArray();
      }

      @Override
      public int iterations() {
        return net.getConfiguration().getIterationCount();
      }

      @Override
      public int epochs() {
        return net.getConfiguration().getEpochCount();
      }

      @Override
      public void setCounters(int iterations, int epoch) {
        net.getConfiguration().setIterationCount(iterations);
        net.getConfiguration().setEpochCount(epoch);
      }
    };
  }

  /**
   * A parameter vector that travels in the training state without an updater of its own (a moving average, a frozen
   * network), whose counters are those of {@code network} (that network's own view sets them).
   */
  static NetworkView frozen(INDArray params, NetworkView network) {
    return new NetworkView() {
      @Override
      public INDArray params() {
        return params;
      }

      @Override
      public INDArray updaterState() {
        return null;
      }

      @Override
      public int iterations() {
        return network.iterations();
      }

      @Override
      public int epochs() {
        return network.epochs();
      }

      @Override
      public void setCounters(int iterations, int epoch) {
        // The network's view sets the shared counters.
      }
    };
  }
}
