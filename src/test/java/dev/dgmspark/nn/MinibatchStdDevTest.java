package dev.dgmspark.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MinibatchStdDevTest {
  @Test
  void theAddedPlaneIsTheGroupsMeanStandardDeviation() {
    // Two groups of two images with one feature each: {1, 3} (sd 1) and {5, 5} (sd 0).
    INDArray x = Nd4j.create(new double[] {1, 3, 5, 5}, new long[] {4, 1, 1, 1});
    INDArray out = MinibatchStdDev.forward(x, 2);
    assertEquals(2, out.size(1));
    assertEquals(1.0, out.getDouble(0, 1, 0, 0), 1e-6);
    assertEquals(1.0, out.getDouble(1, 1, 0, 0), 1e-6);
    assertEquals(0.0, out.getDouble(2, 1, 0, 0), 1e-3);
    assertEquals(3.0, out.getDouble(1, 0, 0, 0), 1e-12);
  }

  @Test
  void aRemainderFormsTheLastGroupUnlessItIsOneImage() {
    assertArrayEquals(new int[] {0, 4, 8}, MinibatchStdDev.groupBounds(8, 4));
    assertArrayEquals(new int[] {0, 4, 8, 10}, MinibatchStdDev.groupBounds(10, 4));
    assertArrayEquals(new int[] {0, 2, 5}, MinibatchStdDev.groupBounds(5, 2));
    assertArrayEquals(new int[] {0, 3}, MinibatchStdDev.groupBounds(3, 4));
    assertArrayEquals(new int[] {0, 1}, MinibatchStdDev.groupBounds(1, 4));
  }

  @Test
  void groupsOfConsecutiveImagesDoNotSeeEachOther() {
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.randn(DataType.DOUBLE, 8, 3, 2, 2);
    INDArray before = MinibatchStdDev.forward(x, 4);
    INDArray changed = x.dup();
    changed.get(NDArrayIndex.interval(4, 8), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).muli(5);
    INDArray after = MinibatchStdDev.forward(changed, 4);
    assertEquals(before.get(NDArrayIndex.interval(0, 4)), after.get(NDArrayIndex.interval(0, 4)));
    assertTrue(after.getDouble(4, 3, 0, 0) > 4 * before.getDouble(4, 3, 0, 0));
  }

  @Test
  void theGradientMatchesFiniteDifferences() {
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.randn(DataType.DOUBLE, 8, 2, 2, 2);
    INDArray weights = Nd4j.randn(DataType.DOUBLE, 8, 3, 2, 2);
    INDArray analytic = MinibatchStdDev.backward(x, weights, 3);
    double h = 1e-6;
    for (int i = 0; i < x.length(); i++) {
      INDArray plus = x.dup();
      INDArray minus = x.dup();
      plus.data().put(i, x.data().getDouble(i) + h);
      minus.data().put(i, x.data().getDouble(i) - h);
      double numeric = (MinibatchStdDev.forward(plus, 3).mul(weights).sumNumber().doubleValue()
          - MinibatchStdDev.forward(minus, 3).mul(weights).sumNumber().doubleValue()) / (2 * h);
      assertEquals(numeric, analytic.data().getDouble(i), 1e-6, "element " + i);
    }
  }
}
