package dev.dgmspark.shard;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the shard job lists its input. */
public enum ListingMode {
  /**
   * Distributed for object stores ({@code s3a://}, {@code gs://}, ...); elsewhere flat, switching to distributed once
   * the flat listing passes the listing threshold.
   */
  AUTO,

  /** Every file listed on the driver and held there (fine up to a few million files). */
  FLAT,

  /** Folders listed in Spark tasks into Parquet files that the shard tasks read; the driver holds no file list. */
  DISTRIBUTED;

  /** The name as the command line and {@code summary.json} spell it. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
