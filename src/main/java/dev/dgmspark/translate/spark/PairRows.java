package dev.dgmspark.translate.spark;

import dev.dgmspark.engine.spark.ExportRows;
import dev.dgmspark.shard.ShardSchema;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A paired dataset's rows as pix2pix trains on them: the shard rows with {@code attribute = source} joined on
 * {@value ShardSchema#PAIR_COLUMN} to those with {@code attribute = target}, one row per pair: {@code id} (the pair
 * id), the source's PNG, the target's PNG. Rows without a pair id or without their partner drop out.
 *
 * @param attribute the attribute column that differs within a pair
 * @param source the input's value
 * @param target the output's value
 */
public record PairRows(String attribute, String source, String target) implements ExportRows {
  @Override
  public int images() {
    return 2;
  }

  @Override
  public Dataset<Row> rows(SparkSession spark, String[] shardPaths, List<String> labelColumns) {
    if (!labelColumns.isEmpty()) {
      throw new IllegalArgumentException("pairs carry no labels: " + labelColumns);
    }
    Dataset<Row> all = spark.read().parquet(shardPaths).where(functions.col(ShardSchema.PAIR_COLUMN).isNotNull());
    Dataset<Row> inputs = all.where(functions.col(attribute).equalTo(source))
        .select(functions.col(ShardSchema.PAIR_COLUMN).as("id"), functions.col("image.bytes").as("x"));
    Dataset<Row> truths = all.where(functions.col(attribute).equalTo(target))
        .select(functions.col(ShardSchema.PAIR_COLUMN).as("pair"), functions.col("image.bytes").as("y"));
    return inputs.join(truths, inputs.col("id").equalTo(truths.col("pair"))).select("id", "x", "y");
  }

  /** The number of complete pairs in the shards. */
  public long count(SparkSession spark, String[] shardPaths) {
    return rows(spark, shardPaths, List.of()).count();
  }
}
