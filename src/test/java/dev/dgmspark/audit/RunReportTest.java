package dev.dgmspark.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report over several folders of one job: one index figure per folder, each page its own. */
class RunReportTest {
  @TempDir Path dir;

  private Path modelFolder(String name, String model, String columns, String... rows) throws Exception {
    Path folder = dir.resolve(name);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("summary.json"), "{\"job\": \"train\", \"model\": \"" + model + "\", "
        + "\"epochs\": 2, \"data_rows\": 100, \"examples_per_second\": 50.0, \"train_seconds\": 4.0, "
        + "\"workers\": 2}");
    StringBuilder metrics = new StringBuilder("epoch," + columns + ",examples,seconds,examples_per_second\n");
    for (String row : rows) {
      metrics.append(row).append('\n');
    }
    Files.writeString(folder.resolve("metrics.csv"), metrics.toString());
    return folder;
  }

  @Test
  void theDebiasPagesSayWhatRarityWasJudgedBy() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertEquals("the VAE's latent space or the images' coarse appearance",
        RunReport.rarityBasis(json.readTree("{\"features\": \"latent+appearance\"}")));
    assertEquals("the VAE's latent space", RunReport.rarityBasis(json.readTree("{\"features\": \"latent\"}")));
    assertEquals("the VAE's latent space", RunReport.rarityBasis(json.readTree("{}")), "summaries before the field");
    assertEquals("the raw pixels", RunReport.rarityBasis(json.readTree("{\"features\": \"pixels\"}")));
  }

  @Test
  void twoModelsGetTwoLossFiguresOnTheIndex() throws Exception {
    Path gan = modelFolder("model-gan", "gan", "d_loss,g_loss", "1,0.7,1.2,50,2.0,25", "2,0.6,1.4,50,2.0,25");
    Path diffusion = modelFolder("model-diffusion", "diffusion", "noise_mse", "1,0.5,50,2.0,25",
        "2,0.2,50,2.0,25");
    Path out = dir.resolve("report");
    RunReport.Result result = RunReport.write("Two models", List.of("two training runs"),
        List.of(new org.apache.hadoop.fs.Path(gan.toString()), new org.apache.hadoop.fs.Path(diffusion.toString())),
        new org.apache.hadoop.fs.Path(out.toString()), new Configuration());
    assertEquals(3, result.pages().size(), "the index and a page per model");
    assertTrue(Files.exists(out.resolve("index-model-gan-losses.png")));
    assertTrue(Files.exists(out.resolve("index-model-diffusion-losses.png")));
    String index = Files.readString(out.resolve("index.html"));
    assertTrue(index.contains("The gan's loss terms") && index.contains("The diffusion's loss terms"), index);
  }

  @Test
  void aTranslationModelsPageShowsItsLastEpochsGridOnly() throws Exception {
    Path cyclegan = modelFolder("model-cyclegan", "cyclegan", "d_loss_a,cycle_l1", "1,0.7,0.02,50,2.0,25");
    for (int epoch : new int[] {1, 2, 10}) {
      javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB),
          "png", cyclegan.resolve("translations-epoch-" + epoch + ".png").toFile());
    }
    Path out = dir.resolve("report-cyclegan");
    RunReport.Result result = RunReport.write("One model", List.of("a translation run"),
        List.of(new org.apache.hadoop.fs.Path(cyclegan.toString())), new org.apache.hadoop.fs.Path(out.toString()),
        new Configuration());
    String page = String.join("\n", result.pages().stream().map(p -> {
      try {
        return Files.readString(Path.of(p.page().toUri().getPath()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList());
    assertTrue(page.contains("translations-epoch-10.png: fixed held-out images"), page);
    assertTrue(!page.contains("translations-epoch-2.png") && !page.contains("translations-epoch-1.png"), page);
  }
}
