package dev.dgmspark.debias;

import java.io.Serializable;
import java.math.BigInteger;

/**
 * An exact, order-independent sum of numbers in [0, 1], as a mergeable aggregate: each number is rounded once to a
 * multiple of 2^-62 and the multiples are added as 128-bit integers, so partial sums merge to the same total however
 * the numbers are partitioned and in whatever order the parts arrive; a floating-point sum differs in its last bits.
 *
 * <p>Built for Spark's {@code treeAggregate}: {@link #add} and {@link #merge} update this instance and return it;
 * {@code merge} never changes its argument. Holds up to 2^64 numbers.
 */
public final class FixedPointSum implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Fractional bits: 1.0 is 2^62, which still fits in a long. */
  static final int FRACTION_BITS = 62;

  /** The total as an unsigned 128-bit integer: {@code high} · 2^64 + {@code low}. */
  private long high;
  private long low;

  /** Adds {@code x}, a number in [0, 1]; returns this. */
  public FixedPointSum add(double x) {
    if (!(x >= 0 && x <= 1)) {
      throw new IllegalArgumentException("Cannot add " + x + " to a fixed-point sum; it must be in [0, 1].");
    }
    addUnsigned(0, Math.round(Math.scalb(x, FRACTION_BITS)));
    return this;
  }

  /** Adds the total of {@code other}; returns this. */
  public FixedPointSum merge(FixedPointSum other) {
    addUnsigned(other.high, other.low);
    return this;
  }

  /** The total, rounded once to the nearest double. */
  public double value() {
    BigInteger total = BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
    return Math.scalb(total.doubleValue(), -FRACTION_BITS);
  }

  private void addUnsigned(long otherHigh, long otherLow) {
    long sum = low + otherLow;
    long carry = Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
    low = sum;
    high = Math.addExact(Math.addExact(high, otherHigh), carry);
  }
}
