package dev.dgmspark.engine;

import java.io.Serializable;
import java.util.List;

/**
 * What one worker does in one averaging round: the family's steps over its minibatch files, with noise from its own
 * stream. A class, not a record: Spark ships it with Kryo, which cannot build records.
 */
public final class WorkerTask implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int worker;
  private final long noiseSeed;
  private final String[] batchPaths;

  public WorkerTask(int worker, long noiseSeed, List<String> batchPaths) {
    this.worker = worker;
    this.noiseSeed = noiseSeed;
    this.batchPaths = batchPaths.toArray(new String[0]);
  }

  public int worker() {
    return worker;
  }

  public long noiseSeed() {
    return noiseSeed;
  }

  public List<String> batchPaths() {
    return List.of(batchPaths);
  }
}
