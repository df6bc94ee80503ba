package dev.dgmspark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.common.UsageException;
import dev.dgmspark.testing.S3TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Storage} on {@code s3a://} against a real S3-compatible server on loopback. */
class S3StorageTest {
  private static final String SECRET = "storage-test-secret-3f9c1a7e";
  @TempDir static java.nio.file.Path dir;
  private static S3TestServer server;
  private static Configuration conf;

  @BeforeAll
  static void startServer() throws IOException {
    server = S3TestServer.start(dir, SECRET, "store");
    conf = server.hadoopConfiguration();
    // Each test gets file systems built from its own settings, not one cached by an earlier test.
    conf.setBoolean("fs.s3a.impl.disable.cache", true);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void anS3aObjectIsInvisibleUntilItsStreamIsClosed() throws IOException {
    // writeAtomically relies on this for object stores instead of a temporary file and a rename (a copy on S3).
    Path target = new Path("s3a://store/visibility/index.json");
    try (FileSystem fs = Storage.fs(target, conf)) {
      OutputStream out = fs.create(target, true);
      out.write(new byte[100_000]);
      out.flush();
      assertFalse(fs.exists(target), "a half-written object must not be visible");
      out.close();
      assertTrue(fs.exists(target));
      assertEquals(100_000, fs.getFileStatus(target).getLen());
    }
  }

  @Test
  void writeAtomicallyPutsOneObjectAndReadsBack() throws IOException {
    Path target = new Path("s3a://store/atomic/summary.json");
    byte[] first = "{\"a\": 1}\n".getBytes(StandardCharsets.UTF_8);
    byte[] second = "{\"a\": 2}\n".getBytes(StandardCharsets.UTF_8);
    Storage.writeAtomically(target, first, conf);
    Storage.writeAtomically(target, second, conf);
    assertArrayEquals(second, Storage.readAll(target, conf));
    try (FileSystem fs = Storage.fs(target, conf)) {
      FileStatus[] children = fs.listStatus(target.getParent());
      assertEquals(1, children.length, "no temporary objects next to the target: " + Arrays.toString(children));
      assertArrayEquals(second, Storage.readFully(fs, target, second.length));
    }
    // What the server stored is exactly the bytes: a plain file in its data folder.
    assertArrayEquals(second, java.nio.file.Files.readAllBytes(server.dataDir().resolve("store/atomic/summary.json")));
  }

  @Test
  void credentialsInsideAPathAreRefusedWithoutEchoingThem() {
    UsageException e = assertThrows(UsageException.class,
        () -> Storage.qualify("s3a://AKIAEXAMPLE:" + SECRET + "@store/data", conf));
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    assertFalse(e.getMessage().contains("AKIAEXAMPLE"), e.getMessage());
    assertTrue(e.getMessage().contains("s3a://store/data"), e.getMessage());
  }

  @Test
  void aWrongSecretFailsNamingTheBucketButNotTheSecret() {
    Configuration wrong = new Configuration(conf);
    wrong.set("fs.s3a.secret.key", "not-the-secret-0c4d2b");
    IOException e = assertThrows(IOException.class,
        () -> Storage.readAll(new Path("s3a://store/atomic/summary.json"), wrong));
    String message = StoreErrors.describe(e);
    assertTrue(message.contains("store"), message);
    assertFalse(message.contains("not-the-secret-0c4d2b"), message);
    assertFalse(message.contains(SECRET), message);
  }
}
