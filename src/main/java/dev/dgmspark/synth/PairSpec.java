package dev.dgmspark.synth;

import java.util.Locale;

/**
 * What {@code synth --pairs} pairs on: an attribute and its two values. Picture {@code 2k} of a paired dataset is face
 * {@code k} with {@link #first()}, picture {@code 2k + 1} the same face with {@link #second()}; nothing else differs.
 *
 * @param attribute the attribute that differs within a pair
 * @param first the value of a pair's first picture
 * @param second the value of a pair's second picture
 */
public record PairSpec(FaceAttribute attribute, String first, String second) {
  /** The {@code attributes.csv} column (and shard column) naming each picture's pair. */
  public static final String PAIR_COLUMN = dev.dgmspark.shard.ShardSchema.PAIR_COLUMN;

  /** Validates the values against the attribute. */
  public PairSpec {
    attribute.valueIndex(first);
    attribute.valueIndex(second);
    if (first.equals(second)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "a pair needs two different values of '%s'; got "
          + "'%s' twice", attribute.attributeName(), first));
    }
  }

  /**
   * Parses {@code ATTR} (the attribute's first and last values: glasses no/yes, skin_tone light/dark) or
   * {@code ATTR=FIRST,SECOND}.
   *
   * @throws IllegalArgumentException naming the allowed attributes or values
   */
  public static PairSpec parse(String spec) {
    int eq = spec.indexOf('=');
    FaceAttribute attribute = FaceAttribute.fromName((eq < 0 ? spec : spec.substring(0, eq)).trim());
    if (eq < 0) {
      return new PairSpec(attribute, attribute.valueName(0), attribute.valueName(attribute.valueCount() - 1));
    }
    String[] values = spec.substring(eq + 1).split(",", -1);
    if (values.length != 2) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "'%s' needs two values after '=', e.g. %s=%s,%s",
          spec, attribute.attributeName(), attribute.valueName(0), attribute.valueName(attribute.valueCount() - 1)));
    }
    return new PairSpec(attribute, values[0].trim(), values[1].trim());
  }

  /** The face of picture {@code index}: face {@code index / 2} with the pair's value for its position. */
  public FaceSpec face(long seed, int index, TargetShares shares) {
    return FaceSampler.sample(seed, index / 2, shares).with(attribute, index % 2 == 0 ? first : second);
  }

  /** The pair id of picture {@code index}, e.g. {@code pair-000012}. */
  public static String pairId(int index, int count) {
    String name = SynthGenerator.imageFileName(index / 2, (count + 1) / 2);
    return "pair-" + name.substring("img-".length(), name.length() - ".png".length());
  }

  /** As the command line writes it. */
  @Override
  public String toString() {
    return attribute.attributeName() + "=" + first + "," + second;
  }
}
