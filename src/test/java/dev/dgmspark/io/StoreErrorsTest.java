package dev.dgmspark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StoreErrorsTest {
  @Test
  void anUnreachableStoreIsNamedFromTheClientMessage() {
    IOException e = new IOException("getFileStatus on s3a://bucket/x: Unable to execute HTTP request: "
        + "Connect to store.example:9000 [/10.0.0.1] failed: Connection refused");
    String message = StoreErrors.describe(e, "other.example:1");
    assertTrue(message.startsWith("Cannot reach the object store at store.example:9000 (bucket bucket)"), message);
  }

  @Test
  void aWriteCutOffMidStreamNamesTheConfiguredEndpoint() {
    IOException e = new IOException("Writing Object on out/part-1.parquet: Unable to execute HTTP request: "
        + "Broken pipe");
    assertTrue(StoreErrors.describe(e, "127.0.0.1:9321").startsWith("Cannot reach the object store at "
        + "127.0.0.1:9321"), StoreErrors.describe(e, "127.0.0.1:9321"));
    assertTrue(StoreErrors.describe(e).startsWith("Cannot reach the object store: "), "no endpoint to name");
  }

  @Test
  void otherFailuresGetNoHint() {
    assertEquals("boom", StoreErrors.describe(new IllegalStateException("boom"), "127.0.0.1:9321"));
  }

  @Test
  void endpointSettingsBecomeHostAndPort() {
    assertEquals("127.0.0.1:9321", StoreErrors.hostAndPort("http://127.0.0.1:9321"));
    assertEquals("s3.eu-west-1.amazonaws.com", StoreErrors.hostAndPort("s3.eu-west-1.amazonaws.com"));
    assertEquals("minio:9000", StoreErrors.hostAndPort("https://minio:9000/"));
    assertNull(StoreErrors.hostAndPort(""));
    assertNull(StoreErrors.hostAndPort(null));
  }
}
