package dev.dgmspark.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.MetricsLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MetricsTable} reads what {@link MetricsLog} writes: the loss columns are those between epoch and examples. */
class MetricsTableTest {
  @Test
  void lossColumnsAreTheFamilysTerms() {
    MetricsTable table = MetricsTable.parse(MetricsLog.HEADER + "\n1,10.5,9.0,1.5,10.4,640,2.000,320.0\n"
        + "2,8.25,7.0,1.25,8.2,640,1.600,400.0\n");
    assertEquals(List.of("loss", "reconstruction", "kl", "train_score"), table.lossColumns());
    assertEquals(2, table.rows());
    assertArrayEquals(new double[] {1, 2}, table.column("epoch"));
    assertArrayEquals(new double[] {1.5, 1.25}, table.column("kl"));
    assertArrayEquals(new double[] {320, 400}, table.column("examples_per_second"));
  }

  @Test
  void aGanLogHasItsOwnTermsAndUnreadableCellsAreNaN() {
    MetricsTable table = MetricsTable.parse("epoch,d_loss,g_loss,examples,seconds,examples_per_second\n"
        + "1,0.7,NaN,64,1.0,64.0\n3,x,1.2,64,1.0,64.0\n");
    assertEquals(List.of("d_loss", "g_loss"), table.lossColumns());
    assertTrue(Double.isNaN(table.column("g_loss")[0]));
    assertTrue(Double.isNaN(table.column("d_loss")[1]));
    assertEquals(3, table.column("epoch")[1]);
  }

  @Test
  void anUnknownColumnIsNamed() {
    MetricsTable table = MetricsTable.parse(MetricsLog.HEADER + "\n");
    assertEquals(0, table.rows());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.column("fid"));
    assertTrue(e.getMessage().contains("fid"), e.getMessage());
  }
}
