package dev.dgmspark.engine;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between ND4J vectors and Java float arrays: what moving a model's state in and out of the networks
 * costs every averaging round.
 *
 * <p>ND4J's own conversions ({@code data().asFloat()}, {@code Nd4j.createFromArray}) copy element by element; on a
 * 32x32 VAE's 3.5 million state values they took 60–70 ms each way, about a fifth of a five-step round. A float
 * vector in contiguous native memory is copied through its {@link FloatBuffer} view instead; anything else (another
 * data type, a strided view) takes the slow path.
 */
final class FlatArrays {
  private FlatArrays() {}

  /** Copies {@code array}'s values into {@code out} from {@code at}; returns the position after them. */
  static int copyOut(INDArray array, float[] out, int at) {
    int n = Math.toIntExact(array.length());
    if (bulk(array)) {
      FloatBuffer view = array.data().asNioFloat();
      view.position(view.position() + (int) array.offset());
      view.get(out, at, n);
    } else {
      System.arraycopy(array.castTo(DataType.FLOAT).dup('c').data().asFloat(), 0, out, at, n);
    }
    return at + n;
  }

  /** Overwrites {@code array}'s values with {@code in} from {@code at}; returns the position after them. */
  static int copyIn(float[] in, int at, INDArray array) {
    int n = Math.toIntExact(array.length());
    if (bulk(array)) {
      FloatBuffer view = array.data().asNioFloat();
      view.position(view.position() + (int) array.offset());
      view.put(in, at, n);
    } else {
      float[] slice = java.util.Arrays.copyOfRange(in, at, at + n);
      array.assign(Nd4j.createFromArray(slice).castTo(array.dataType()).reshape(array.shape()));
    }
    return at + n;
  }

  private static boolean bulk(INDArray array) {
    return array.dataType() == DataType.FLOAT && array.elementWiseStride() == 1 && array.ordering() == 'c'
        && array.length() > 0;
  }
}
