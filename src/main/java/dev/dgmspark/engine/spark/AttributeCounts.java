package dev.dgmspark.engine.spark;

import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.AttributeValues;
import dev.dgmspark.shard.ShardIndex;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Counts the values of a shard folder's attribute columns with one distributed aggregation per column. */
public final class AttributeCounts {
  private AttributeCounts() {}

  /**
   * The categorical attribute columns of the shards, their values and shares; a column with more than
   * {@link AttributeValues#MAX_VALUES} values is left out, unless {@code required} names it (a usage error then).
   *
   * @param required columns the caller needs as categorical (e.g. a cgan's conditions), for the error message
   * @param option the option that named {@code required}
   */
  public static AttributeValues count(SparkSession spark, ShardIndex index, Path data, List<String> required,
      String option) {
    Dataset<Row> rows = spark.read().parquet(index.shardPaths(data));
    List<String> attributes = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    List<List<Double>> shares = new ArrayList<>();
    spark.sparkContext().setJobDescription("train: count attribute values");
    for (String attribute : index.attributes()) {
      List<Row> counts = rows.where(functions.col(attribute).isNotNull()).groupBy(functions.col(attribute)
          .cast("string")).count().orderBy(functions.col(attribute).cast("string"))
          .limit(AttributeValues.MAX_VALUES + 1).collectAsList();
      if (counts.isEmpty() || counts.size() > AttributeValues.MAX_VALUES) {
        if (required.contains(attribute)) {
          throw new UsageException(option + " " + attribute + " has " + (counts.isEmpty() ? "no values"
              : "more than " + AttributeValues.MAX_VALUES + " values") + "; name a categorical attribute");
        }
        continue;
      }
      long total = counts.stream().mapToLong(r -> r.getLong(1)).sum();
      attributes.add(attribute);
      values.add(counts.stream().map(r -> r.getString(0)).toList());
      shares.add(counts.stream().map(r -> r.getLong(1) / (double) total).toList());
    }
    spark.sparkContext().setJobDescription(null);
    return new AttributeValues(attributes, values, shares);
  }
}
