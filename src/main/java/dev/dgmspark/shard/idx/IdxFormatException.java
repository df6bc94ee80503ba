package dev.dgmspark.shard.idx;

import java.io.IOException;

/** An IDX file that does not follow the format: a bad header, a truncated body, or images and labels that differ. */
public final class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public IdxFormatException(String message) {
    super(message);
  }
}
