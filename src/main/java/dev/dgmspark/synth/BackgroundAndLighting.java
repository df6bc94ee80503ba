package dev.dgmspark.synth;

/**
 * Per-pixel passes of the face renderer: the background pattern before the face is drawn and the lighting after.
 *
 * <p>Both cover every pixel, where Java2D would need dozens of anti-aliased shapes or a gradient paint; computing
 * them directly on the BGR bytes is several times faster and anti-aliases analytically (coverage from the distance
 * to the pattern edge). {@link StrictMath} keeps the bytes identical on every JVM and CPU.
 */
final class BackgroundAndLighting {

  private static final double UNITS = 64.0;
  private static final double PERIOD = 8.0;
  private static final double STRIPE_HALF_WIDTH = 1.75;
  private static final double DOT_RADIUS = 1.7;
  private static final double SQRT2 = StrictMath.sqrt(2);

  private BackgroundAndLighting() {}

  /** Fills a {@code size x size} BGR buffer with the background colour and its pattern. */
  static void paintBackground(byte[] bgr, int size, FaceSpec.Background background) {
    int base = background.baseRgb();
    int pattern = background.patternRgb();
    double unitsPerPixel = UNITS / size;
    double offset = background.phase() * PERIOD;
    int i = 0;
    for (int y = 0; y < size; y++) {
      double uy = (y + 0.5) * unitsPerPixel;
      for (int x = 0; x < size; x++, i += 3) {
        double ux = (x + 0.5) * unitsPerPixel;
        int weight = toWeight(coverage(background.pattern(), ux, uy, offset, unitsPerPixel));
        bgr[i] = (byte) mix(base & 0xFF, pattern & 0xFF, weight);
        bgr[i + 1] = (byte) mix((base >> 8) & 0xFF, (pattern >> 8) & 0xFF, weight);
        bgr[i + 2] = (byte) mix((base >> 16) & 0xFF, (pattern >> 16) & 0xFF, weight);
      }
    }
  }

  /** Returns how much of the pixel at design point (ux, uy) the pattern covers, in [0, 1]. */
  private static double coverage(FaceSpec.Pattern pattern, double ux, double uy, double offset, double pixel) {
    switch (pattern) {
      case PLAIN:
        return 0;
      case STRIPES: {
        // Diagonal stripes: horizontal distance to the stripe centre, converted to perpendicular distance.
        double d = Math.abs(floorMod(ux + uy - offset, PERIOD) - STRIPE_HALF_WIDTH);
        d = Math.min(d, PERIOD - d);
        return clamp01((STRIPE_HALF_WIDTH - d) / SQRT2 / pixel + 0.5);
      }
      case DOTS: {
        double dx = floorMod(ux - offset, PERIOD);
        double dy = floorMod(uy - offset, PERIOD);
        dx = Math.min(dx, PERIOD - dx);
        dy = Math.min(dy, PERIOD - dy);
        return clamp01((DOT_RADIUS - StrictMath.sqrt(dx * dx + dy * dy)) / pixel + 0.5);
      }
      case CHECKS:
        // Product of two anti-aliased square waves: same sign inside a base square, opposite in a pattern square.
        return (1 - squareWave(ux - offset, pixel) * squareWave(uy - offset, pixel)) / 2;
      default:
        throw new IllegalStateException("unhandled pattern " + pattern);
    }
  }

  /** Returns +1 on the first half of each 16-unit period, -1 on the second, ramping linearly over a pixel's width. */
  private static double squareWave(double u, double pixel) {
    double p = floorMod(u, 2 * PERIOD);
    double edgeDistance = Math.min(Math.min(p, Math.abs(p - PERIOD)), 2 * PERIOD - p);
    double sign = p < PERIOD ? 1 : -1;
    return sign * Math.min(1, edgeDistance / (pixel / 2));
  }

  /**
   * Lights a {@code size x size} BGR buffer from one direction: pixels towards the light blend towards white, pixels
   * away from it towards black, by up to {@code intensity} at the picture edge and not at all through the centre.
   */
  static void applyLighting(byte[] bgr, int size, FaceSpec.Lighting lighting) {
    double intensity = lighting.intensity();
    if (intensity == 0) {
      return;
    }
    double unitsPerPixel = UNITS / size;
    // Screen y grows downwards, so a light from angle a sits at (cos a, -sin a) from the centre.
    double towardsX = StrictMath.cos(lighting.angleRadians()) / (UNITS / 2);
    double towardsY = -StrictMath.sin(lighting.angleRadians()) / (UNITS / 2);
    double stepX = unitsPerPixel * towardsX;
    int i = 0;
    for (int y = 0; y < size; y++) {
      // t, the position along the light direction in [-1, 1], is linear in x: one addition per pixel.
      double t = (0.5 * unitsPerPixel - UNITS / 2) * towardsX + ((y + 0.5) * unitsPerPixel - UNITS / 2) * towardsY;
      for (int x = 0; x < size; x++, i += 3, t += stepX) {
        double clamped = Math.max(-1, Math.min(1, t));
        int target = clamped > 0 ? 255 : 0;
        int weight = toWeight(intensity * Math.abs(clamped));
        bgr[i] = (byte) mix(bgr[i] & 0xFF, target, weight);
        bgr[i + 1] = (byte) mix(bgr[i + 1] & 0xFF, target, weight);
        bgr[i + 2] = (byte) mix(bgr[i + 2] & 0xFF, target, weight);
      }
    }
  }

  /** Converts an amount in [0, 1] to an integer weight in [0, 256] for {@link #mix}. */
  private static int toWeight(double amount) {
    return (int) (amount * 256 + 0.5);
  }

  /** Blends channel {@code from} towards {@code to} by {@code weight / 256}, rounding to nearest. */
  private static int mix(int from, int to, int weight) {
    return from + (((to - from) * weight + 128) >> 8);
  }

  private static double floorMod(double value, double period) {
    return value - period * Math.floor(value / period);
  }

  private static double clamp01(double value) {
    return Math.max(0, Math.min(1, value));
  }
}
