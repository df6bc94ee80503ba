package dev.dgmspark.common;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Progress of a long piece of work as log lines with counts, percentage, rate and the time left at that rate: at most
 * one line every few seconds, and always one when the work is done.
 *
 * <p>Work comes in units (files, rows, pictures) and optionally in parts (Spark tasks), for example
 * {@code shard: 3/12 tasks, 1,250/5,000 files (25%), 410 files/s, ETA 9 s}. Thread-safe.
 */
public final class ProgressLog {
  /** Log at most this often, so that a long run writes a readable log, not a line per file. */
  public static final long DEFAULT_INTERVAL_NANOS = 5_000_000_000L;

  private final Logger log;
  private final String name;
  private final long totalParts;
  private final long totalUnits;
  private final String unit;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final long start;
  private long partsDone;
  private long unitsDone;
  private long lastLog;

  /**
   * Progress of {@code totalUnits} {@code unit}s in {@code totalParts} parts (0: the work has no parts), logged to
   * {@code log} under {@code name}.
   */
  public ProgressLog(Logger log, String name, long totalParts, long totalUnits, String unit) {
    this(log, name, totalParts, totalUnits, unit, DEFAULT_INTERVAL_NANOS, System::nanoTime);
  }

  /** As above, with the interval between lines and the clock ({@code System.nanoTime} in production). */
  public ProgressLog(Logger log, String name, long totalParts, long totalUnits, String unit, long intervalNanos,
      LongSupplier clock) {
    this.log = log;
    this.name = name;
    this.totalParts = totalParts;
    this.totalUnits = totalUnits;
    this.unit = unit;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastLog = start;
  }

  /** Counts {@code units} more units done (work without parts). */
  public synchronized void unitsDone(long units) {
    unitsDone += units;
    maybeLog();
  }

  /** Counts one more part done, holding {@code units} units. */
  public synchronized void partDone(long units) {
    partsDone++;
    unitsDone += units;
    maybeLog();
  }

  /** Units done so far. */
  public synchronized long unitsDone() {
    return unitsDone;
  }

  private void maybeLog() {
    long now = clock.getAsLong();
    boolean finished = totalParts > 0 ? partsDone >= totalParts : unitsDone >= totalUnits;
    if (now - lastLog < intervalNanos && !finished) {
      return;
    }
    lastLog = now;
    double seconds = Math.max((now - start) / 1e9, 1e-9);
    String parts = totalParts > 0 ? String.format("%d/%d tasks, ", partsDone, totalParts) : "";
    double rate = unitsDone / seconds;
    String eta = finished || rate <= 0 ? "" : ", ETA " + duration((totalUnits - unitsDone) / rate);
    log.info(String.format("%s: %s%,d/%,d %s (%.0f%%), %,.0f %s/s%s", name, parts, unitsDone, totalUnits, unit,
        100.0 * unitsDone / Math.max(1, totalUnits), rate, unit, eta));
  }

  /** A time left as people read it: {@code 42 s}, {@code 3 min 05 s}, {@code 2 h 07 min}. */
  public static String duration(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format("%d min %02d s", s / 60, s % 60);
    }
    return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
  }
}
