package dev.dgmspark.engine;

import dev.dgmspark.io.BulkArrays;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;

/**
 * A model's whole training state as parameter averaging ships it: one flat vector (the model says the layout:
 * every network's parameters, then every network's updater state) and each network's update counter, which Adam's
 * bias correction reads.
 *
 * <p>Every averaging round broadcasts it, so it writes its vector in blocks of bytes ({@link Externalizable},
 * {@link BulkArrays}; the project's Kryo set-up calls {@link #writeExternal} on Kryo's stream): as a record it went
 * through Java serialisation, whose value-by-value {@code writeFloats} into a growing byte array topped the driver's
 * profile in {@code local[2]} training. Not a record for that reason; treat it as immutable all the same.
 */
public final class TrainingState implements Externalizable {
  private static final long serialVersionUID = 1L;
  private float[] flat;
  private int[] iterations;
  private int epoch;

  /** For deserialisation only. */
  public TrainingState() {}

  /**
   * @param flat parameters and updater states of all the model's networks
   * @param iterations updates done, per network
   * @param epoch epochs done
   */
  public TrainingState(float[] flat, int[] iterations, int epoch) {
    this.flat = flat;
    this.iterations = iterations;
    this.epoch = epoch;
  }

  /** Parameters and updater states of all the model's networks, in the model's layout. */
  public float[] flat() {
    return flat;
  }

  /** Updates done, per network. */
  public int[] iterations() {
    return iterations;
  }

  /** Epochs done. */
  public int epoch() {
    return epoch;
  }

  /** The same state marked as {@code epochs} epochs done. */
  public TrainingState withEpoch(int epochs) {
    return new TrainingState(flat, iterations, epochs);
  }

  @Override
  public void writeExternal(ObjectOutput out) throws IOException {
    out.writeInt(epoch);
    out.writeInt(iterations.length);
    for (int count : iterations) {
      out.writeInt(count);
    }
    BulkArrays.writeFloats(out, flat);
  }

  @Override
  public void readExternal(ObjectInput in) throws IOException {
    epoch = in.readInt();
    iterations = new int[in.readInt()];
    for (int i = 0; i < iterations.length; i++) {
      iterations[i] = in.readInt();
    }
    flat = BulkArrays.readFloats(in);
  }
}
