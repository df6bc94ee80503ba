package dev.dgmspark.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sums of worker states: means, counters, and the bulk serialisation the averaging round ships them with. */
class StateSumTest {

  private static StateSum worker(float[] flat, int iterations, double loss) {
    StepMetrics m = new StepMetrics(List.of("loss"));
    m.add("loss", loss);
    m.addExamples(10);
    return StateSum.of(new TrainingState(flat, new int[] {iterations, iterations + 1}, 3), m);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void meanOfWorkersAfterSerialisationAtEveryStage() throws Exception {
    StateSum a = roundTrip(worker(new float[] {1f, 2f, 3f}, 10, 1.0));
    StateSum b = roundTrip(worker(new float[] {3f, 6f, -3f}, 12, 3.0));
    assertArrayEquals(new float[] {1f, 2f, 3f}, a.mean().flat(), "one worker: its own state");
    StateSum ab = roundTrip(a.merge(b));
    StateSum c = roundTrip(worker(new float[] {2f, 1f, 0f}, 11, 5.0));
    TrainingState mean = roundTrip(ab.merge(c)).mean();
    assertArrayEquals(new float[] {2f, 3f, 0f}, mean.flat(), 1e-7f);
    assertArrayEquals(new int[] {12, 13}, mean.iterations(), "the furthest worker's counters");
    assertEquals(3, mean.epoch());
    assertEquals(3, ab.workers());
  }

  @Test
  void figuresAddUpAndMismatchedStatesAreRejected() {
    StateSum a = worker(new float[] {1f}, 1, 1.0).merge(worker(new float[] {2f}, 1, 3.0));
    assertEquals(2.0, a.metrics().mean("loss"), 1e-12);
    assertEquals(20, a.metrics().examples());
    assertThrows(IllegalArgumentException.class, () -> a.merge(worker(new float[] {1f, 2f}, 1, 1.0)));
  }
}
