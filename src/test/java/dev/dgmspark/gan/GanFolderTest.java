package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GAN's {@code model.json}: what is written is read back, and older folders still read. */
class GanFolderTest {
  @TempDir java.nio.file.Path dir;

  private static GanFolder.Descriptor descriptor(ConditionMode mode) {
    GanConfig config = new GanConfig(true, 32, 3, 64, 16, List.of("glasses"), List.of(List.of("no", "yes")), 2e-4,
        0.5, 0.1, 2, 9, mode);
    return new GanFolder.Descriptor(config, List.of("glasses", "hat"), List.of(List.of("no", "yes"),
        List.of("no", "yes")), List.of(List.of(0.7, 0.3), List.of(0.8, 0.2)), "abc", 3);
  }

  @Test
  void descriptorRoundTripsWithItsConditionMode() throws Exception {
    Configuration conf = new Configuration();
    Path folder = new Path(dir.toUri());
    for (ConditionMode mode : ConditionMode.values()) {
      GanFolder.Descriptor written = descriptor(mode);
      GanFolder.writeDescriptor(folder, written, conf);
      assertEquals(written, GanFolder.readDescriptor(folder, conf));
    }
  }

  @Test
  void aCganFolderWithoutAConditionModeHoldsAnInputModeCgan() throws Exception {
    Configuration conf = new Configuration();
    Path folder = new Path(dir.toUri());
    GanFolder.writeDescriptor(folder, descriptor(ConditionMode.CLASSIFIER), conf);
    java.nio.file.Path file = dir.resolve("model.json");
    String json = Files.readString(file, StandardCharsets.UTF_8);
    String legacy = json.replaceAll("\"condition_mode\"\\s*:\\s*\"classifier\"\\s*,?", "");
    Files.writeString(file, legacy, StandardCharsets.UTF_8);
    assertEquals(descriptor(ConditionMode.INPUT), GanFolder.readDescriptor(folder, conf));
  }
}
