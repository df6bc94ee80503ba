package dev.dgmspark.shard.image;

/**
 * An internal signal that a file is to be rejected; {@link ImageDecoder} turns it into a
 * {@link DecodeOutcome.Rejected} and never lets it escape.
 *
 * <p>Stack traces are not filled in: rejections are routine on dirty datasets and the trace says nothing
 * the message does not.
 */
final class DecodeFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;

  DecodeFailure(RejectReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  RejectReason reason() {
    return reason;
  }
}
