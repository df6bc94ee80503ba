package dev.dgmspark.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.gan.DiffAugment;
import dev.dgmspark.io.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CycleGAN's {@code model.json}: what is written is read back, and folders older than a setting still read. */
class TranslationFolderTest {
  @TempDir java.nio.file.Path dir;

  private TranslationFolder.Descriptor roundTrip(String json) throws Exception {
    Files.writeString(dir.resolve("model.json"), json, StandardCharsets.UTF_8);
    return TranslationFolder.readDescriptor(new Path(dir.toUri()), new Configuration(), CycleGanConfig.MODEL);
  }

  @Test
  void aCycleGanDescriptorRoundTripsWithItsAugmentation() throws Exception {
    CycleGanConfig config = CycleGanStepTest.tiny(16, 3, 10, 5, 2e-4, 4)
        .withAugment(DiffAugment.Policy.parse("translation,cutout"));
    TranslationFolder.Descriptor written = new TranslationFolder.Descriptor(config, "abc", 7);
    String json = new String(Json.pretty(written), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"augment\" : \"translation,cutout\""), json);
    assertEquals(written, roundTrip(json));
  }

  @Test
  void aCycleGanFolderWithoutAnAugmentKeyHoldsAModelTrainedWithout() throws Exception {
    CycleGanConfig plain = CycleGanStepTest.tiny(16, 3, 10, 5, 2e-4, 4);
    String json = new String(Json.pretty(new TranslationFolder.Descriptor(
        plain.withAugment(DiffAugment.Policy.parse("translation")), "abc", 7)), StandardCharsets.UTF_8);
    String legacy = json.replaceAll("\"augment\"\\s*:\\s*\"translation\"\\s*,?", "");
    assertEquals(new TranslationFolder.Descriptor(plain, "abc", 7), roundTrip(legacy));
  }
}
