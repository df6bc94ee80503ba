package dev.dgmspark.cli;

import dev.dgmspark.generate.GenerateJob;
import dev.dgmspark.generate.ShiftOptions;
import dev.dgmspark.generate.ShiftRequest;
import dev.dgmspark.generate.ShiftSummary;
import dev.dgmspark.generate.spark.ShiftJob;
import dev.dgmspark.generate.GenerateOptions;
import dev.dgmspark.generate.GenerateSummary;
import dev.dgmspark.sample.SamplingOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dgm generate}: images drawn from a trained GAN, VAE or diffusion model, as PNGs, shards and a grid. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Draw images from a trained gan, cgan, (beta-)VAE or diffusion model (in the executors), or "
        + "(--shift) move encoded images along an attribute vector. Writes <out>/images/sample-N.png (with "
        + "attributes.csv for cgan), <out>/shards (as 'dgm shard' writes them), <out>/grid.png and <out>/summary.json."})
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR|URI", description = "Model folder (from train).")
  String model;

  @Option(names = "--count", required = true, paramLabel = "N", description = "Images to draw; 1 to 10000000.")
  int count;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--condition", split = ",", paramLabel = "ATTR=VALUE",
      description = "cgan: the value of a condition attribute, e.g. glasses=yes (repeatable or comma-separated); "
          + "attributes not named are drawn from their shares in the training data.")
  Map<String, String> condition = new LinkedHashMap<>();

  @Option(names = "--shift", paramLabel = "ATTR=VALUE[:SCALE]",
      description = "Autoencoders: latent arithmetic. Encode --data, take the attribute vector (mean latent of the "
          + "images with the value minus that of the images without), and move --count images without the value "
          + "along it, SCALE times (default 1), e.g. glasses=yes:1.5. Writes <out>/images, <out>/shards, "
          + "<out>/latents and <out>/before_after.png (originals, reconstructions, moved).")
  String shift;

  @Option(names = "--data", paramLabel = "DIR|URI", description = "With --shift: the shard folder to encode.")
  String data;

  @Option(names = "--steps", paramLabel = "N",
      description = "diffusion: denoising steps, 1 to the model's timesteps (all of them with --eta 1 is DDPM's "
          + "ancestral sampler). Default: 50 (DDIM).")
  Integer steps;

  @Option(names = "--eta", paramLabel = "ETA",
      description = "diffusion: DDIM's eta, 0 (deterministic for a seed) to 1 (as much fresh noise per step as "
          + "DDPM). Default: 0.")
  Double eta;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--overwrite", description = "Replace a finished run in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    Validation.inRange(spec, "--count", count, 1, 10_000_000);
    if (shift != null) {
      return shift();
    }
    if (data != null) {
      throw new ParameterException(spec.commandLine(), "--data is only used with --shift");
    }
    SamplingOptions sampling = sampling();
    try (SparkSession spark = sparkOptions.session("generate")) {
      GenerateSummary summary = GenerateJob.run(spark, GenerateOptions.of(model, count, out)
          .withCondition(condition).withSeed(seed).withOverwrite(overwrite).withSampling(sampling));
      spec.commandLine().getOut().printf("generate: %s images from a %s model -> %s (shards: %s, grid: %s)%n",
          summary.count(), summary.modelKind(), summary.images(), summary.shards(), summary.grid());
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  /** The diffusion sampler's settings, checked. */
  private SamplingOptions sampling() {
    if (steps != null) {
      Validation.inRange(spec, "--steps", steps, 1, 100_000);
    }
    if (eta != null) {
      Validation.inRange(spec, "--eta", eta, 0.0, 1.0);
    }
    return new SamplingOptions(steps, eta);
  }

  private int shift() throws Exception {
    if (data == null) {
      throw new ParameterException(spec.commandLine(), "--shift needs --data: the shards to encode and move");
    }
    if (!condition.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--shift and --condition cannot be combined: --condition "
          + "is for cgan models, --shift for autoencoders");
    }
    if (steps != null || eta != null) {
      throw new ParameterException(spec.commandLine(), (steps != null ? "--steps" : "--eta") + " is for drawing from "
          + "diffusion models, not for --shift");
    }
    ShiftRequest request = ShiftRequest.parse(shift);
    try (SparkSession spark = sparkOptions.session("generate")) {
      ShiftSummary summary = ShiftJob.run(spark, new ShiftOptions(model, data, request, count, out, seed,
          overwrite));
      spec.commandLine().getOut().printf("generate: %d images moved towards %s=%s (x%s): classifier's rate %.3f "
          + "before, %.3f after -> %s (shards: %s, grid: %s)%n", summary.count(), summary.attribute(),
          summary.value(), summary.scale(), summary.valueRate().inputs(), summary.valueRate().outputs(),
          summary.images(), summary.shards(), summary.grid());
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
