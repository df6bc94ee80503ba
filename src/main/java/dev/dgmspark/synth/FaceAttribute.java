package dev.dgmspark.synth;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An attribute of a synthetic face, with its allowed values and their default shares.
 *
 * <p>Attribute and value names are lower-case snake_case because they become CSV headers, Parquet column names and
 * column values. The declaration order is the column order of {@code attributes.csv} and the order in which
 * {@link FaceSampler} draws the values, so it must not change without regenerating datasets.
 */
public enum FaceAttribute {
  SKIN_TONE("skin_tone", List.of("light", "medium", "dark"), 1.0 / 3, 1.0 / 3, 1.0 / 3),
  HAIR_COLOR("hair_color", List.of("black", "brown", "blond", "red", "grey"), 0.2, 0.2, 0.2, 0.2, 0.2),
  GLASSES("glasses", List.of("no", "yes"), 0.7, 0.3),
  HAT("hat", List.of("no", "yes"), 0.75, 0.25),
  SMILE("smile", List.of("no", "yes"), 0.5, 0.5);

  /** The value name of the "present" side of a yes/no attribute. */
  public static final String YES = "yes";

  /** The value name of the "absent" side of a yes/no attribute. */
  public static final String NO = "no";

  private static final List<FaceAttribute> ALL = List.of(values());

  private final String attributeName;
  private final List<String> valueNames;
  private final double[] defaultShares;

  FaceAttribute(String attributeName, List<String> valueNames, double... defaultShares) {
    this.attributeName = attributeName;
    this.valueNames = valueNames;
    this.defaultShares = defaultShares;
  }

  /** Returns the snake_case name used in CSV headers, Parquet columns and share specs, e.g. {@code hair_color}. */
  public String attributeName() {
    return attributeName;
  }

  /** Returns the allowed values in declaration order. */
  public List<String> valueNames() {
    return valueNames;
  }

  /** Returns the number of allowed values. */
  public int valueCount() {
    return valueNames.size();
  }

  /** Returns the value name at {@code index} in declaration order. */
  public String valueName(int index) {
    return valueNames.get(index);
  }

  /** Returns the default share of each value, in declaration order (a copy). */
  public double[] defaultShares() {
    return defaultShares.clone();
  }

  /**
   * Returns the index of {@code value} among this attribute's values.
   *
   * @throws IllegalArgumentException if the value is not allowed, naming the allowed values
   */
  public int valueIndex(String value) {
    int index = valueNames.indexOf(value);
    if (index < 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "unknown value '%s' for attribute '%s'; allowed: %s",
          value, attributeName, String.join(", ", valueNames)));
    }
    return index;
  }

  /** Returns whether this attribute has exactly the values {@code no} and {@code yes}. */
  public boolean isYesNo() {
    return valueNames.equals(List.of(NO, YES));
  }

  /**
   * Returns the attribute whose {@link #attributeName()} is {@code name}.
   *
   * @throws IllegalArgumentException if there is none, naming the allowed attribute names
   */
  public static FaceAttribute fromName(String name) {
    for (FaceAttribute attribute : ALL) {
      if (attribute.attributeName.equals(name)) {
        return attribute;
      }
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT, "unknown attribute '%s'; allowed: %s", name,
        allNames()));
  }

  /** Returns all attributes in column order (a cached immutable list, unlike {@link #values()}). */
  public static List<FaceAttribute> all() {
    return ALL;
  }

  /** Returns the attribute names in column order, comma separated, for messages and CSV headers. */
  static String allNames() {
    return ALL.stream().map(FaceAttribute::attributeName).collect(Collectors.joining(", "));
  }
}
