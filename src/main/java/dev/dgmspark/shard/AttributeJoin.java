package dev.dgmspark.shard;

import dev.dgmspark.common.UsageException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Joins an attributes CSV to a distributed listing in Spark, so that the driver never holds the CSV's rows: each
 * listed file gets an {@link #ATTRIBUTES} column, the CSV's values for it (null when the CSV does not name it), and
 * the shard tasks build a table of their own files' rows from it ({@link ShardTask.FromRows}).
 *
 * <p>The CSV is read with Spark's CSV reader with the settings {@link AttributeTable#load} uses (header row, values
 * trimmed, empty values null, keys normalised by {@link AttributeTable#normaliseKey}), so both listings give the
 * same attributes. One difference: the file is split across tasks line by line, so a quoted value cannot hold a line
 * break here.
 */
final class AttributeJoin {
  /** The column of the joined listing holding the file's CSV values. */
  static final String ATTRIBUTES = "attributes";
  private static final String KEY = "attribute_key";

  private AttributeJoin() {}

  /** The joined listing, and how many rows the CSV has. */
  record Joined(Dataset<Row> listing, long csvRows) {}

  /**
   * {@code listing} ({@link DistributedListing#SCHEMA}) with the values of {@code csv} for each file, as many as
   * {@code table} (its header) has CSV columns.
   *
   * @throws UsageException when the CSV names one file twice, as {@link AttributeTable#load} does
   */
  static Joined join(SparkSession spark, Dataset<Row> listing, Path csv, AttributeTable table) {
    int columns = table.csvColumnCount();
    StructType schema = new StructType().add("c0", DataTypes.StringType, true);
    for (int i = 1; i <= columns; i++) {
      schema = schema.add("c" + i, DataTypes.StringType, true);
    }
    UserDefinedFunction key = functions.udf((UDF1<String, String>) AttributeJoin::key, DataTypes.StringType);
    List<Column> values = new ArrayList<>();
    for (int i = 1; i <= columns; i++) {
      Column value = functions.col("c" + i);
      values.add(functions.when(value.equalTo(""), functions.lit(null)).otherwise(value));
    }
    Dataset<Row> rows = spark.read()
        .option("header", "true")
        // The names were read and checked on the driver; the schema's positional names need not match them.
        .option("enforceSchema", "true")
        .option("ignoreLeadingWhiteSpace", "true")
        .option("ignoreTrailingWhiteSpace", "true")
        .option("mode", "PERMISSIVE")
        .option("encoding", "UTF-8")
        .schema(schema)
        .csv(csv.toString())
        .select(key.apply(functions.col("c0")).as(KEY), functions.array(values.toArray(Column[]::new))
            .as(ATTRIBUTES))
        .filter(functions.col(KEY).isNotNull());
    // One pass gives the row count and whether a key repeats; only a refused CSV is read again, for the key.
    Dataset<Row> perKey = rows.groupBy(KEY).count();
    Row totals = perKey.agg(functions.sum("count"), functions.max("count")).first();
    long csvRows = totals.isNullAt(0) ? 0 : totals.getLong(0);
    if (!totals.isNullAt(1) && totals.getLong(1) > 1) {
      String repeated = perKey.filter(functions.col("count").gt(1)).limit(1).collectAsList().get(0).getString(0);
      throw new UsageException("attributes file " + csv + " names '" + repeated + "' twice");
    }
    Dataset<Row> keyed = listing.withColumn(KEY, key.apply(functions.col("relative_path")));
    Dataset<Row> joined = keyed.join(rows, keyed.col(KEY).equalTo(rows.col(KEY)), "left_outer")
        .select(keyed.col("path"), keyed.col("relative_path"), keyed.col("length"), rows.col(ATTRIBUTES));
    return new Joined(joined, csvRows);
  }

  /** The join key of a CSV's file column or a listed relative path; null for a blank one. */
  static String key(String value) {
    if (value == null) {
      return null;
    }
    String key = AttributeTable.normaliseKey(value);
    return key.isEmpty() ? null : key;
  }
}
