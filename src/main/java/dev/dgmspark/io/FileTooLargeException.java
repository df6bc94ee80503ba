package dev.dgmspark.io;

import java.io.IOException;

/** An error for a file larger than can be read into one byte array. */
public final class FileTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  public FileTooLargeException(String message) {
    super(message);
  }
}
