package dev.dgmspark.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The target probability of each value of each {@link FaceAttribute}: an immutable parameter of the synthetic
 * dataset (what is asked for; {@link SynthResult} counts what came out).
 *
 * <p>Every attribute's shares are in [0, 1] and sum to 1. Changing some values of one attribute rescales that
 * attribute's other values proportionally, so {@code withShare("glasses", "yes", 0.05)} leaves glasses=no at 0.95 and
 * {@code withShare("hair_color", "red", 0.04)} keeps the other four hair colours in their old ratios.
 *
 * <p>Share specs (the CLI form) look like {@code attribute=value:share[,value:share...]}, for example
 * {@code glasses=yes:0.05} or {@code skin_tone=dark:0.05,medium:0.3}; several attributes may be joined with
 * {@code ;}.
 */
public final class TargetShares {

  /** Tolerance for "the shares of an attribute sum to 1", absorbing decimal rounding in specs. */
  static final double SUM_TOLERANCE = 1e-9;

  private static final String SPEC_FORM = "attribute=value:share[,value:share...]";
  private static final TargetShares DEFAULTS = createDefaults();

  private final EnumMap<FaceAttribute, double[]> shares;

  private TargetShares(EnumMap<FaceAttribute, double[]> shares) {
    this.shares = shares;
  }

  private static TargetShares createDefaults() {
    EnumMap<FaceAttribute, double[]> map = new EnumMap<>(FaceAttribute.class);
    for (FaceAttribute attribute : FaceAttribute.all()) {
      map.put(attribute, attribute.defaultShares());
    }
    return new TargetShares(map);
  }

  /** Returns the default shares declared in {@link FaceAttribute}. */
  public static TargetShares defaults() {
    return DEFAULTS;
  }

  /**
   * Returns the defaults changed by a share spec such as {@code glasses=yes:0.05}.
   *
   * @throws IllegalArgumentException naming the bad part of the spec and what is allowed
   * @see #withSpec(String)
   */
  public static TargetShares parse(String spec) {
    return DEFAULTS.withSpec(spec);
  }

