package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.junit.jupiter.api.Test;

/** Everything Spark ships between driver and executors survives Java serialisation with its state. */
class SerializationTest {
  @SuppressWarnings("unchecked")
  private static <T extends Serializable> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void aggregatesAndWeightsKeepTheirState() throws Exception {
    double[][] rows = {{0, 1}, {1, 3}, {0.5, 2}, {0.2, 0.1}};
    LatentRange range = new LatentRange(2);
    for (double[] row : rows) {
      range.add(row);
    }
    LatentRange rangeCopy = roundTrip(range);
    assertArrayEquals(range.mins(), rangeCopy.mins());
    assertEquals(range.rows(), rangeCopy.rows());

    LatentHistograms h = LatentHistograms.over(range, 3);
    for (double[] row : rows) {
      h.add(row);
    }
    LatentHistograms hCopy = roundTrip(h).merge(h);
    assertEquals(2 * h.count(1, 0), hCopy.count(1, 0));

    for (Combine combine : Combine.values()) {
      DebiasWeights w = DebiasWeights.fit(h, 0.01, combine);
      DebiasWeights wCopy = roundTrip(w);
      for (double[] row : rows) {
        assertEquals(w.logWeight(row), wCopy.logWeight(row));
      }
    }

    WeightStats stats = new WeightStats().addLogWeight(1).addLogWeight(-1);
    assertEquals(stats.effectiveSampleSize(), roundTrip(stats).effectiveSampleSize());

    BucketWeights buckets = new BucketWeights(8).add("a", 5).add("b", 7);
    assertArrayEquals(buckets.weights(), roundTrip(buckets).weights());

    ShareTally shares = new ShareTally().add("gender", "F", 2).add("gender", null, 1);
    assertEquals(shares.shares(), roundTrip(shares).shares());
  }
}
