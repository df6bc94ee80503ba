package dev.dgmspark.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The averaging rounds of one epoch: which minibatch files each worker trains on in each round, and its noise seed.
 *
 * <p>A round gives every worker {@code averagingFrequency · batchesPerStep} minibatches (so
 * {@code averagingFrequency} steps); the epoch's last round splits what is left evenly, and a worker left without
 * minibatches sits the round out. Noise streams are seeded by (seed, epoch, round, worker), so a resumed run draws
 * the same noise.
 */
public final class RoundPlan {
  /** Rounds per epoch can never reach this; it separates the epochs' round numbers in the noise seeds. */
  private static final long ROUNDS_PER_EPOCH_BOUND = 1L << 24;

  private RoundPlan() {}

  /** The rounds of {@code epoch} over {@code batches} (already in this epoch's order). */
  public static List<List<WorkerTask>> plan(List<String> batches, int workers, int averagingFrequency,
      int batchesPerStep, long seed, int epoch) {
    int perWorker = averagingFrequency * batchesPerStep;
    List<List<WorkerTask>> rounds = new ArrayList<>();
    int from = 0;
    while (from < batches.size()) {
      int remaining = batches.size() - from;
      int share = remaining >= workers * perWorker ? perWorker : (remaining + workers - 1) / workers;
      List<WorkerTask> round = new ArrayList<>();
      long roundId = epoch * ROUNDS_PER_EPOCH_BOUND + rounds.size();
      for (int w = 0; w < workers && from < batches.size(); w++) {
        int to = Math.min(batches.size(), from + share);
        round.add(new WorkerTask(w, NoiseStream.seedFor(seed, roundId, w), batches.subList(from, to)));
        from = to;
      }
      rounds.add(round);
    }
    return rounds;
  }
}
