package dev.dgmspark.audit;

import dev.dgmspark.io.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Reads the Parquet files the jobs write (shards, latents, weights) row by row in this JVM, without Spark: the report
 * reads a few columns of outputs that are already small or that it samples.
 */
final class ParquetRows {
  private ParquetRows() {}

  /** What to do with each row; return false to stop reading. */
  @FunctionalInterface
  interface RowVisitor {
    boolean visit(Group row) throws IOException;
  }

  /** The Parquet files of a folder Spark wrote ({@code part-*.parquet}), sorted; or the path itself if a file. */
  static List<Path> files(Path path, Configuration conf) throws IOException {
    FileSystem fs = Storage.fs(path, conf);
    if (!fs.exists(path)) {
      return List.of();
    }
    if (fs.getFileStatus(path).isFile()) {
      return List.of(path);
    }
    List<Path> files = new ArrayList<>();
    for (FileStatus status : fs.listStatus(path)) {
      String name = status.getPath().getName();
      if (status.isFile() && name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
        files.add(status.getPath());
      }
    }
    files.sort(null);
    return files;
  }

  /** Visits every row of the files in order until the visitor returns false. */
  static void read(List<Path> files, Configuration conf, RowVisitor visitor) throws IOException {
    for (Path file : files) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf)
          .build()) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          if (!visitor.visit(row)) {
            return;
          }
        }
      }
    }
  }

  /** The elements of a list column as Spark writes it (3-level {@code list/element}, or the legacy 2-level form). */
  static double[] floats(Group row, String column) {
    Group list = row.getGroup(column, 0);
    String repeated = list.getType().getFieldName(0);
    int n = list.getFieldRepetitionCount(repeated);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      if (list.getType().getType(0).isPrimitive()) {
        values[i] = element(list, repeated, i);
      } else {
        Group item = list.getGroup(repeated, i);
        values[i] = element(item, item.getType().getFieldName(0), 0);
      }
    }
    return values;
  }

  private static double element(Group group, String field, int index) {
    var type = group.getType().getType(field).asPrimitiveType().getPrimitiveTypeName();
    return switch (type) {
      case FLOAT -> group.getFloat(field, index);
      case DOUBLE -> group.getDouble(field, index);
      default -> throw new IllegalStateException("not a float or double list element: " + type);
    };
  }

  /** A string column, or null when the row has no value. */
  static String string(Group row, String column) {
    return row.getType().containsField(column) && row.getFieldRepetitionCount(column) > 0
        ? row.getString(column, 0) : null;
  }
}
