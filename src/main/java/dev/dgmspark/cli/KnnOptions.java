package dev.dgmspark.cli;

import dev.dgmspark.debias.DebiasDefaults;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The k-nearest-neighbour density options that {@code debias} and {@code outliers} share (a picocli mixin): the
 * neighbour, the reference sample's size and the density's dimension, with one range check.
 */
final class KnnOptions {
  @Option(names = "--k", defaultValue = "" + DebiasDefaults.KNN_K, paramLabel = "N",
      description = "k-NN density: the neighbour whose distance measures the density; 2 to 1000. "
          + "Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--reference-size", defaultValue = "" + DebiasDefaults.KNN_REFERENCE_SIZE, paramLabel = "N",
      description = "k-NN density: most rows in the seeded reference sample the neighbours are found in; 100 to "
          + "200000 (the driver finds the sample's own neighbours: its cost grows with the square). Default: "
          + "${DEFAULT-VALUE}.")
  int referenceSize;

  @Option(names = "--density-dims", defaultValue = "0", paramLabel = "D",
      description = "k-NN density: D in density = 1/r^D; 0 estimates the intrinsic dimension from the reference "
          + "sample; 0 to 100000. Default: ${DEFAULT-VALUE}.")
  double densityDims;

  /** Checks the ranges, and that the reference sample is larger than k; errors name the option for {@code spec}. */
  void validate(CommandSpec spec) {
    Validation.inRange(spec, "--k", k, 2, 1000);
    Validation.inRange(spec, "--reference-size", referenceSize, 100, 200_000);
    Validation.inRange(spec, "--density-dims", densityDims, 0.0, 100_000.0);
    if (referenceSize <= k) {
      throw Validation.invalid(spec, "--reference-size", referenceSize + " must be larger than --k " + k);
    }
  }
}
