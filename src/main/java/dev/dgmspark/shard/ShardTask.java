package dev.dgmspark.shard;

import dev.dgmspark.common.Sha256;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.shard.image.DecodeOptions;
import dev.dgmspark.shard.image.DecodeOutcome;
import dev.dgmspark.shard.image.ImageDecoder;
import dev.dgmspark.shard.image.RejectReason;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * The executor side of the shard job: reads each file of a slice, decodes and normalises it, and writes accepted
 * images to Parquet shards and rejected ones to a rejects file, never failing on one bad file.
 */
final class ShardTask implements Function<InputSlices.Slice, ShardTaskResult> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<ShardTaskContext> context;

  ShardTask(Broadcast<ShardTaskContext> context) {
    this.context = context;
  }

  @Override
  public ShardTaskResult call(InputSlices.Slice slice) throws IOException {
    ShardTaskContext ctx = context.value();
    return run(slice, ctx, attemptTag());
  }

  /**
   * The same work on a partition of the distributed listing's rows ({@link DistributedListing#SCHEMA}, and when an
   * attributes CSV was joined to them, its values in an {@link AttributeJoin#ATTRIBUTES} column), in the order given;
   * the partition's index is the slice's. With joined attributes the task looks its files up in a table of this
   * partition's rows only.
   */
  static final class FromRows implements Function2<Integer, Iterator<Row>, Iterator<ShardTaskResult>> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ShardTaskContext> context;

    FromRows(Broadcast<ShardTaskContext> context) {
      this.context = context;
    }

    @Override
    public Iterator<ShardTaskResult> call(Integer partition, Iterator<Row> rows) throws IOException {
      List<InputFile> files = new ArrayList<>();
      Map<String, String[]> attributes = new HashMap<>();
      boolean joined = false;
      while (rows.hasNext()) {
        Row row = rows.next();
        InputFile file = new InputFile(row.getString(0), row.getString(1), row.getLong(2));
        files.add(file);
        if (row.size() > 3) {
          joined = true;
          if (!row.isNullAt(3)) {
            attributes.put(AttributeTable.normaliseKey(file.relativePath()),
                row.<String>getList(3).toArray(String[]::new));
          }
        }
      }
      ShardTaskContext ctx = context.value();
      if (joined) {
        ctx = ctx.withAttributes(ctx.attributes().withRows(attributes));
      }
      return List.of(run(new InputSlices.Slice(partition, files), ctx, attemptTag())).iterator();
    }
  }

  /** Shards one slice; separate from {@link #call} so tests can run it without Spark. */
  static ShardTaskResult run(InputSlices.Slice slice, ShardTaskContext ctx, String attemptTag) throws IOException {
    Configuration conf = ctx.conf().get();
    Path stagingDir = new Path(ctx.stagingDir());
    FileSystem outFs = Storage.fs(stagingDir, conf);
    String prefix = String.format("part-%05d", slice.index());
    ShardTaskResult result = new ShardTaskResult(slice.index());
    Writer rejects = null;
    try (ImageDecoder decoder = new ImageDecoder(ctx.decodeOptions());
        RollingShardWriter shards = new RollingShardWriter(outFs, new Path(stagingDir, "shards"), prefix,
        attemptTag, ctx.targetShardBytes(), ctx.schema(), conf)) {
      FileSystem inFs = slice.files().isEmpty() ? null : Storage.fs(new Path(slice.files().get(0).path()), conf);
      // Local files are read inline: a local read costs less than handing it to another thread.
      int depth = inFs != null && !isLocal(inFs) ? ctx.readAhead() : 0;
      try (ReadAhead reads = new ReadAhead(slice.files(), inFs, depth)) {
        while (reads.hasNext()) {
          ReadAhead.Read read = reads.next();
          InputFile file = read.file();
          result.inputs++;
          String[] attributes = ctx.attributes().lookup(file.relativePath());
          if (attributes != null) {
            result.attributesMatched++;
            if (!ctx.attributes().hasFolderLabels() || ctx.attributes().contains(file.relativePath())) {
              result.attributesCsvMatched++;
            }
          }
          result.readNanos += read.waitNanos();
          if (read.error() != null) {
            if (!ReadFailures.isFileProblem(read.error())) {
              throw new IOException("reading " + file.path() + " failed; the task fails so that Spark runs it again "
                  + "rather than reject a file the storage could not serve", read.error());
            }
            rejects = reject(rejects, outFs, stagingDir, prefix, attemptTag, result, file,
                RejectReason.READ_ERROR.code(), String.valueOf(read.error().getMessage()));
            continue;
          }
          byte[] bytes = read.bytes();
          long t1 = System.nanoTime();
          result.bytesRead += bytes.length;
          DecodeOutcome outcome = decoder.decode(bytes, file.relativePath());
          long t2 = System.nanoTime();
          result.decodeNanos += t2 - t1;
          if (outcome instanceof DecodeOutcome.Rejected rejected) {
            rejects = reject(rejects, outFs, stagingDir, prefix, attemptTag, result, file, rejected.code(),
                rejected.message());
            continue;
          }
          DecodeOutcome.Accepted image = (DecodeOutcome.Accepted) outcome;
          if (image.converted()) {
            result.converted(image.convertedFrom());
          }
          if (!image.warnings().isEmpty()) {
            result.decoderWarnings++;
          }
          if (attributes == null && !ctx.schema().attributeColumns().isEmpty()) {
            result.attributesMissing++;
          }
          String sourceSha = Sha256.hex(bytes);
          DecodeOptions decode = ctx.decodeOptions();
          shards.write(new ShardRow(idOf(file.relativePath()), file.path(), image.bytes(),
              file.relativePath(), decode.size(), decode.size(), decode.channels(), sourceSha,
              image.sourceFormat().code(), image.sourceWidth(), image.sourceHeight(), attributes));
          result.accepted++;
          result.writeNanos += System.nanoTime() - t2;
        }
      }
      result.files.addAll(shards.finish());
    } finally {
      if (rejects != null) {
        rejects.close();
      }
    }
    return result;
  }

  private static boolean isLocal(FileSystem fs) {
    return "file".equals(fs.getUri().getScheme());
  }

  /** The stable id of an image: the first 96 bits of the SHA-256 of its path relative to the input root. */
  static String idOf(String relativePath) {
    return Sha256.hexPrefix(relativePath, 12);
  }

  private static Writer reject(Writer rejects, FileSystem fs, Path stagingDir, String prefix, String attemptTag,
      ShardTaskResult result, InputFile file, String reason, String detail) throws IOException {
    Writer writer = rejects;
    if (writer == null) {
      Path path = new Path(new Path(stagingDir, "rejects"), prefix + "." + attemptTag + ".jsonl");
      writer = new BufferedWriter(new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8));
      result.rejectsStagingPath = path.toString();
    }
    writer.write(Json.line(new RejectLine(file.path(), reason, detail, file.length())));
    writer.write('\n');
    result.reject(reason);
    return writer;
  }

  /** One line of {@code rejects.jsonl}. */
  private record RejectLine(String path, String reason, String detail, long bytes) {}

  private static String attemptTag() {
    TaskContext task = TaskContext.get();
    return task == null ? "driver" : "t" + task.taskAttemptId();
  }
}
