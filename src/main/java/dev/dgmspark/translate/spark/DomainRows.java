package dev.dgmspark.translate.spark;

import dev.dgmspark.engine.spark.ExportRows;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Two domains of an unpaired dataset as CycleGAN trains on them: every row of the larger domain ({@code attribute =
 * domainA} or {@code = domainB}) beside a row of the other, whose rows are used in turn (row k of the larger beside
 * row k mod n of the smaller, in the order Spark numbers them), so an epoch sees every image of both domains. A row:
 * {@code id} (the two images' ids joined by {@code ~}), domain A's PNG, domain B's PNG, then when labels are asked
 * for, {@link #attributes()} of the A image and then of the B image, as strings.
 *
 * <p>The numbering runs in the executors ({@code zipWithIndex}); the driver holds two counts.
 *
 * @param attribute the column whose value separates the domains
 * @param domainA domain A's value
 * @param domainB domain B's value
 * @param attributes the attribute columns exported as labels, for each side: {@code rows} must be asked for exactly
 *     these twice over, or for none
 */
public record DomainRows(String attribute, String domainA, String domainB, List<String> attributes)
    implements ExportRows {
  @Override
  public int images() {
    return 2;
  }

  /** The label columns to ask for: {@link #attributes()} of the A image, then of the B image. */
  public List<String> labelColumns() {
    List<String> both = new ArrayList<>(attributes);
    both.addAll(attributes);
    return both;
  }

  @Override
  public Dataset<Row> rows(SparkSession spark, String[] shardPaths, List<String> labelColumns) {
    boolean labelled = !labelColumns.isEmpty();
    if (labelled && !labelColumns.equals(labelColumns())) {
      throw new IllegalArgumentException("domain rows carry " + labelColumns() + ", not " + labelColumns);
    }
    Dataset<Row> all = spark.read().parquet(shardPaths);
    JavaPairRDD<Long, Row> a = numbered(all, domainA, labelled);
    JavaPairRDD<Long, Row> b = numbered(all, domainB, labelled);
    long countA = a.count();
    long countB = b.count();
    List<StructField> fields = new ArrayList<>(List.of(DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("a", DataTypes.BinaryType, false),
        DataTypes.createStructField("b", DataTypes.BinaryType, false)));
    if (labelled) {
      for (String side : List.of("a_", "b_")) {
        attributes.forEach(c -> fields.add(DataTypes.createStructField(side + c, DataTypes.StringType, true)));
      }
    }
    StructType schema = DataTypes.createStructType(fields);
    if (countA == 0 || countB == 0) {
      return spark.createDataFrame(List.of(), schema);
    }
    long larger = Math.max(countA, countB);
    long smaller = Math.min(countA, countB);
    JavaPairRDD<Long, Row> sideA = countA >= countB ? a : repeated(a, smaller, larger);
    JavaPairRDD<Long, Row> sideB = countA >= countB ? repeated(b, smaller, larger) : b;
    JavaRDD<Row> joined = sideA.join(sideB).values().map(pair -> combine(pair._1(), pair._2()));
    return spark.createDataFrame(joined, schema);
  }

  /** The rows of the smaller domain, row j numbered j, j + n, j + 2n... below {@code larger}. */
  private static JavaPairRDD<Long, Row> repeated(JavaPairRDD<Long, Row> rows, long n, long larger) {
    return rows.flatMapToPair(row -> {
      List<Tuple2<Long, Row>> copies = new ArrayList<>();
      for (long k = row._1(); k < larger; k += n) {
        copies.add(new Tuple2<>(k, row._2()));
      }
      return copies.iterator();
    });
  }

  /** The rows of one domain, numbered 0..n−1: id, PNG, the label columns as strings. */
  private JavaPairRDD<Long, Row> numbered(Dataset<Row> all, String value, boolean labelled) {
    List<Column> columns = new ArrayList<>(List.of(functions.col("id"), functions.col("image.bytes")));
    if (labelled) {
      attributes.forEach(c -> columns.add(functions.col(c).cast(DataTypes.StringType)));
    }
    return all.where(functions.col(attribute).equalTo(value)).select(columns.toArray(new Column[0])).javaRDD()
        .zipWithIndex().mapToPair(Tuple2::swap);
  }

  /** One exported row from an A row and a B row. */
  private static Row combine(Row a, Row b) {
    int labels = a.size() - 2;
    Object[] values = new Object[3 + 2 * labels];
    values[0] = a.getString(0) + "~" + b.getString(0);
    values[1] = a.get(1);
    values[2] = b.get(1);
    for (int i = 0; i < labels; i++) {
      values[3 + i] = a.get(2 + i);
      values[3 + labels + i] = b.get(2 + i);
    }
    return RowFactory.create(values);
  }

  /** The number of images of each domain: {A, B}. */
  public long[] count(SparkSession spark, String[] shardPaths) {
    Dataset<Row> all = spark.read().parquet(shardPaths);
    return new long[] {all.where(functions.col(attribute).equalTo(domainA)).count(),
        all.where(functions.col(attribute).equalTo(domainB)).count()};
  }
}
