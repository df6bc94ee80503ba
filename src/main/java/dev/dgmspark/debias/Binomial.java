package dev.dgmspark.debias;

/**
 * An exact sampler of the binomial distribution, fast for any number of trials up to 2^53.
 *
 * <p>With p ≤ ½ (otherwise it draws n − Binomial(n, 1 − p)): when n·p &lt; 10 it counts geometric waiting times until
 * they pass n (inversion, about n·p + 1 uniforms); otherwise it uses Hörmann's transformed rejection with squeeze
 * (BTRS; "The generation of binomial random variates", J. Statist. Comput. Simul. 46, 1993), whose acceptance test uses
 * the exact log-pmf ratio with Stirling tail corrections, so the cost is a few uniforms whatever n is. This is the
 * algorithm TensorFlow and JAX use; here log1p replaces one log of a ratio near 1, which matters when n is about 10^9.
 */
final class Binomial {
  private static final double MAX_TRIALS = 0x1.0p53;
  private static final double[] STIRLING_TAIL = {
    0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
    0.0138761288230707, 0.0118967099458917, 0.0104112652619720, 0.00925546218271273, 0.00833056343336287
  };

  private Binomial() {}

  /** A draw from Binomial(n, p) using {@code random}. */
  static long sample(SeededRandom random, long n, double p) {
    if (n < 0 || n > MAX_TRIALS || !(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(String.format(
          "Cannot draw Binomial(%d, %s); n must be in [0, 2^53] and p in [0, 1].", n, p));
    }
    if (n == 0 || p == 0) {
      return 0;
    }
    if (p == 1) {
      return n;
    }
    return p <= 0.5 ? draw(random, n, p) : n - draw(random, n, 1 - p);
  }

  private static long draw(SeededRandom random, long n, double p) {
    return n * p < 10 ? inversion(random, n, p) : btrs(random, n, p);
  }

  private static long inversion(SeededRandom random, long n, double p) {
    double logQ = Math.log1p(-p);
    double trials = 0;
    long successes = 0;
    while (true) {
      // Trials up to and including the next success: geometric on {1, 2, ...}.
      trials += Math.ceil(Math.log(random.nextOpenDouble()) / logQ);
      if (trials > n) {
        return successes;
      }
      successes++;
    }
  }

  private static long btrs(SeededRandom random, long trials, double p) {
    double n = trials;
    double spq = Math.sqrt(n * p * (1 - p));
    double b = 1.15 + 2.53 * spq;
    double a = -0.0873 + 0.0248 * b + 0.01 * p;
    double c = n * p + 0.5;
    double vr = 0.92 - 4.2 / b;
    double r = p / (1 - p);
    double alpha = (2.83 + 5.1 / b) * spq;
    double m = Math.floor((n + 1) * p);
    double logModeTerm = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) + stirlingTail(m) + stirlingTail(n - m);
    while (true) {
      double u = random.nextDouble() - 0.5;
      double v = random.nextDouble();
      double us = 0.5 - Math.abs(u);
      double k = Math.floor((2 * a / us + b) * u + c);
      if (!(k >= 0 && k <= n)) {
        continue;
      }
      if (us >= 0.07 && v <= vr) {
        return (long) k;
      }
      double logV = Math.log(v * alpha / (a / (us * us) + b));
      // log f(k)/f(m) + the hat's constant; (n+1)·log((n−m+1)/(n−k+1)) written with log1p for precision at large n.
      double bound = logModeTerm
          + (n + 1) * Math.log1p((k - m) / (n - k + 1))
          + (k + 0.5) * Math.log(r * (n - k + 1) / (k + 1))
          - stirlingTail(k) - stirlingTail(n - k);
      if (logV <= bound) {
        return (long) k;
      }
    }
  }

  /** log(k!) − [(k + ½)·log(k + 1) − (k + 1) + ½·log(2π)]: tabulated below 10, else its asymptotic series. */
  private static double stirlingTail(double k) {
    if (k <= 9) {
      return STIRLING_TAIL[(int) k];
    }
    double kp1sq = (k + 1) * (k + 1);
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1);
  }
}
