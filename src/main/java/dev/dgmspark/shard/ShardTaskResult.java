package dev.dgmspark.shard;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one shard task did with its slice: the files it wrote (still under staging names) and its counts.
 *
 * <p>The driver sums the results of the one successful attempt per slice, which is why the accounting stays exact
 * when tasks are retried: failed attempts return nothing.
 */
public final class ShardTaskResult implements Serializable {
  private static final long serialVersionUID = 1L;

  final int slice;
  final List<ShardFile> files = new ArrayList<>();
  String rejectsStagingPath;
  long inputs;
  long accepted;
  long rejected;
  long bytesRead;
  long attributesMatched;
  /** Inputs the attributes CSV names (with folder labels, fewer than {@link #attributesMatched}). */
  long attributesCsvMatched;
  long attributesMissing;
  long decoderWarnings;
  long readNanos;
  long decodeNanos;
  long writeNanos;
  final Map<String, Long> rejectReasons = new TreeMap<>();
  final Map<String, Long> conversions = new TreeMap<>();

  ShardTaskResult(int slice) {
    this.slice = slice;
  }

  public int slice() {
    return slice;
  }

  public List<ShardFile> files() {
    return files;
  }

  void reject(String reason) {
    rejected++;
    rejectReasons.merge(reason, 1L, Long::sum);
  }

  void converted(String from) {
    conversions.merge(from, 1L, Long::sum);
  }
}
