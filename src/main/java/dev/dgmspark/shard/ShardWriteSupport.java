package dev.dgmspark.shard;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes {@link ShardRow}s straight into Parquet's record consumer, with no intermediate row objects. */
final class ShardWriteSupport extends WriteSupport<ShardRow> {
  private final ShardSchema schema;
  private RecordConsumer out;

  ShardWriteSupport(ShardSchema schema) {
    this.schema = schema;
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema.messageType(), Map.of("huggingface", schema.huggingFaceMetadata(),
        "dgm_spark.format", "shard/1"));
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(ShardRow row) {
    out.startMessage();
    string(0, "id", row.id());
    string(1, "path", row.path());
    out.startField("image", 2);
    out.startGroup();
    out.startField("bytes", 0);
    out.addBinary(Binary.fromConstantByteArray(row.imageBytes()));
    out.endField("bytes", 0);
    string(1, "path", row.imagePath());
    out.endGroup();
    out.endField("image", 2);
    int32(3, "height", row.height());
    int32(4, "width", row.width());
    int32(5, "channels", row.channels());
    string(6, "sha256", row.sha256());
    string(7, "source_format", row.sourceFormat());
    int32(8, "source_width", row.sourceWidth());
    int32(9, "source_height", row.sourceHeight());
    String[] attributes = row.attributes();
    for (int i = 0; i < schema.attributeColumns().size(); i++) {
      String value = attributes == null ? null : attributes[i];
      if (value != null) {
        string(10 + i, schema.attributeColumns().get(i), value);
      }
    }
    out.endMessage();
  }

  private void string(int index, String name, String value) {
    out.startField(name, index);
    out.addBinary(Binary.fromString(value));
    out.endField(name, index);
  }

  private void int32(int index, String name, int value) {
    out.startField(name, index);
    out.addInteger(value);
    out.endField(name, index);
  }
}