  /**
   * Returns these shares changed by a share spec: {@code attribute=value:share[,value:share...]}, several attributes
   * joined with {@code ;}. Values of an attribute the spec does not name are rescaled proportionally.
   *
   * @throws IllegalArgumentException naming the bad part of the spec and what is allowed
   */
  public TargetShares withSpec(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty share spec; expected " + SPEC_FORM + ", e.g. glasses=yes:0.05");
    }
    TargetShares result = this;
    for (String part : spec.split(";")) {
      if (!part.isBlank()) {
        result = result.withAttributeSpec(part.trim());
      }
    }
    return result;
  }

  private TargetShares withAttributeSpec(String part) {
    int eq = part.indexOf('=');
    if (eq <= 0 || eq == part.length() - 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "cannot parse share spec '%s'; expected %s, e.g. glasses=yes:0.05", part, SPEC_FORM));
    }
    FaceAttribute attribute = FaceAttribute.fromName(part.substring(0, eq).trim());
    Map<String, Double> requested = new LinkedHashMap<>();
    for (String item : part.substring(eq + 1).split(",")) {
      String[] valueAndShare = item.split(":", -1);
      if (valueAndShare.length != 2) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "cannot parse '%s' in share spec '%s'; expected value:share with value one of %s", item.trim(), part,
            String.join(", ", attribute.valueNames())));
      }
      String value = valueAndShare[0].trim();
      String shareText = valueAndShare[1].trim();
      double share;
      try {
        share = Double.parseDouble(shareText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "share '%s' for %s=%s is not a number; allowed: a number in [0, 1]", shareText,
            attribute.attributeName(), value), e);
      }
      if (requested.put(value, share) != null) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "value '%s' appears twice in share spec '%s'", value, part));
      }
    }
    return withShares(attribute, requested);
  }

  /**
   * Returns these shares with {@code attribute=value} set to {@code share} and the attribute's other values rescaled
   * proportionally so the attribute sums to 1.
   *
   * @throws IllegalArgumentException for an unknown attribute or value, or a share outside [0, 1]
   */
  public TargetShares withShare(String attribute, String value, double share) {
    return withShares(FaceAttribute.fromName(attribute), Map.of(value, share));
  }

  /** Typed form of {@link #withShare(String, String, double)}. */
  public TargetShares withShare(FaceAttribute attribute, String value, double share) {
    return withShares(attribute, Map.of(value, share));
  }

  /**
   * Returns these shares with several values of one attribute set; the attribute's remaining values share what is
   * left in their old ratios (equally if they all had share 0).
   *
   * @throws IllegalArgumentException for an unknown value, a share outside [0, 1], shares adding up to more than 1,
   *     or shares covering every value but not adding up to 1
   */
  public TargetShares withShares(FaceAttribute attribute, Map<String, Double> valueShares) {
    double[] old = shares.get(attribute);
    double[] updated = new double[old.length];
    boolean[] set = new boolean[old.length];
    double setSum = 0;
    StringJoiner described = new StringJoiner(", ");
    for (Map.Entry<String, Double> entry : valueShares.entrySet()) {
      int index = attribute.valueIndex(entry.getKey());
      double share = entry.getValue();
      if (!(share >= 0 && share <= 1)) { // also rejects NaN
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "share %s for %s=%s is out of range; allowed: a number in [0, 1]", entry.getValue(),
            attribute.attributeName(), entry.getKey()));
      }
      updated[index] = share;
      set[index] = true;
      setSum += share;
      described.add(entry.getKey() + ":" + share);
    }
    if (setSum > 1 + SUM_TOLERANCE) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "shares for %s add up to %s (%s), more than 1; lower them so they add up to at most 1",
          attribute.attributeName(), setSum, described));
    }
    double rest = Math.max(0, 1 - setSum);
    double oldRestSum = 0;
    int restCount = 0;
    for (int i = 0; i < old.length; i++) {
      if (!set[i]) {
        oldRestSum += old[i];
        restCount++;
      }
    }
    if (restCount == 0 && Math.abs(setSum - 1) > SUM_TOLERANCE) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "shares for %s cover every value (%s) but add up to %s; they must add up to 1",
          attribute.attributeName(), described, setSum));
    }
    for (int i = 0; i < old.length; i++) {
      if (!set[i]) {
        // Proportional rescaling keeps the ratios among the untouched values, which is what "make one value rare"
        // should mean; equal split only when there are no ratios to keep.
        updated[i] = oldRestSum > 0 ? old[i] * rest / oldRestSum : rest / restCount;
      }
    }
    EnumMap<FaceAttribute, double[]> copy = new EnumMap<>(shares);
    copy.put(attribute, updated);
    return new TargetShares(copy);
  }

  /** Returns the share of {@code attribute=value}. */
  public double share(FaceAttribute attribute, String value) {
    return shares.get(attribute)[attribute.valueIndex(value)];
  }

  /** Returns the share of {@code attribute=value}, by names. */
  public double share(String attribute, String value) {
    return share(FaceAttribute.fromName(attribute), value);
  }

  /** Returns the shares of one attribute as value name to share, in declaration order. */
  public Map<String, Double> shares(FaceAttribute attribute) {
    double[] values = shares.get(attribute);
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      map.put(attribute.valueName(i), values[i]);
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Returns the index of the value that a uniform draw {@code u} in [0, 1) selects (inverse of the cumulative
   * distribution). Values with share 0 are never selected, even when rounding leaves {@code u} past the last sum.
   */
  int sampleIndex(FaceAttribute attribute, double u) {
    double[] values = shares.get(attribute);
    double cumulative = 0;
    int lastPositive = -1;
    for (int i = 0; i < values.length; i++) {
      if (values[i] > 0) {
        cumulative += values[i];
        lastPositive = i;
        if (u < cumulative) {
          return i;
        }
      }
    }
    return lastPositive;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof TargetShares)) {
      return false;
    }
    for (FaceAttribute attribute : FaceAttribute.all()) {
      if (!Arrays.equals(shares.get(attribute), ((TargetShares) other).shares.get(attribute))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (FaceAttribute attribute : FaceAttribute.all()) {
      hash = 31 * hash + Arrays.hashCode(shares.get(attribute));
    }
    return hash;
  }

  /** Returns the shares in spec form, one attribute per {@code ;}-separated part, so it round-trips through parse. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (FaceAttribute attribute : FaceAttribute.all()) {
      StringJoiner values = new StringJoiner(",", attribute.attributeName() + "=", "");
      shares(attribute).forEach((value, share) -> values.add(value + ":" + share));
      parts.add(values.toString());
    }
    return String.join(";", parts);
  }
}
