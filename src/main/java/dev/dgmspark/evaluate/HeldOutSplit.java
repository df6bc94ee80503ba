package dev.dgmspark.evaluate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.Seeds;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * The deterministic split of a shard folder's rows by a hash of their id: a held-out share that the feature network
 * never trains on (the real images generators are measured against), itself cut into two halves, the reference half
 * and the floor half (real against real: what a perfect generator would score).
 *
 * <p>A row's place depends only on its id and the salt, not on the partitioning or the order of the rows; the
 * feature model records the split, so that every evaluation with it measures against the same real images.
 *
 * @param heldOutShare share of the rows held out, in (0, 1)
 * @param salt mixed into the hash (the seed the feature model was trained with)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HeldOutSplit(double heldOutShare, long salt) implements Serializable {
  /** Default held-out share: a quarter of the rows, so that 3,000 images give two halves of about 375. */
  public static final double DEFAULT_HELD_OUT_SHARE = 0.25;

  /** Checks the share. */
  public HeldOutSplit {
    if (!(heldOutShare > 0 && heldOutShare < 1)) {
      throw new IllegalArgumentException(String.format(
          "Cannot hold out a share of %s of the rows, the value must be in (0, 1).", heldOutShare));
    }
  }

  /** The row's key: uniform in [0, 1), a function of the id and the salt only. */
  public double key(String id) {
    long h = Seeds.derive(salt, fnv1a(id));
    return (h >>> 11) * 0x1.0p-53;
  }

  /** True when the row is held out from the feature network's training. */
  public boolean heldOut(String id) {
    return key(id) < heldOutShare;
  }

  /** For a held-out row: 0 for the reference half, 1 for the floor half (the key's position inside the share). */
  public int half(String id) {
    return key(id) < heldOutShare / 2 ? 0 : 1;
  }

  /** 64-bit FNV-1a of the id's UTF-8 bytes: every character counts, unlike String.hashCode's 32 bits. */
  private static long fnv1a(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
