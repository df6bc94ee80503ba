package dev.dgmspark.debias;

import dev.dgmspark.common.Seeds;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A seeded, bounded sample of latent rows: the {@code capacity} rows with the smallest {@link #key keys}, as a
 * mergeable aggregate.
 *
 * <p>Each row's key is a hash of (seed, id), uniform in [0, 1), so the rows with the smallest keys are a uniform
 * sample without replacement (bottom-k sampling). Which rows are chosen depends only on the ids and the seed, never on
 * the partitioning or the order of rows, and the sample never holds more than about twice {@code capacity} rows while
 * it is built. A job first drops rows whose key is above {@link #keyBound(long, int)} (the expected sample is a little
 * larger than the capacity), so each partition sends only its few candidates.
 *
 * <p>Built for Spark's {@code treeAggregate}: {@link #add} and {@link #merge} update this instance and return it;
 * {@code merge} never changes its argument. Rows with a NaN or infinite component are skipped.
 */
public final class ReferenceSample implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Comparator<Row> ORDER = Comparator.comparingDouble(Row::key).thenComparing(Row::id);

  private final int capacity;
  private final long seed;
  private final int dims;
  private List<Row> rows = new ArrayList<>();

  /** One sampled row: its key, id and latent vector. */
  public record Row(double key, String id, float[] mu) implements Serializable {}

  /**
   * An empty sample of at most {@code capacity} rows of {@code dims} dimensions, keyed by {@code seed}.
   *
   * @throws IllegalArgumentException if capacity or dims is not positive
   */
  public ReferenceSample(int capacity, int dims, long seed) {
    if (capacity <= 0) {
      throw new IllegalArgumentException(
          String.format("Cannot keep a reference sample of %d rows, the value must be positive.", capacity));
    }
    Latents.checkPositiveDims(dims);
    this.capacity = capacity;
    this.dims = dims;
    this.seed = seed;
  }

  /**
   * The sampling key of row {@code id} under {@code seed}: the 64-bit FNV-1a hash of the id's UTF-8 bytes mixed into
   * the seed ({@link Seeds#derive}), as a double in [0, 1) on the grid of multiples of 2^-53.
   */
  public static double key(String id, long seed) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : Objects.requireNonNull(id, "id").getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    long mixed = Seeds.derive(seed, hash);
    return (mixed >>> 11) * 0x1.0p-53;
  }

  /**
   * A key bound that keeps {@code capacity} of {@code rows} rows with overwhelming probability: the fraction
   * (capacity + 8·√capacity + 64) / rows, capped at 1. The count of keys below it is binomial with mean above
   * capacity by 8 standard deviations or more; a job that still finds fewer rows than it needs samples again without
   * the bound, so the bound changes only the cost, never the sample.
   */
  public static double keyBound(long rows, int capacity) {
    if (rows <= capacity) {
      return 1.0;
    }
    return Math.min(1.0, (capacity + 8 * Math.sqrt(capacity) + 64) / rows);
  }

  /** Offers row {@code id} with vector {@code mu}; keeps it if its key is among the smallest. Returns this. */
  public ReferenceSample add(String id, float[] mu) {
    Objects.requireNonNull(mu, "mu");
    if (mu.length != dims) {
      throw new IllegalArgumentException(
          String.format("Latent vector has %d dimensions, expected %d.", mu.length, dims));
    }
    if (!Latents.isFinite(mu)) {
      return this;
    }
    rows.add(new Row(key(id, seed), id, mu.clone()));
    trimIfLarge();
    return this;
  }

  /** Adds the rows of {@code other} (same capacity, dims and seed); returns this, {@code other} is unchanged. */
  public ReferenceSample merge(ReferenceSample other) {
    Objects.requireNonNull(other, "other");
    if (other.capacity != capacity || other.dims != dims || other.seed != seed) {
      throw new IllegalArgumentException("Cannot merge reference samples with different capacity, dims or seed.");
    }
    rows.addAll(other.rows);
    trimIfLarge();
    return this;
  }

  private void trimIfLarge() {
    if (rows.size() >= 2 * capacity) {
      trim();
    }
  }

  private void trim() {
    rows.sort(ORDER);
    if (rows.size() > capacity) {
      rows = new ArrayList<>(rows.subList(0, capacity));
    }
  }

  /** The sampled rows, at most {@code capacity}, in key order (ties by id). */
  public List<Row> rows() {
    trim();
    return List.copyOf(rows);
  }

  /** The number of rows the sample holds now (after {@link #rows()}: at most the capacity). */
  public int size() {
    return Math.min(rows.size(), capacity);
  }

  /** The most rows the sample keeps. */
  public int capacity() {
    return capacity;
  }

  /** The number of dimensions of the rows. */
  public int dims() {
    return dims;
  }

  /** The seed of the keys. */
  public long seed() {
    return seed;
  }
}
