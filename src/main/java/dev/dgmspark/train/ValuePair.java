package dev.dgmspark.train;

import dev.dgmspark.common.NamePrefixes;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.AttributeValues;
import dev.dgmspark.engine.spark.AttributeCounts;
import dev.dgmspark.engine.spark.TrainingData;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Two values of one attribute column, as the translation models name their sides ({@code --source}/{@code --target}
 * of pix2pix, {@code --domain-a}/{@code --domain-b} of CycleGAN), checked against the shards.
 *
 * @param attribute the attribute column
 * @param first the first option's value
 * @param second the second option's value
 * @param values the shards' categorical attributes with their values
 */
record ValuePair(String attribute, String first, String second, AttributeValues values) {
  /** An {@code ATTR=VALUE} option resolved against the shards' columns. */
  record Side(String attribute, String value) {}

  /**
   * Resolves {@code firstOption = firstGiven} and {@code secondOption = secondGiven}: both must name the same
   * attribute column (or the unique start of one), two different values the shards hold; anything else is a usage
   * error naming the option and what is allowed.
   *
   * @param hint what the two options are for, with an example, for the error on different attributes
   */
  static ValuePair resolve(SparkSession spark, TrainingData training, String firstOption, String firstGiven,
      String secondOption, String secondGiven, String hint) {
    List<String> columns = training.index().attributes();
    Side first = side(firstOption, firstGiven, columns);
    Side second = side(secondOption, secondGiven, columns);
    if (!first.attribute().equals(second.attribute())) {
      throw new UsageException(firstOption + " and " + secondOption + " name different attributes ("
          + first.attribute() + ", " + second.attribute() + "); " + hint);
    }
    AttributeValues values = AttributeCounts.count(spark, training.index(), training.folder(),
        List.of(first.attribute()), firstOption);
    List<String> allowed = values.valuesOf(first.attribute());
    for (Side side : List.of(first, second)) {
      if (!allowed.contains(side.value())) {
        throw new UsageException((side == first ? firstOption : secondOption) + " " + side.attribute() + "="
            + side.value() + ": the shards have no such value; allowed: " + String.join(", ", allowed));
      }
    }
    if (first.value().equals(second.value())) {
      throw new UsageException(firstOption + " and " + secondOption + " are both " + first.attribute() + "="
          + first.value());
    }
    return new ValuePair(first.attribute(), first.value(), second.value(), values);
  }

  /** Parses {@code ATTR=VALUE}; the attribute must be a column or the unique start of one. */
  static Side side(String option, String given, List<String> columns) {
    int eq = given == null ? -1 : given.indexOf('=');
    if (eq <= 0 || eq == given.length() - 1) {
      throw new UsageException(option + " needs ATTR=VALUE, e.g. glasses=no; the shards' attribute columns: "
          + String.join(", ", columns));
    }
    String name = given.substring(0, eq).trim();
    List<String> matches = NamePrefixes.matches(name, columns);
    if (matches.size() != 1) {
      throw new UsageException(option + " " + name + (matches.isEmpty() ? " is not" : " names more than one of")
          + " the shards' attribute columns; allowed: " + String.join(", ", columns));
    }
    return new Side(matches.get(0), given.substring(eq + 1).trim());
  }
}
