package dev.dgmspark.engine.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The rows a training run exports as minibatch files ({@link BatchExport}): a string {@code id} (the seeded order
 * hashes it), then {@link #images()} PNG columns, decoded side by side into one example of {@code images() ×
 * channels} channels, then the label columns. One image per shard row by default; pix2pix exports a pair per row.
 */
public interface ExportRows {
  /** The shard rows, one image each: {@code id, image.bytes, labels...}. */
  ExportRows IMAGES = new ExportRows() {
    @Override
    public int images() {
      return 1;
    }

    @Override
    public Dataset<Row> rows(SparkSession spark, String[] shardPaths, List<String> labelColumns) {
      List<Column> columns = new ArrayList<>(List.of(functions.col("id"), functions.col("image.bytes").as("png")));
      labelColumns.forEach(c -> columns.add(functions.col(c)));
      return spark.read().parquet(shardPaths).select(columns.toArray(new Column[0]));
    }
  };

  /** PNG columns per row. */
  int images();

  /** The rows to export from the shard files {@code shardPaths}: id, {@link #images()} PNGs, the label columns. */
  Dataset<Row> rows(SparkSession spark, String[] shardPaths, List<String> labelColumns);
}
