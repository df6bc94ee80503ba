package dev.dgmspark.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model the engine trains: one or more DL4J networks whose parameters and updater states parameter averaging
 * combines, and a way to write them whole (checkpoints, the final model).
 */
public interface TrainableModel {
  /** The networks, in a fixed order (the layout of {@link #state()}). */
  List<NetworkView> networks();

  /** Writes every network with its updater state, as the family's checkpoint format. */
  void write(OutputStream out) throws IOException;

  /** Parameters of all networks. */
  default long parameterCount() {
    return networks().stream().mapToLong(n -> n.params().length()).sum();
  }

  /** A copy of the whole training state: [all parameters, all updater states], and the counters. */
  default TrainingState state() {
    List<INDArray> parts = parts(networks());
    long length = parts.stream().mapToLong(INDArray::length).sum();
    float[] flat = new float[Math.toIntExact(length)];
    int at = 0;
    for (INDArray part : parts) {
      float[] values = part.castTo(DataType.FLOAT).data().asFloat();
      System.arraycopy(values, 0, flat, at, values.length);
      at += values.length;
    }
    int[] iterations = networks().stream().mapToInt(NetworkView::iterations).toArray();
    return new TrainingState(flat, iterations, networks().get(0).epochs());
  }

  /** Overwrites every network's parameters, updater state and counters with {@code state}. */
  default void setState(TrainingState state) {
    List<NetworkView> networks = networks();
    List<INDArray> parts = parts(networks);
    long length = parts.stream().mapToLong(INDArray::length).sum();
    if (state.flat().length != length || state.iterations().length != networks.size()) {
      throw new IllegalArgumentException("state holds " + state.flat().length + " values for "
          + state.iterations().length + " networks; this model needs " + length + " for " + networks.size());
    }
    int at = 0;
    for (INDArray part : parts) {
      int n = (int) part.length();
      float[] slice = Arrays.copyOfRange(state.flat(), at, at + n);
      part.assign(Nd4j.createFromArray(slice).castTo(part.dataType()).reshape(part.shape()));
      at += n;
    }
    for (int i = 0; i < networks.size(); i++) {
      networks.get(i).setCounters(state.iterations()[i], state.epoch());
    }
  }

  private static List<INDArray> parts(List<NetworkView> networks) {
    List<INDArray> parts = new ArrayList<>();
    networks.forEach(n -> parts.add(n.params()));
    for (NetworkView n : networks) {
      INDArray updater = n.updaterState();
      if (updater != null && updater.length() > 0) {
        parts.add(updater);
      }
    }
    return parts;
  }
}
