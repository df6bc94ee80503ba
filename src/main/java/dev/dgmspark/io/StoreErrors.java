package dev.dgmspark.io;

/**
 * One-line descriptions of failures for the command line, with a hint when the cause is an object store's
 * credentials, bucket or endpoint.
 */
public final class StoreErrors {
  private StoreErrors() {}

  /** The exception's own message, or its class when it has none, with the root cause appended when different. */
  public static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String own = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    if (root == e) {
      return own;
    }
    String cause = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    return own.contains(cause) ? own : own + " (cause: " + cause + ")";
  }
}
