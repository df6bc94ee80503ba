package dev.dgmspark.shard.image;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The result of decoding one file: either {@link Accepted} with the normalised image (PNG, or a JPEG source kept as
 * it is), or {@link Rejected} with a reason code and a message.
 *
 * <p>Outcomes are {@link Serializable} so that Spark can ship them between stages as they are.
 */
public sealed interface DecodeOutcome extends Serializable permits DecodeOutcome.Accepted, DecodeOutcome.Rejected {

  /** Returns whether the file was accepted. */
  default boolean accepted() {
    return this instanceof Accepted;
  }

  /**
   * A file that decoded: the normalised image's bytes plus what the source was.
   *
   * @param bytes the normalised image, size x size, 8-bit, RGB or grey as configured: PNG, or with
   *     {@code passthrough} the source file itself (a PNG or a JPEG); not copied (with {@code passthrough} it is the
   *     caller's input array itself)
   * @param sourceFormat {@link ImageFormat#PNG} or {@link ImageFormat#JPEG}
   * @param sourceWidth width declared by the source
   * @param sourceHeight height declared by the source
   * @param sourceLayout colour layout of the source, e.g. {@code rgb}, {@code grey}, {@code grey+alpha},
   *     {@code palette}, {@code palette+alpha}, {@code rgba}, {@code 16-bit grey}, {@code cmyk}, {@code ycck}
   * @param converted whether the colour layout was converted to the output layout; resizing alone does
   *     not count
   * @param passthrough whether {@link #bytes} is the source file itself (it already had the output size and
   *     layout and was fully validated), not a re-encoding
   * @param warnings decoder warnings for an image that still decoded, e.g. from a slightly damaged JPEG;
   *     empty when there were none
   */
  record Accepted(
      byte[] bytes,
      ImageFormat sourceFormat,
      int sourceWidth,
      int sourceHeight,
      String sourceLayout,
      boolean converted,
      boolean passthrough,
      List<String> warnings) implements DecodeOutcome {

    /** Checks the values and freezes the warning list. */
    public Accepted {
      Objects.requireNonNull(bytes, "bytes");
      Objects.requireNonNull(sourceFormat, "sourceFormat");
      Objects.requireNonNull(sourceLayout, "sourceLayout");
      warnings = List.copyOf(warnings);
    }

    /** Returns the source layout when it was converted, otherwise {@code null}. */
    public String convertedFrom() {
      return converted ? sourceLayout : null;
    }

    @Override
    public String toString() {
      return "Accepted[" + sourceFormat.code() + " " + sourceWidth + "x" + sourceHeight + " " + sourceLayout
          + (converted ? " converted" : "") + (passthrough ? " passthrough" : "") + ", " + bytes.length
          + (passthrough ? " source bytes" : " PNG bytes") + (warnings.isEmpty() ? "" : ", warnings=" + warnings) + "]";
    }
  }

  /**
   * A file that was not accepted.
   *
   * @param reason stable reason code
   * @param message what exactly was wrong, with the specific values
   * @param sourceFormat the sniffed format, or {@code null} when none was recognised
   */
  record Rejected(RejectReason reason, String message, ImageFormat sourceFormat) implements DecodeOutcome {
    /** Checks the values. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    /** Returns the stable reason code, e.g. {@code truncated}. */
    public String code() {
      return reason.code();
    }

    @Override
    public String toString() {
      return "Rejected[" + reason.code() + ": " + message + "]";
    }
  }
}
