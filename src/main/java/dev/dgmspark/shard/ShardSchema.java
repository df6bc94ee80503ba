package dev.dgmspark.shard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgmspark.io.Json;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The layout of a shard file: fixed image columns plus one optional string column per attribute (and the
 * {@value #PAIR_COLUMN} column of a paired dataset).
 *
 * <p>The {@code image} column is a struct {@code {bytes, path}}, the way Hugging Face {@code datasets} stores images;
 * the file's {@code huggingface} metadata key declares it an {@code Image} feature so that {@code datasets} decodes
 * it without being told.
 */
public final class ShardSchema implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The shard's own column names; attribute columns may not reuse them. */
  public static final Set<String> RESERVED = Set.of("id", "path", "image", "height", "width", "channels", "sha256",
      "source_format", "source_width", "source_height");

  /**
   * The column naming each image's pair in a paired dataset ({@code synth --pairs}): carried into the shards like an
   * attribute column, but not an attribute ({@link ShardIndex#attributes()} leaves it out).
   */
  public static final String PAIR_COLUMN = "pair_id";

  /**
   * The column naming, for each image a {@code translate} job wrote, the id of the image it was translated from:
   * carried like an attribute column, but not an attribute.
   */
  public static final String TRANSLATED_FROM = "translated_from";

  /** Whether a CSV column is an attribute: every column but {@link #PAIR_COLUMN} and {@link #TRANSLATED_FROM}. */
  public static boolean isAttribute(String column) {
    return !column.equals(PAIR_COLUMN) && !column.equals(TRANSLATED_FROM);
  }

  private final List<String> attributeColumns;

  public ShardSchema(List<String> attributeColumns) {
    this.attributeColumns = List.copyOf(attributeColumns);
  }

  /** The attribute column names, in order, with the pair column when the input has one. */
  public List<String> attributeColumns() {
    return attributeColumns;
  }

  /** The Parquet message type. */
  public MessageType messageType() {
    Types.MessageTypeBuilder builder = Types.buildMessage();
    builder.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("id")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
        .requiredGroup()
            .optional(PrimitiveTypeName.BINARY).named("bytes")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
            .named("image")
        .required(PrimitiveTypeName.INT32).named("height")
        .required(PrimitiveTypeName.INT32).named("width")
        .required(PrimitiveTypeName.INT32).named("channels")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("sha256")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("source_format")
        .required(PrimitiveTypeName.INT32).named("source_width")
        .required(PrimitiveTypeName.INT32).named("source_height");
    for (String column : attributeColumns) {
      builder.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(column);
    }
    return builder.named("dgm_shard");
  }

  /** Column name and type pairs, as {@code index.json} lists them. */
  public List<Map<String, String>> describe() {
    List<Map<String, String>> fields = new ArrayList<>();
    fields.add(field("id", "string"));
    fields.add(field("path", "string"));
    fields.add(field("image", "struct<bytes: binary (PNG or JPEG), path: string>"));
    fields.add(field("height", "int32"));
    fields.add(field("width", "int32"));
    fields.add(field("channels", "int32"));
    fields.add(field("sha256", "string"));
    fields.add(field("source_format", "string"));
    fields.add(field("source_width", "int32"));
    fields.add(field("source_height", "int32"));
    for (String column : attributeColumns) {
      fields.add(field(column, column.equals(PAIR_COLUMN) ? "string (pair id)" : column.equals(TRANSLATED_FROM)
          ? "string (id of the translated image)" : "string (attribute)"));
    }
    return fields;
  }

  /** The value of the Parquet {@code huggingface} metadata key: the dataset features. */
  public String huggingFaceMetadata() {
    ObjectNode features = Json.COMPACT.createObjectNode();
    features.set("id", value("string"));
    features.set("path", value("string"));
    features.putObject("image").put("_type", "Image");
    features.set("height", value("int32"));
    features.set("width", value("int32"));
    features.set("channels", value("int32"));
    features.set("sha256", value("string"));
    features.set("source_format", value("string"));
    features.set("source_width", value("int32"));
    features.set("source_height", value("int32"));
    for (String column : attributeColumns) {
      features.set(column, value("string"));
    }
    ObjectNode root = Json.COMPACT.createObjectNode();
    root.putObject("info").set("features", features);
    return root.toString();
  }

  private static ObjectNode value(String dtype) {
    ObjectNode node = Json.COMPACT.createObjectNode();
    node.put("dtype", dtype);
    node.put("_type", "Value");
    return node;
  }

  private static Map<String, String> field(String name, String type) {
    Map<String, String> field = new LinkedHashMap<>();
    field.put("name", name);
    field.put("type", type);
    return field;
  }
}
