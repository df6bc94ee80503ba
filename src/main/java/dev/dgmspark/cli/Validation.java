package dev.dgmspark.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Option checks that picocli cannot express, failing with exit code 2 and a message naming the option. */
final class Validation {
  private Validation() {}

  static void inRange(CommandSpec spec, String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ParameterException(spec.commandLine(), String.format(
          "Invalid value for option '%s': %d; allowed: %d to %d", option, value, min, max));
    }
  }

  static void inRange(CommandSpec spec, String option, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new ParameterException(spec.commandLine(), String.format(
          "Invalid value for option '%s': %s; allowed: %s to %s", option, value, min, max));
    }
  }

  static void oneOf(CommandSpec spec, String option, int value, int... allowed) {
    if (Arrays.stream(allowed).noneMatch(a -> a == value)) {
      throw new ParameterException(spec.commandLine(), String.format("Invalid value for option '%s': %d; allowed: %s",
          option, value, Arrays.stream(allowed).mapToObj(Integer::toString).collect(Collectors.joining(", "))));
    }
  }

  static ParameterException invalid(CommandSpec spec, String option, String message) {
    return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + message);
  }
}
