package dev.dgmspark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The round structure: every minibatch once per epoch, full rounds first, one noise stream per worker and round. */
class RoundPlanTest {
  @Test
  void everyBatchIsUsedOnceAndRoundsAreFullExceptTheLast() {
    for (int batches : new int[] {1, 7, 24, 25, 50}) {
      for (int workers : new int[] {1, 2, 3}) {
        for (int k : new int[] {1, 2}) {
          List<String> names = IntStream.range(0, batches).mapToObj(i -> "b" + i).toList();
          List<List<WorkerTask>> rounds = RoundPlan.plan(names, workers, 4, k, 42, 3);
          List<String> seen = new ArrayList<>();
          Set<Long> seeds = new HashSet<>();
          for (int r = 0; r < rounds.size(); r++) {
            List<WorkerTask> round = rounds.get(r);
            assertTrue(round.size() <= workers && !round.isEmpty());
            for (WorkerTask task : round) {
              assertTrue(task.batchPaths().size() <= 4 * k && !task.batchPaths().isEmpty());
              if (r < rounds.size() - 1) {
                assertEquals(4 * k, task.batchPaths().size(), "rounds before the last are full");
              }
              seen.addAll(task.batchPaths());
              seeds.add(task.noiseSeed());
            }
          }
          assertEquals(names, seen, "each batch once, in order");
          assertEquals((batches + workers * 4 * k - 1) / (workers * 4 * k), rounds.size());
          assertEquals(rounds.stream().mapToInt(List::size).sum(), seeds.size(), "a noise stream per task");
        }
      }
    }
  }

  @Test
  void noiseSeedsDependOnSeedEpochRoundAndWorkerOnly() {
    List<String> names = IntStream.range(0, 16).mapToObj(i -> "b" + i).toList();
    List<List<WorkerTask>> a = RoundPlan.plan(names, 2, 2, 1, 42, 1);
    List<List<WorkerTask>> again = RoundPlan.plan(names, 2, 2, 1, 42, 1);
    List<List<WorkerTask>> nextEpoch = RoundPlan.plan(names, 2, 2, 1, 42, 2);
    List<List<WorkerTask>> otherSeed = RoundPlan.plan(names, 2, 2, 1, 43, 1);
    assertEquals(a.get(1).get(1).noiseSeed(), again.get(1).get(1).noiseSeed());
    assertNotEquals(a.get(1).get(1).noiseSeed(), nextEpoch.get(1).get(1).noiseSeed());
    assertNotEquals(a.get(1).get(1).noiseSeed(), otherSeed.get(1).get(1).noiseSeed());
    assertEquals(NoiseStream.seedFor(42, (1L << 24) + 1, 1), a.get(1).get(1).noiseSeed());
  }
}
