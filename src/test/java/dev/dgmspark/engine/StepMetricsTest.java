package dev.dgmspark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Step figures: means per figure with their own counts, and sums over workers. */
class StepMetricsTest {

  @Test
  void meansUseEachFiguresOwnCount() {
    StepMetrics m = new StepMetrics(List.of("d_loss", "g_loss"));
    m.add("d_loss", 1.0);
    m.add("d_loss", 3.0);
    m.add("g_loss", 5.0);
    m.addExamples(64);
    assertEquals(2.0, m.mean("d_loss"));
    assertEquals(5.0, m.mean("g_loss"));
    assertEquals(64, m.examples());
    assertTrue(Double.isNaN(new StepMetrics(List.of("x")).mean("x")), "no observation: NaN, not 0");
  }

  @Test
  void workersAddUp() {
    StepMetrics a = new StepMetrics(List.of("loss"));
    a.add("loss", 2.0);
    a.addExamples(10);
    StepMetrics b = a.copy();
    b.add("loss", 8.0);
    b.addExamples(5);
    a.add(b);
    // a: 2 ; b: 2, 8 -> mean of 2, 2, 8
    assertEquals(4.0, a.mean("loss"), 1e-12);
    assertEquals(25, a.examples());
  }

  @Test
  void unknownOrMismatchedFiguresAreRejected() {
    StepMetrics m = new StepMetrics(List.of("loss"));
    assertThrows(IllegalArgumentException.class, () -> m.add("kl", 1));
    assertThrows(IllegalArgumentException.class, () -> m.add(new StepMetrics(List.of("kl"))));
  }
}
