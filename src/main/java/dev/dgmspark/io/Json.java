package dev.dgmspark.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** The project's one configured Jackson mapper, for the JSON files that jobs write and read. */
public final class Json {
  /** Shared mapper: thread-safe once configured. Pretty output, because people read these files. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /** Compact mapper for JSON Lines output, one object per line. */
  public static final ObjectMapper COMPACT = new ObjectMapper();

  private Json() {}

  /** Pretty-printed UTF-8 JSON with a final newline. */
  public static byte[] pretty(Object value) {
    try {
      byte[] body = MAPPER.writeValueAsBytes(value);
      byte[] withNewline = java.util.Arrays.copyOf(body, body.length + 1);
      withNewline[body.length] = '\n';
      return withNewline;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line of JSON, without the newline. */
  public static String line(Object value) {
    try {
      return COMPACT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
