package dev.dgmspark.cli;

import dev.dgmspark.traverse.TraversalSummary;
import dev.dgmspark.traverse.TraverseOptions;
import dev.dgmspark.traverse.spark.TraverseJob;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm traverse}: a latent traversal grid of a trained (beta-)VAE or autoencoder. */
@Command(name = "traverse", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Latent traversal: for each latent dimension, decode z with that dimension swept from -range to +range "
        + "and the others fixed (at the latent mean of --image, else at 0). Writes <out>/grid.png (one row per "
        + "dimension, ordered by how much it changes the picture), <out>/report.html and <out>/summary.json (change "
        + "per dimension)."})
final class TraverseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR|URI",
      description = "Model folder (from train): vae, betavae or ae.")
  String model;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--image", paramLabel = "ID",
      description = "Sweep around this image's latent mean: its id, or its file name (e.g. img-000123.png); needs "
          + "--data. Default: sweep around z = 0.")
  String image;

  @Option(names = "--data", paramLabel = "DIR|URI", description = "Shard folder that holds --image.")
  String data;

  @Option(names = "--dims", split = ",", paramLabel = "D",
      description = "Latent dimensions to sweep, 0-based (comma-separated or repeated). Default: all.")
  List<Integer> dims = new ArrayList<>();

  @Option(names = "--steps", defaultValue = "" + TraverseOptions.DEFAULT_STEPS, paramLabel = "N",
      description = "Pictures per dimension; 2 to 101. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--range", defaultValue = "" + TraverseOptions.DEFAULT_RANGE, paramLabel = "R",
      description = "Each sweep goes from -R to +R (in prior standard deviations for a VAE); 0.01 to 100. "
          + "Default: ${DEFAULT-VALUE}.")
  double range;

  @Option(names = "--overwrite", description = "Replace a finished run in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    TraverseOptions options = options();
    try (SparkSession spark = sparkOptions.session("traverse")) {
      TraversalSummary s = TraverseJob.run(spark, options);
      PrintWriter o = spec.commandLine().getOut();
      o.printf(Locale.ROOT, "traverse: %d dimension(s) of a %s, %d steps across +-%s, around %s%n",
          s.dimensions().size(), s.modelKind(), s.steps(), s.range(),
          s.image() == null ? "z = 0" : "image " + s.image());
      int shown = Math.min(5, s.dimensions().size());
      List<String> top = new ArrayList<>();
      for (TraversalSummary.Dimension d : s.dimensions().subList(0, shown)) {
        top.add(String.format(Locale.ROOT, "%d (%.3f)", d.dimension(), d.change()));
      }
      o.printf("  largest change: dimension %s%n", String.join(", ", top));
      o.printf("  grid: %s, report: %s%n", s.grid(), s.report());
      o.flush();
    }
    return 0;
  }

  TraverseOptions options() {
    Validation.inRange(spec, "--steps", steps, 2, 101);
    Validation.inRange(spec, "--range", range, 0.01, 100.0);
    for (int d : dims) {
      Validation.inRange(spec, "--dims", d, 0, 1_000_000);
    }
    if (image != null && data == null) {
      throw Validation.invalid(spec, "--image", "needs --data, the shard folder that holds the image");
    }
    if (data != null && image == null) {
      throw Validation.invalid(spec, "--data", "only names where --image is found; give --image ID too, or drop "
          + "--data to sweep around z = 0");
    }
    TraverseOptions options = TraverseOptions.of(model, out).withDims(dims).withSteps(steps).withRange(range)
        .withOverwrite(overwrite);
    return image == null ? options : options.withImage(data, image);
  }
}
