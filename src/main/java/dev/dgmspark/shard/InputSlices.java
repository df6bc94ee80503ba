package dev.dgmspark.shard;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the sorted input listing into contiguous slices of about equal work, one per Spark task.
 *
 * <p>Work is estimated as the file's bytes plus a fixed per-file cost (opening and decoding a tiny file is not free).
 * Contiguous slices keep the shards in input order, so the same input always gives the same shards.
 */
public final class InputSlices {
  /** Per-file cost in byte-equivalents: a 64x64 PNG costs about as much to open and decode as 16 KB to read. */
  static final long PER_FILE_COST = 16 * 1024;

  private InputSlices() {}

  /** A contiguous run of input files that one task shards. */
  public record Slice(int index, List<InputFile> files) implements Serializable {}

  /**
   * Splits {@code files} into at most {@code count} non-empty contiguous slices of about equal estimated work.
   */
  public static List<Slice> plan(List<InputFile> files, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("slice count must be positive: " + count);
    }
    long total = 0;
    for (InputFile file : files) {
      total += cost(file);
    }
    List<Slice> slices = new ArrayList<>();
    List<InputFile> current = new ArrayList<>();
    long done = 0;
    for (InputFile file : files) {
      current.add(file);
      done += cost(file);
      // Close the slice once the work so far reaches its share of the total: slice k ends near k/count of the work.
      if (slices.size() < count - 1 && done * count >= total * (slices.size() + 1L)) {
        slices.add(new Slice(slices.size(), List.copyOf(current)));
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      slices.add(new Slice(slices.size(), List.copyOf(current)));
    }
    return slices;
  }

  /**
   * The number of slices for a listing: one per task slot, so that a small input runs in a single wave (each extra
   * wave costs task start-up and leaves a slot idle at the end: 16% slower for 10,000 small files on 2 slots), and
   * more for large inputs so that no task reads more than {@code maxBytesPerTask}; many tasks also even out skew.
   */
  public static int defaultCount(List<InputFile> files, int taskSlots, long maxBytesPerTask) {
    long bytes = 0;
    for (InputFile file : files) {
      bytes += file.length();
    }
    return defaultCount(files.size(), bytes, taskSlots, maxBytesPerTask);
  }

  /** As {@link #defaultCount(List, int, long)}, from the number of files and their total bytes. */
  public static int defaultCount(long files, long bytes, int taskSlots, long maxBytesPerTask) {
    long work = bytes + files * PER_FILE_COST;
    long bySize = (work + maxBytesPerTask - 1) / maxBytesPerTask;
    long count = Math.max(Math.max(1, taskSlots), bySize);
    return (int) Math.max(1, Math.min(Math.min(count, Math.max(1, files)), Integer.MAX_VALUE));
  }

  private static long cost(InputFile file) {
    return file.length() + PER_FILE_COST;
  }
}
