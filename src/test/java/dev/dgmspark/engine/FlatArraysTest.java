package dev.dgmspark.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Bulk copies give the same values as element-wise access, for whole vectors, offset views and strided views. */
class FlatArraysTest {

  @Test
  void wholeVectorsAndOffsetViewsRoundTrip() {
    INDArray whole = Nd4j.rand(DataType.FLOAT, 1, 100);
    // A view that starts inside its buffer, as a layer's slice of the flat parameters does.
    INDArray view = whole.get(NDArrayIndex.point(0), NDArrayIndex.interval(40, 70));
    float[] out = new float[5 + 30];
    assertEquals(35, FlatArrays.copyOut(view, out, 5));
    for (int i = 0; i < 30; i++) {
      assertEquals(whole.getFloat(0, 40 + i), out[5 + i]);
    }
    float before = whole.getFloat(0, 39);
    float after = whole.getFloat(0, 70);
    float[] in = new float[35];
    for (int i = 0; i < in.length; i++) {
      in[i] = -i;
    }
    assertEquals(35, FlatArrays.copyIn(in, 5, view));
    for (int i = 0; i < 30; i++) {
      assertEquals(-(5 + i), whole.getFloat(0, 40 + i), "written through the view into the buffer");
    }
    assertEquals(before, whole.getFloat(0, 39), "values before the view untouched");
    assertEquals(after, whole.getFloat(0, 70), "values after the view untouched");
  }

  @Test
  void stridedAndDoubleArraysTakeTheSlowPathWithTheSameResult() {
    INDArray matrix = Nd4j.rand(DataType.FLOAT, 4, 3);
    INDArray column = matrix.getColumn(1); // stride 3
    float[] out = new float[4];
    FlatArrays.copyOut(column, out, 0);
    assertArrayEquals(column.toFloatVector(), out);
    INDArray doubles = Nd4j.rand(DataType.DOUBLE, 6);
    float[] values = {1, 2, 3, 4, 5, 6};
    FlatArrays.copyIn(values, 0, doubles);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, doubles.toDoubleVector());
  }
}
