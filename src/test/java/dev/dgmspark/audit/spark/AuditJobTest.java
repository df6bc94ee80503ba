package dev.dgmspark.audit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.audit.AuditOptions;
import dev.dgmspark.audit.AuditPlan.Action;
import dev.dgmspark.audit.AuditStage;
import dev.dgmspark.audit.RunReport;
import dev.dgmspark.io.Json;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.synth.TargetShares;
import dev.dgmspark.testing.HeadlessChromium;
import dev.dgmspark.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit} in local[2] on 120 synthetic 28x28 faces with a rare skin tone (a smoke-sized VAE): every stage runs
 * and the report has its pages and plots; a rerun keeps every finished stage; a training stopped before its last
 * epoch is resumed and the later stages are replaced. The report pages are opened in headless Chromium: no console
 * error, every picture loaded, the expected sections there; screenshots under {@code target/report-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditJobTest extends SharedSpark {
  private static final int COUNT = 120;
  /** Section headings each page kind must show. */
  private static final Map<String, List<String>> SECTIONS = Map.of(
      "report", List.of("Stages", "Training", "What the data under-represents", "Outliers"),
      "shard", List.of("Rejected files", "Attributes", "Sample of the shards"),
      "train", List.of("Training curves", "Pictures"),
      "debias", List.of("Weight distribution", "Attribute shares before and after", "Latent space",
          "Most weighted images", "Least weighted images"),
      "outliers", List.of("Score distribution", "Top outliers", "Attribute values among the top outliers"));

  @TempDir static Path dir;
  private static AuditJob.Result first;

  @BeforeAll
  static void audit() throws Exception {
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), COUNT)
        .withSeed(9).withSize(28).withShares(TargetShares.defaults().withSpec("skin_tone=dark:0.1"))
        .withConf(new Configuration()));
    first = AuditJob.run(spark, options(2));
  }

  private static AuditOptions options(int epochs) {
    return AuditOptions.of(dir.resolve("faces").toString(), dir.resolve("audit").toString()).withSize(28)
        .withEpochs(epochs).withLatentDim(3).withMaxBatches(2).withSeed(5);
  }

  @Test
  @Order(1)
  void everyStageRunsAndTheReportHasAPagePerFolder() throws Exception {
    for (AuditStage stage : AuditStage.values()) {
      assertEquals(Action.RUN, first.stage(stage).action(), stage::label);
      assertTrue(Files.isRegularFile(dir.resolve("audit").resolve(stage.folder()).resolve("summary.json")),
          stage::label);
    }
    assertEquals(COUNT, json("shards/summary.json").path("accepted").asLong());
    assertEquals(COUNT, json("debias/summary.json").path("input_rows").asLong());
    assertEquals(COUNT, json("outliers/summary.json").path("rows").asLong());
    Path report = dir.resolve("audit/report");
    assertEquals(report.resolve("index.html").toString(), first.report());
    for (String page : List.of("index", "shards", "model", "debias", "outliers")) {
      String html = Files.readString(report.resolve(page + ".html"));
      Matcher images = Pattern.compile("src=\"([^\"]+)\"").matcher(html);
      int count = 0;
      while (images.find()) {
        count++;
        assertTrue(Files.size(report.resolve(images.group(1))) > 100, () -> page + " shows " + images.group(1));
      }
      assertTrue(count >= 1, page + " has at least one picture");
    }
    // The shares plotted are the debias summary's: the rare value's row in the table.
    double before = json("debias/summary.json").path("attribute_shares").path("skin_tone").path("dark")
        .path("before").asDouble();
    assertTrue(Files.readString(report.resolve("debias.html"))
        .contains(String.format(java.util.Locale.ROOT, "<td class=\"n\">%.1f%%</td>", 100 * before)));
    String training = Files.readString(report.resolve("model.html"));
    assertTrue(training.contains("model-losses.png") && training.contains("model-speed.png")
        && training.contains("model-recon.png"), training);
  }

  @Test
  @Order(2)
  void reportPagesRenderInAHeadlessBrowser() throws Exception {
    HeadlessChromium.assumeInstalledOrFailInCi();
    Path shots = Path.of("target/report-screenshots");
    Files.createDirectories(shots);
    RunReport.Result report = AuditJob.writeReport(new org.apache.hadoop.fs.Path(dir.resolve("audit").toUri()),
        "faces", new Configuration());
    assertEquals(5, report.pages().size());
    try (HeadlessChromium browser = HeadlessChromium.start(dir.resolve("chromium-profile"))) {
      for (RunReport.Page page : report.pages()) {
        Path file = Path.of(page.page().toUri());
        HeadlessChromium.PageView view = browser.open(file);
        String name = file.getFileName().toString();
        assertEquals(List.of(), view.errors(), name + ": console errors and failed loads");
        assertFalse(view.images().isEmpty(), name + " shows pictures");
        view.images().forEach((src, width) -> assertTrue(width > 0, name + ": " + src + " did not load"));
        assertEquals(page.images().size(), view.images().size(), name + ": every figure is an <img>");
        for (String heading : SECTIONS.get(page.job())) {
          assertTrue(view.headings().contains(heading), name + " lacks section '" + heading + "': "
              + view.headings());
        }
        assertTrue(view.screenshot().length > 1000, name + " screenshot");
        Files.write(shots.resolve(name.replace(".html", ".png")), view.screenshot());
      }
    }
  }

  @Test
  @Order(3)
  void aRerunKeepsFinishedStages() throws Exception {
    byte[] debiasSummary = Files.readAllBytes(dir.resolve("audit/debias/summary.json"));
    AuditJob.Result again = AuditJob.run(spark, options(2));
    for (AuditStage stage : AuditStage.values()) {
      assertEquals(Action.SKIP, again.stage(stage).action(), stage::label);
    }
    assertArrayEquals(debiasSummary, Files.readAllBytes(dir.resolve("audit/debias/summary.json")));
    assertTrue(Files.isRegularFile(dir.resolve("audit/report/index.html")));
  }

  @Test
  @Order(4)
  void aStoppedTrainingResumesAndTheLaterStagesAreReplaced() throws Exception {
    // What a run stopped after its epoch-2 checkpoint leaves: no summary; asking for 3 epochs continues it.
    Files.delete(dir.resolve("audit/model/summary.json"));
    AuditJob.Result resumed = AuditJob.run(spark, options(3));
    assertEquals(List.of(Action.SKIP, Action.RESUME, Action.REPLACE, Action.REPLACE),
        resumed.stages().stream().map(AuditJob.StageOutcome::action).toList());
    List<String> rows = Files.readAllLines(dir.resolve("audit/model/metrics.csv"));
    assertEquals(List.of("1", "2", "3"), rows.subList(1, rows.size()).stream().map(r -> r.split(",")[0]).toList());
    assertEquals(3, json("model/summary.json").path("epochs").asInt());
    assertEquals(COUNT, json("outliers/summary.json").path("rows").asLong());
  }

  private static JsonNode json(String relative) throws Exception {
    return Json.MAPPER.readTree(dir.resolve("audit").resolve(relative).toFile());
  }
}
