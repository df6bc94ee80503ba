package dev.dgmspark.debias;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * A tally of each attribute value's input rows and draws, to compare its share before and after resampling; a
 * mergeable aggregate.
 *
 * <p>For every attribute (for example {@code skin_tone}) and value it tallies the input rows (each row once: the share
 * before) and the rows drawn (each row as often as it was drawn: the share after). A missing value ({@code null}) is
 * tallied as {@link #MISSING}, so every attribute's shares add up to 1 over the same rows. Everything is kept in sorted
 * maps, so listings come out in a stable order for {@code summary.json}.
 *
 * <p>Built for Spark's {@code treeAggregate}: {@link #add} and {@link #merge} update this instance and return it;
 * {@code merge} never changes its argument.
 */
public final class ShareTally implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The value recorded for a row whose attribute is missing. */
  public static final String MISSING = "(missing)";

  private final TreeMap<String, TreeMap<String, Tally>> tallies = new TreeMap<>();
  private final TreeMap<String, Tally> totals = new TreeMap<>();

  /** One attribute value's counts before and after, and its shares of the attribute's totals. */
  public record Share(String attribute, String value, long rows, long drawn, double before, double after)
      implements Serializable {}

  private static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    long rows;
    long drawn;

    void add(long rowCount, long drawnCount) {
      rows = Math.addExact(rows, rowCount);
      drawn = Math.addExact(drawn, drawnCount);
    }
  }

  /** Empty tallies. */
  public ShareTally() {}

  /** Tallies one row whose {@code attribute} is {@code value} (null when missing), drawn {@code drawn} times. */
  public ShareTally add(String attribute, String value, long drawn) {
    return add(attribute, value, 1, drawn);
  }

  /** Tallies one row with the given attribute values (nulls are missing values), drawn {@code drawn} times. */
  public ShareTally add(Map<String, String> attributes, long drawn) {
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      add(e.getKey(), e.getValue(), 1, drawn);
    }
    return this;
  }

  private ShareTally add(String attribute, String value, long rows, long drawn) {
    Objects.requireNonNull(attribute, "attribute");
    if (drawn < 0) {
      throw new IllegalArgumentException(
          String.format("Cannot record a row drawn %d times, the value must not be negative.", drawn));
    }
    tallies.computeIfAbsent(attribute, a -> new TreeMap<>())
        .computeIfAbsent(value == null ? MISSING : value, v -> new Tally())
        .add(rows, drawn);
    totals.computeIfAbsent(attribute, a -> new Tally()).add(rows, drawn);
    return this;
  }

  /** Adds the tallies of {@code other}; returns this, {@code other} is unchanged. */
  public ShareTally merge(ShareTally other) {
    Objects.requireNonNull(other, "other");
    other.tallies.forEach((attribute, values) ->
        values.forEach((value, tally) -> add(attribute, value, tally.rows, tally.drawn)));
    return this;
  }

  /** The attributes seen, sorted. */
  public SortedSet<String> attributes() {
    return Collections.unmodifiableSortedSet(tallies.navigableKeySet());
  }

  /** The number of input rows with {@code attribute} = {@code value}. */
  public long rows(String attribute, String value) {
    Tally t = tally(attribute, value);
    return t == null ? 0 : t.rows;
  }

  /** The number of draws of rows with {@code attribute} = {@code value}. */
  public long drawn(String attribute, String value) {
    Tally t = tally(attribute, value);
    return t == null ? 0 : t.drawn;
  }

  /** The share of input rows with {@code attribute} = {@code value}; 0 when the attribute has no rows. */
  public double shareBefore(String attribute, String value) {
    Tally total = totals.get(attribute);
    return total == null || total.rows == 0 ? 0.0 : (double) rows(attribute, value) / total.rows;
  }

  /** The share of drawn rows with {@code attribute} = {@code value}; 0 when nothing was drawn. */
  public double shareAfter(String attribute, String value) {
    Tally total = totals.get(attribute);
    return total == null || total.drawn == 0 ? 0.0 : (double) drawn(attribute, value) / total.drawn;
  }

  /** Every attribute value's counts and shares, sorted by attribute then value. */
  public List<Share> shares() {
    List<Share> shares = new ArrayList<>();
    tallies.forEach((attribute, values) -> values.forEach((value, tally) -> shares.add(new Share(
        attribute, value, tally.rows, tally.drawn, shareBefore(attribute, value), shareAfter(attribute, value)))));
    return shares;
  }

  private Tally tally(String attribute, String value) {
    Map<String, Tally> values = tallies.get(attribute);
    return values == null ? null : values.get(value == null ? MISSING : value);
  }
}
