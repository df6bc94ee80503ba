package dev.dgmspark.engine;

import java.util.List;

/**
 * The categorical attribute columns of a shard folder, each with its values (sorted) and their shares among the
 * rows that have a value: what training exports beside the minibatches (a value's position is its code) and what
 * the families measure their figures against.
 *
 * @param attributes the attribute columns with at most {@value #MAX_VALUES} values
 * @param values per attribute, its values
 * @param shares per attribute, each value's share
 */
public record AttributeValues(List<String> attributes, List<List<String>> values, List<List<Double>> shares) {
  /** Attributes with more values than this are not categorical labels (and do not fit a byte code). */
  public static final int MAX_VALUES = 64;

  /** No attributes. */
  public static AttributeValues none() {
    return new AttributeValues(List.of(), List.of(), List.of());
  }

  /** The values of {@code attribute}. */
  public List<String> valuesOf(String attribute) {
    return values.get(indexOf(attribute));
  }

  /** The shares of {@code attribute}'s values. */
  public List<Double> sharesOf(String attribute) {
    return shares.get(indexOf(attribute));
  }

  private int indexOf(String attribute) {
    int i = attributes.indexOf(attribute);
    if (i < 0) {
      throw new IllegalArgumentException("no categorical attribute " + attribute + " among " + attributes);
    }
    return i;
  }
}
