package dev.dgmspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes and messages of the command line; no test here starts Spark unless it must. */
class DgmCliTest {
  @TempDir java.nio.file.Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine commandLine = DgmCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static void assertUsage(Run run, String... mentions) {
    assertEquals(DgmCli.EXIT_USAGE, run.code(), run.err());
    for (String mention : mentions) {
      assertTrue(run.err().contains(mention), "message should name '" + mention + "': " + run.err());
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"synth", "import", "shard", "train", "encode", "debias", "generate",
        "translate", "evaluate", "traverse", "outliers", "audit", "report", "demo"}) {
      Run run = run(command, "--help");
      assertEquals(0, run.code());
      assertTrue(run.out().contains("--out"), run.out());
    }
    Run top = run("--help");
    assertEquals(0, top.code());
    for (String command : new String[] {"synth", "shard", "train", "encode", "debias", "translate", "evaluate",
        "traverse", "outliers", "demo"}) {
      assertTrue(top.out().contains(command), top.out());
    }
  }

  @Test
  void trainHelpStatesTheMovingAverageDefaults() {
    // The help text names the defaults in words; it must change with them.
    assertEquals(0.0, dev.dgmspark.train.GanOptions.DEFAULT_EMA);
    assertEquals(0.0, dev.dgmspark.train.CycleGanOptions.DEFAULT_EMA);
    assertEquals(0.999, dev.dgmspark.diffusion.DiffusionConfig.DEFAULT_EMA);
    String help = run("train", "--help").out().replaceAll("\\s+", " ");
    assertTrue(help.contains("Default: 0.999 for diffusion, 0 (off) for gan, cgan and cyclegan."), help);
  }

  /**
   * Every command's help renders without picocli's format warnings (a bare '%' in a description) and its summary
   * wraps as prose: picocli starts a new line for every element of a description array, so an array of
   * source-wrapped lines prints as ragged half-lines at 80 columns. Only train's summary has paragraphs (one per
   * model family), each a full paragraph.
   */
  @Test
  void helpRendersWithoutWarningsAndWrapsSummariesAsProse() {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    try {
      for (CommandLine sub : DgmCli.commandLine().getSubcommands().values()) {
        if (sub.getCommand() instanceof CommandLine.HelpCommand) {
          continue; // picocli's own
        }
        Run run = run(sub.getCommandName(), "--help");
        assertEquals(0, run.code(), sub.getCommandName());
        String[] summary = sub.getCommandSpec().usageMessage().description();
        if (!sub.getCommandName().equals("train")) {
          assertEquals(1, summary.length, sub.getCommandName() + " summary should be one paragraph");
        }
        for (String paragraph : summary) {
          assertTrue(paragraph.length() > 100 || paragraph.endsWith("."), sub.getCommandName()
              + " summary element reads as a source-wrapped line: " + paragraph);
        }
      }
    } finally {
      System.setErr(stderr);
    }
    assertTrue(!captured.toString().contains("picocli WARN"), captured.toString());
  }

  @Test
  void importAndShardLayoutOptionsAreChecked() throws Exception {
    String out = dir.resolve("o").toString();
    assertUsage(run("import", "--out", out), "--idx");
    assertUsage(run("import", "--idx", dir.resolve("missing").toString(), "--out", out), "--idx", "does not exist");
    assertUsage(run("import", "--idx", dir.toString(), "--out", out, "--label-names", "a,b"), "--label-names",
        "--labels");
    assertUsage(run("import", "--idx", dir.toString(), "--labels", dir.toString(), "--out", out, "--label-names",
        "a,a"), "--label-names", "repeats");
    java.nio.file.Path text = Files.writeString(dir.resolve("images.idx"), "not idx");
    assertUsage(run("import", "--idx", text.toString(), "--out", out), "--idx", "not an IDX file");
    // Two 1x1 images: the first import finishes; a second into the same folder needs --overwrite, which the
    // command line names (the library's folder check names no option).
    java.nio.file.Path images = Files.write(dir.resolve("two.idx"), new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1,
        0, 0, 0, 1, 10, 20});
    String imported = dir.resolve("imported").toString();
    assertEquals(0, run("import", "--idx", images.toString(), "--out", imported).code());
    assertUsage(run("import", "--idx", images.toString(), "--out", imported), "--out file:" + imported,
        "already holds a finished run (attributes.csv)", "pass --overwrite to replace it");
    assertEquals(0, run("import", "--idx", images.toString(), "--out", imported, "--overwrite").code());
    assertUsage(run("shard", "--input", dir.toString(), "--out", out, "--layout", "folders"), "--layout", "files",
        "imagefolder");
  }

  @Test
  void evaluateOptionsAreCheckedBeforeSparkStarts() {
    String data = dir.resolve("shards").toString();
    String out = dir.resolve("e").toString();
    assertUsage(run("evaluate", "--data", data, "--out", out), "--model", "--samples");
    assertUsage(run("evaluate", "--model", "m", "--samples", "s", "--data", data, "--out", out), "--model",
        "--samples", "mutually exclusive");
    assertUsage(run("evaluate", "--model", "m", "--out", out), "--data");
    assertUsage(run("evaluate", "--model", "m", "--data", data, "--out", out, "--k", "1"), "--k", "2 to 50");
    assertUsage(run("evaluate", "--model", "m", "--data", data, "--out", out, "--count", "-1"), "--count",
        "0 to 100000");
    assertUsage(run("evaluate", "--model", "m", "--data", data, "--out", out, "--held-out-share", "1"),
        "--held-out-share", "0.02 to 0.9");
    assertUsage(run("evaluate", "--model", "m", "--data", data, "--out", out, "--feature-epochs", "0"),
        "--feature-epochs", "1 to 200");
    assertUsage(run("evaluate", "--model", "m", "--data", data, "--out", out, "--feature-images", "5"),
        "--feature-images", "20 to 1000000");
    assertUsage(run("evaluate", "--model", "m", "--data", data, "--out", out, "--steps", "0"), "--steps",
        "1 to 100000");
    assertUsage(run("evaluate", "--model", "m", "--data", data, "--out", out, "--eta", "2"), "--eta", "0");
    assertTrue(Files.notExists(dir.resolve("e")), "nothing is written when the options are bad");
  }

  @Test
  void generateShiftOptionsAreCheckedBeforeSparkStarts() {
    String out = dir.resolve("shift").toString();
    assertUsage(run("generate", "--model", "m", "--count", "5", "--out", out, "--shift", "glasses=yes"), "--shift",
        "--data");
    assertUsage(run("generate", "--model", "m", "--count", "5", "--out", out, "--data", "d"), "--data", "--shift");
    assertUsage(run("generate", "--model", "m", "--count", "5", "--out", out, "--data", "d", "--shift",
        "glasses=yes", "--condition", "hat=yes"), "--shift", "--condition");
    assertUsage(run("generate", "--model", "m", "--count", "5", "--out", out, "--data", "d", "--shift",
        "glasses"), "--shift", "ATTR=VALUE");
    assertUsage(run("generate", "--model", "m", "--count", "5", "--out", out, "--data", "d", "--shift",
        "glasses=yes:much"), "--shift", "scale");
    assertUsage(run("generate", "--model", "m", "--count", "5", "--out", out, "--data", "d", "--shift",
        "glasses=yes", "--steps", "10"), "--steps", "--shift");
    assertUsage(run("generate", "--model", "m", "--count", "5", "--out", out, "--eta", "-0.5"), "--eta", "0");
  }

  @Test
  void traverseAndOutliersOptionsAreCheckedBeforeSparkStarts() {
    String m = dir.resolve("model").toString();
    String data = dir.resolve("shards").toString();
    String out = dir.resolve("t").toString();
    assertUsage(run("traverse", "--out", out), "--model");
    assertUsage(run("traverse", "--model", m, "--out", out, "--steps", "1"), "--steps", "2 to 101");
    assertUsage(run("traverse", "--model", m, "--out", out, "--range", "0"), "--range", "0.01 to 100");
    assertUsage(run("traverse", "--model", m, "--out", out, "--dims", "0,-1"), "--dims", "0 to");
    assertUsage(run("traverse", "--model", m, "--out", out, "--dims", "x"), "--dims");
    assertUsage(run("traverse", "--model", m, "--out", out, "--image", "img-000001.png"), "--image", "--data");
    assertUsage(run("traverse", "--model", m, "--out", out, "--data", data), "--data", "--image");

    assertUsage(run("outliers", "--data", data, "--out", out, "--latents", m), "--model");
    assertUsage(run("outliers", "--model", m, "--out", out), "--data");
    assertUsage(run("outliers", "--data", data, "--model", m, "--out", out, "--top", "0"), "--top", "1 to 1000");
    assertUsage(run("outliers", "--data", data, "--model", m, "--out", out, "--recon-weight", "1.5"),
        "--recon-weight", "0.0 to 1.0");
    assertUsage(run("outliers", "--data", data, "--model", m, "--out", out, "--k", "1"), "--k", "2 to 1000");
    assertUsage(run("outliers", "--data", data, "--model", m, "--out", out, "--k", "200", "--reference-size",
        "150"), "--reference-size", "larger than --k");
    assertUsage(run("outliers", "--data", data, "--model", m, "--out", out, "--density-dims", "-1"),
        "--density-dims");
    assertTrue(Files.notExists(dir.resolve("t")), "nothing is written when the options are bad");
  }

  @Test
  void auditAndReportOptionsAreCheckedBeforeAnythingRuns() throws Exception {
    String in = dir.resolve("images").toString();
    String out = dir.resolve("audit").toString();
    assertUsage(run("audit", "--out", out), "--input");
    assertUsage(run("audit", "--input", in), "--out");
    assertUsage(run("audit", "--input", in, "--out", out, "--size", "30"), "--size", "28, 32");
    assertUsage(run("audit", "--input", in, "--out", out, "--epochs", "0"), "--epochs", "1 to 1000");
    assertUsage(run("audit", "--input", in, "--out", out, "--latent-dim", "-1"), "--latent-dim", "0 to 1024");
    assertUsage(run("audit", "--input", in, "--out", out, "--max-batches", "-1"), "--max-batches");
    assertTrue(Files.notExists(dir.resolve("audit")), "nothing is written when the options are bad");

    assertUsage(run("report"), "DIR");
    assertUsage(run("report", dir.resolve("missing").toString()), "DIR", "is not a folder");
    Files.createDirectories(dir.resolve("empty/sub"));
    assertUsage(run("report", dir.resolve("empty").toString()), "DIR", "holds no job output");
    for (String job : new String[] {"a", "b"}) {
      Files.createDirectories(dir.resolve(job));
      Files.writeString(dir.resolve(job).resolve("summary.json"), "{\"job\": \"encode\", \"rows\": 3}");
    }
    assertUsage(run("report", dir.resolve("a").toString(), dir.resolve("b").toString()), "--out",
        "one run's folder");
    Run report = run("report", dir.resolve("a").toString(), dir.resolve("b").toString(), "--out",
        dir.resolve("pages").toString());
    assertEquals(0, report.code(), report.err());
    assertTrue(report.out().contains("3 pages"), report.out());
    assertTrue(Files.readString(dir.resolve("pages/a.html")).contains("<td>rows</td><td class=\"n\">3</td>"));
    assertTrue(Files.readString(dir.resolve("pages/index.html")).contains("<td>b</td><td>encode</td>"));
  }

  @Test
  void missingCommandNamesTheCommands() {
    assertUsage(run(), "synth", "shard");
    assertUsage(run("bogus"), "bogus");
  }

  @Test
  void shardOptionValuesOutOfRangeExitTwoNamingTheOptionAndTheAllowedValues() {
    String in = dir.toString();
    String out = dir.resolve("o").toString();
    assertUsage(run("shard", "--input", in, "--out", out, "--size", "5"), "--size", "8 to 1024");
    assertUsage(run("shard", "--input", in, "--out", out, "--read-ahead", "65"), "--read-ahead", "0 to 64");
    assertUsage(run("shard", "--input", in, "--out", out, "--listing", "parallel"), "--listing",
        "auto, flat, distributed");
    assertUsage(run("shard", "--input", in, "--out", out, "--listing-threshold", "0"), "--listing-threshold", "1");
    assertUsage(run("shard", "--input", in, "--out", out, "--channels", "2"), "--channels", "1, 3");
    assertUsage(run("shard", "--input", in, "--out", out, "--shard-size-mb", "0"), "--shard-size-mb", "1 to 4096");
    assertUsage(run("shard", "--input", in, "--out", out, "--max-pixels", "0"), "--max-pixels");
    assertUsage(run("shard", "--input", in, "--out", out, "--size", "big"), "--size", "big");
    assertUsage(run("shard", "--input", in, "--out", out, "--attributes", "a.csv", "--no-attributes"),
        "--no-attributes", "--attributes");
    assertUsage(run("shard", "--out", out), "--input");
    assertUsage(run("shard", "--input", in, "--out", out, "--bogus"), "--bogus");
  }

  @Test
  void synthOptionValuesAreChecked() {
    String out = dir.resolve("s").toString();
    assertUsage(run("synth", "--out", out, "--count", "0"), "--count", "1 to 100000000");
    assertUsage(run("synth", "--out", out, "--size", "1000"), "--size", "28 to 256");
    assertUsage(run("synth", "--out", out, "--share", "glases=yes:0.1"), "--share", "glases", "glasses");
    assertUsage(run("synth", "--out", out, "--share", "glasses=maybe:0.1"), "--share", "maybe", "yes");
    assertUsage(run("synth", "--out", out, "--share", "glasses=yes:1.5"), "--share");
    assertUsage(run("synth", "--out", out, "--pairs", "glases"), "--pairs", "glasses");
    assertUsage(run("synth", "--out", out, "--pairs", "skin_tone=light"), "--pairs", "two values");
    assertUsage(run("synth", "--out", out, "--count", "7", "--pairs", "glasses"), "--count", "even");
    assertTrue(Files.notExists(dir.resolve("s")), "nothing is written when the options are bad");
  }

  /** The options {@code train} would run with for {@code args}. */
  private static dev.dgmspark.train.TrainOptions trainOptions(String... args) {
    TrainCommand command = new TrainCommand();
    new CommandLine(command).parseArgs(args);
    return command.options();
  }

  /** The model settings {@code train} would warn about ignoring for {@code args}. */
  private static java.util.List<String> ignoredOnResume(String... args) {
    TrainCommand command = new TrainCommand();
    CommandLine line = new CommandLine(command);
    line.parseArgs(args);
    command.spec = line.getCommandSpec();
    return command.ignoredOnResume();
  }

  @Test
  void resumeNamesTheModelSettingsItTakesFromTheModelFolderInsteadOfTheCommandLine() {
    String d = dir.toString();
    assertEquals(java.util.List.of("--lr", "--augment", "--cycle-weight"), ignoredOnResume("--model", "cyclegan",
        "--data", d, "--out", d, "--resume", "--epochs", "20", "--cycle-weight", "1", "--augment", "translation",
        "--lr", "0.001", "--batch-size", "32", "--seed", "7"));
    assertEquals(java.util.List.of("--latent-dim", "--beta"), ignoredOnResume("--model", "vae", "--data", d, "--out",
        d, "--resume", "--beta", "0.3", "--latent-dim", "32", "--max-train-minutes", "5"));
    assertEquals(java.util.List.of(), ignoredOnResume("--model", "vae", "--data", d, "--out", d, "--beta", "0.3"),
        "a new model takes them all");
    // Every name in the list is an option of train (a misspelt one would never match).
    CommandLine line = new CommandLine(new TrainCommand());
    for (String name : TrainCommand.MODEL_SETTINGS) {
      assertTrue(line.getCommandSpec().findOption(name) != null, name);
    }
  }

  /** The options {@code debias} would run with for {@code args}. */
  private static dev.dgmspark.debias.spark.DebiasOptions debiasOptions(String... args) {
    DebiasCommand command = new DebiasCommand();
    CommandLine line = new CommandLine(command);
    line.parseArgs(args);
    command.spec = line.getCommandSpec();
    return command.options();
  }

  @Test
  void debiasDefaultsToTheMultiscaleEstimatorAndTakesItsSettings() {
    String d = dir.toString();
    dev.dgmspark.debias.spark.DebiasOptions defaults = debiasOptions("--data", d, "--out", d, "--latents", d);
    assertEquals(dev.dgmspark.debias.DensityEstimator.MULTISCALE, defaults.estimator());
    assertEquals(java.util.List.of(0.01, 0.2), defaults.multiscale().scales());
    assertEquals(0.2, defaults.multiscale().targetEss());
    assertEquals(10_000, defaults.multiscale().referenceSize());
    dev.dgmspark.debias.spark.DebiasOptions given = debiasOptions("--data", d, "--out", d, "--latents", d,
        "--scales", "0.05,0.1,0.3", "--target-ess", "0.35", "--reference-size", "2000");
    assertEquals(java.util.List.of(0.05, 0.1, 0.3), given.multiscale().scales());
    assertEquals(0.35, given.multiscale().targetEss());
    assertEquals(2000, given.multiscale().referenceSize());
    assertEquals(2000, given.knn().referenceSize(), "one --reference-size for both k-NN estimators");
  }

  @Test
  void averagingFrequencyDefaultsByModelAndTheCommandLineWins() {
    String d = dir.toString();
    for (String model : new String[] {"ae", "vae", "betavae", "gan"}) {
      assertEquals(20, trainOptions("--model", model, "--data", d, "--out", d).averagingFrequency(), model);
    }
    assertEquals(20, trainOptions("--model", "cgan", "--data", d, "--out", d, "--condition", "glasses")
        .averagingFrequency());
    assertEquals(5, trainOptions("--model", "diffusion", "--data", d, "--out", d).averagingFrequency());
    assertEquals(5, trainOptions("--model", "pix2pix", "--data", d, "--out", d, "--source", "glasses=no",
        "--target", "glasses=yes").averagingFrequency());
    assertEquals(7, trainOptions("--model", "vae", "--data", d, "--out", d, "--averaging-frequency", "7")
        .averagingFrequency());
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--averaging-frequency", "-1"),
        "--averaging-frequency");
  }

  @Test
  void trainDebiasAndDemoOptionValuesAreChecked() {
    String d = dir.toString();
    assertUsage(run("train", "--model", "gan2", "--data", d, "--out", d), "--model", "ae", "vae", "betavae");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--latent-dim", "0"), "--latent-dim");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--lr", "2"), "--lr");
    assertUsage(run("train", "--model", "ae", "--data", d, "--out", d, "--beta", "2"), "--beta", "ae");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--resume", "--overwrite"), "--resume");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--trainer", "horovod"), "--trainer",
        "averaging", "dl4j-spark");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--trainer", "dl4j-spark"), "--trainer",
        "averaging");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--max-train-minutes", "-1"),
        "--max-train-minutes");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--likelihood", "poisson"), "--likelihood",
        "gaussian", "bernoulli");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--likelihood", "gaussian"),
        "--likelihood", "ae, vae, betavae or dbvae");
    assertUsage(run("train", "--model", "dbvae", "--data", d, "--out", d), "--label", "--model dbvae");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--label", "glasses"), "--label",
        "only for --model dbvae");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--groups", "skin_tone"), "--groups");
    assertUsage(run("train", "--model", "dbvae", "--data", d, "--out", d, "--label", "glasses", "--vae-loss",
        "some"), "--vae-loss", "positives", "all");
    assertUsage(run("train", "--model", "dbvae", "--data", d, "--out", d, "--label", "glasses", "--class-weight",
        "0"), "--class-weight");
    assertUsage(run("train", "--model", "dbvae", "--data", d, "--out", d, "--label", "glasses", "--groups",
        "a,b,c"), "--groups", "one or two");
    assertUsage(run("train", "--model", "dbvae", "--data", d, "--out", d, "--label", "glasses", "--trainer",
        "dl4j-spark"), "--trainer", "averaging");
    assertUsage(run("train", "--model", "diffusion", "--data", d, "--out", d, "--schedule", "sigmoid"), "--schedule",
        "cosine", "linear");
    assertUsage(run("train", "--model", "diffusion", "--data", d, "--out", d, "--timesteps", "1"), "--timesteps",
        "2 to 100000");
    assertUsage(run("train", "--model", "diffusion", "--data", d, "--out", d, "--ema", "1"), "--ema");
    assertUsage(run("train", "--model", "diffusion", "--data", d, "--out", d, "--latent-dim", "8"), "--latent-dim",
        "not for --model diffusion");
    assertUsage(run("train", "--model", "diffusion", "--data", d, "--out", d, "--trainer", "dl4j-spark"),
        "--trainer", "averaging");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--ema", "0.9"), "--ema",
        "only for --model diffusion, gan, cgan or cyclegan");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--ema", "1"), "--ema");
    assertUsage(run("train", "--model", "cyclegan", "--data", d, "--out", d, "--r1", "1"), "--r1",
        "only for --model gan or cgan");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--r1", "-1"), "--r1", "0 to 1000");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--refine-layers", "5"), "--refine-layers",
        "0 to 4");
    assertUsage(run("train", "--model", "cyclegan", "--data", d, "--out", d, "--refine-layers", "1"),
        "--refine-layers", "only for --model gan or cgan");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--minibatch-std", "1"), "--minibatch-std",
        "0 (none) or 2 to 64");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--minibatch-std", "65"), "--minibatch-std",
        "0 to 64");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--minibatch-std", "4"), "--minibatch-std",
        "only for --model gan or cgan");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--lr-decay", "cosine"), "--lr-decay",
        "none, linear");
    assertUsage(run("train", "--model", "diffusion", "--data", d, "--out", d, "--lr-decay", "linear"), "--lr-decay",
        "only for --model gan or cgan");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--filters", "8"), "--filters",
        "gan, cgan, pix2pix or cyclegan (and diffusion)");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--combine", "sum"), "--combine", "product",
        "max");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--bins", "1"), "--bins", "2 to 10000");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--estimator", "histogram", "--alpha", "0"),
        "--alpha");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--estimator", "knn", "--alpha", "-1"),
        "--alpha");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--alpha", "0.01"), "--alpha", "--target-ess");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--estimator", "kde"), "--estimator", "knn",
        "histogram");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--k", "1"), "--k", "2 to 1000");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--gamma", "5"), "--gamma");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--reference-size", "50"),
        "--reference-size", "100 to 200000");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--k", "500", "--reference-size", "400"),
        "--reference-size", "--k");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--features", "pixels"), "--features",
        "pixels");
    assertUsage(run("debias", "--data", d, "--out", d, "--features", "colours"), "--features", "latent", "pixels",
        "appearance", "latent+appearance");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--features", "appearance"), "--features",
        "appearance uses no model");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--estimator", "knn", "--features",
        "latent+appearance"), "--features", "--estimator multiscale", "--features latent");
    assertUsage(run("debias", "--data", d, "--out", d, "--features", "latent+appearance"), "--model", "--latents");
    assertUsage(run("debias", "--data", d, "--out", d), "--model", "--latents");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--target-ess", "0"), "--target-ess",
        "0.01 to 1");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--scales", "0,0.2"), "--scales",
        "0.001 to 0.9");
    assertUsage(run("debias", "--data", d, "--out", d, "--latents", d, "--scales", "0.1,x"), "--scales");
    assertUsage(run("encode", "--data", d, "--model", d, "--out", d, "--batch-size", "0"), "--batch-size");
    assertUsage(run("demo", "--size", "40"), "--size", "28, 32, 64");
    assertUsage(run("demo", "--rare", "glasses"), "--rare", "ATTRIBUTE=VALUE:SHARE");
    assertUsage(run("demo", "--rare", "glasses=maybe:0.05"), "--rare", "maybe");
  }

  @Test
  void ganAndGenerateOptionValuesAreChecked() {
    String d = dir.toString();
    assertUsage(run("train", "--model", "gan2", "--data", d, "--out", d), "--model", "gan", "cgan");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--beta", "2"), "--beta", "gan");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--d-steps", "2"), "--d-steps", "gan");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--condition", "glasses"), "--condition",
        "cgan");
    assertUsage(run("train", "--model", "cgan", "--data", d, "--out", d), "--condition");
    assertUsage(run("train", "--model", "cgan", "--data", d, "--out", d, "--condition", "glasses",
        "--condition-mode", "planes"), "--condition-mode", "input", "classifier");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--condition-mode", "input"),
        "--condition-mode", "cgan");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--augment", "flip"), "--augment", "none",
        "color, brightness, saturation, contrast, translation, cutout");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--augment", "color"), "--augment", "gan");
    assertUsage(run("train", "--model", "cyclegan", "--data", d, "--out", d, "--domain-a", "skin_tone=light",
        "--domain-b", "skin_tone=dark", "--augment", "flip"), "--augment", "none", "color, brightness, saturation, contrast, translation, cutout");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--d-steps", "0"), "--d-steps",
        "1 to 100");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--label-smoothing", "0.7"),
        "--label-smoothing");
    String[] pix2pix = {"train", "--model", "pix2pix", "--data", d, "--out", d};
    assertUsage(run(pix2pix), "--source", "glasses=no");
    assertUsage(run(concat(pix2pix, "--source", "glasses=no")), "--target");
    assertUsage(run(concat(pix2pix, "--source", "glasses=no", "--target", "glasses=yes", "--latent-dim", "8")),
        "--latent-dim", "pix2pix");
    assertUsage(run(concat(pix2pix, "--source", "glasses=no", "--target", "glasses=yes", "--l1-weight", "-1")),
        "--l1-weight");
    assertUsage(run(concat(pix2pix, "--source", "glasses=no", "--target", "glasses=yes", "--d-steps", "2")),
        "--d-steps", "gan");
    assertUsage(run(concat(pix2pix, "--source", "glasses=no", "--target", "glasses=yes", "--augment",
        "translation")), "--augment", "cyclegan");
    assertUsage(run(concat(pix2pix, "--source", "glasses=no", "--target", "glasses=yes", "--trainer",
        "dl4j-spark")), "--trainer", "averaging");
    assertUsage(run("train", "--model", "gan", "--data", d, "--out", d, "--source", "glasses=no"), "--source",
        "pix2pix");
    assertUsage(run("train", "--model", "vae", "--data", d, "--out", d, "--filters", "8"), "--filters", "pix2pix");
    assertUsage(run("generate", "--model", d, "--out", d, "--count", "0"), "--count", "1 to 10000000");
    assertUsage(run("generate", "--model", d, "--out", d, "--count", "5", "--condition", "glasses"),
        "--condition");
  }

  @Test
  void aFinishedRunInOutExitsTwoNamingOutAndOverwrite() {
    String out = dir.resolve("faces").toString();
    assertEquals(0, run("synth", "--out", out, "--count", "3", "--size", "28").code());
    Run again = run("synth", "--out", out, "--count", "3", "--size", "28");
    assertUsage(again, "--out file:" + out, "already holds a finished run (attributes.csv)",
        "pass --overwrite to replace it");
    assertEquals(0, run("synth", "--out", out, "--count", "3", "--size", "28", "--overwrite").code());
  }

  @Test
  void jobConfigurationProblemsExitTwoAndJobFailuresExitOne() throws Exception {
    Run missingInput = run("shard", "--input", dir.resolve("nope").toString(), "--out",
        dir.resolve("o").toString(), "--master", "local[1]", "--conf", "spark.ui.enabled=false");
    assertUsage(missingInput, "--input", "does not exist");

    java.nio.file.Path images = Files.createDirectory(dir.resolve("images"));
    Files.write(images.resolve("x.png"), new byte[] {1, 2, 3});
    java.nio.file.Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a folder must go");
    Run failed = run("shard", "--input", images.toString(), "--out", blocker.resolve("out").toString(),
        "--master", "local[1]", "--conf", "spark.ui.enabled=false");
    assertEquals(DgmCli.EXIT_FAILED, failed.code(), failed.err());
    assertTrue(failed.err().contains("failed"), failed.err());
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
