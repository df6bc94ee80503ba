package dev.dgmspark.cli;

import dev.dgmspark.io.Storage;
import dev.dgmspark.synth.PairSpec;
import dev.dgmspark.synth.TargetShares;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.synth.SynthResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm synth}: a seeded dataset of synthetic face pictures with known attributes. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Draw face-like pictures with known attributes (skin_tone, hair_color, glasses, hat, smile) and nuisance "
        + "variation (pose, position, lighting, background). Writes img-NNNNNN.png files and attributes.csv. Same "
        + "options and seed: same bytes. Runs in this JVM; --conf spark.hadoop.* settings apply to file access."})
final class SynthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--count", defaultValue = "1000", paramLabel = "N",
      description = "Number of pictures; 1 to 100000000. Default: ${DEFAULT-VALUE}.")
  int count;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--size", defaultValue = "64", paramLabel = "PIXELS",
      description = "Side of the square pictures; 28 to 256. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--share", paramLabel = "ATTR=VALUE:SHARE[,VALUE:SHARE]",
      description = {"Share of attribute values, repeatable; other values of the attribute are rescaled.",
          "E.g. --share glasses=yes:0.05 --share skin_tone=dark:0.05,medium:0.30.",
          "Attributes: skin_tone (light, medium, dark), hair_color (black, brown, blond, red, grey),",
          "glasses (no, yes), hat (no, yes), smile (no, yes)."})
  List<String> shares = new ArrayList<>();

  @Option(names = "--pairs", paramLabel = "ATTR[=A,B]",
      description = {"Draw every face twice, identical but for ATTR: first with value A, then B (default: the",
          "attribute's first and last values, e.g. glasses no,yes; skin_tone light,dark). attributes.csv gets a",
          "pair_id column; --count counts pictures and must be even; ATTR's --share is ignored."})
  String pairs;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "Drawing threads (0: one per core). Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--overwrite", description = "Replace pictures already in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    SynthRequest request = request();
    SynthResult result = new SynthGenerator().generate(request);
    PrintWriter outWriter = spec.commandLine().getOut();
    outWriter.printf("synth: %d pictures in %.2f s (%.0f images/s) -> %s%n", result.count(), result.seconds(),
        result.imagesPerSecond(), request.output());
    outWriter.flush();
    return 0;
  }

  SynthRequest request() throws java.io.IOException {
    Validation.inRange(spec, "--count", count, 1, 100_000_000);
    Validation.inRange(spec, "--size", size, 28, 256);
    Validation.inRange(spec, "--threads", threads, 0, 1024);
    TargetShares attributeShares = TargetShares.defaults();
    for (String share : shares) {
      try {
        attributeShares = attributeShares.withSpec(share);
      } catch (IllegalArgumentException e) {
        throw Validation.invalid(spec, "--share", e.getMessage());
      }
    }
    PairSpec pairSpec = null;
    if (pairs != null) {
      try {
        pairSpec = PairSpec.parse(pairs);
      } catch (IllegalArgumentException e) {
        throw Validation.invalid(spec, "--pairs", e.getMessage());
      }
      if (count % 2 != 0) {
        throw Validation.invalid(spec, "--count", count + " is odd; --pairs draws pictures in pairs: give an even count");
      }
    }
    Configuration conf = sparkOptions.hadoopConfiguration();
    SynthRequest request = SynthRequest.of(Storage.qualify(out, conf), count).withConf(conf).withSeed(seed)
        .withSize(size).withShares(attributeShares).withOverwrite(overwrite).withPairs(pairSpec);
    return threads > 0 ? request.withThreads(threads) : request;
  }
}
