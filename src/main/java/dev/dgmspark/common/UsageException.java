package dev.dgmspark.common;

/**
 * A problem with what the user asked for (an option value, a configuration, an output folder that must not be
 * overwritten), as opposed to a failure while doing it.
 *
 * <p>The command line maps it to exit code 2; every other exception from a job maps to exit code 1.
 */
public class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
