package dev.dgmspark.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * A check of an analytic gradient against central finite differences of the loss, entry by entry.
 *
 * <p>The array is perturbed in place (by ±{@value #STEP}) and restored, so the loss supplier must read it; run in
 * double precision. Entries are indexed by position rather than linear offset, because a parameter view and its
 * gradient may differ in ordering.
 */
public final class GradientCheck {
  /** The finite-difference step. */
  public static final double STEP = 1e-6;

  private GradientCheck() {}

  /**
   * Asserts that {@code exact} agrees with the central difference of {@code loss} at every {@code stride}-th entry of
   * {@code array}, to a relative 1e-4 or an absolute 1e-8, and returns how many entries it checked.
   */
  public static int assertMatches(String what, INDArray array, INDArray exact, long stride, DoubleSupplier loss) {
    int checked = 0;
    for (long i = 0; i < array.length(); i += Math.max(1, stride)) {
      long[] at = Shape.ind2subC(array, i);
      double original = array.getDouble(at);
      array.putScalar(at, original + STEP);
      double plus = loss.getAsDouble();
      array.putScalar(at, original - STEP);
      double minus = loss.getAsDouble();
      array.putScalar(at, original);
      double numeric = (plus - minus) / (2 * STEP);
      double analytic = exact.getDouble(at);
      double scale = Math.max(1e-6, Math.abs(numeric) + Math.abs(analytic));
      assertTrue(Math.abs(numeric - analytic) / scale < 1e-4 || Math.abs(numeric - analytic) < 1e-8,
          what + "[" + i + "]: backprop " + analytic + ", finite difference " + numeric);
      checked++;
    }
    return checked;
  }
}
