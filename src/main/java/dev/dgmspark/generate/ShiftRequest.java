package dev.dgmspark.generate;

import dev.dgmspark.common.UsageException;

/**
 * What {@code generate --shift ATTR=VALUE[:SCALE]} asks for: move encoded images towards an attribute's value.
 *
 * @param attribute the attribute column as given (a unique prefix is enough; the job resolves it)
 * @param value the value to move towards
 * @param scale attribute vectors to add (1 by default; negative moves away from the value)
 */
public record ShiftRequest(String attribute, String value, double scale) {
  /** Scale when the request names none. */
  public static final double DEFAULT_SCALE = 1.0;

  /** Parses {@code ATTR=VALUE} or {@code ATTR=VALUE:SCALE}; a malformed request is a usage error naming --shift. */
  public static ShiftRequest parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new UsageException("--shift '" + spec + "': expected ATTR=VALUE or ATTR=VALUE:SCALE, e.g. glasses=yes:1.5");
    }
    String attribute = spec.substring(0, eq);
    String rest = spec.substring(eq + 1);
    int colon = rest.lastIndexOf(':');
    if (colon < 0) {
      return new ShiftRequest(attribute, rest, DEFAULT_SCALE);
    }
    String value = rest.substring(0, colon);
    double scale;
    try {
      scale = Double.parseDouble(rest.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UsageException("--shift '" + spec + "': the scale after ':' must be a number, e.g. glasses=yes:1.5");
    }
    if (value.isEmpty() || !Double.isFinite(scale) || Math.abs(scale) > 100) {
      throw new UsageException("--shift '" + spec + "': expected a value and a finite scale in [-100, 100]");
    }
    return new ShiftRequest(attribute, value, scale);
  }

  @Override
  public String toString() {
    return attribute + "=" + value + ":" + scale;
  }
}
