package dev.dgmspark.cli;

import dev.dgmspark.shard.idx.IdxImport;
import dev.dgmspark.shard.idx.ImportOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm import}: IDX files (MNIST, Fashion-MNIST) to a folder of PNGs with an attributes.csv for shard. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Write the images of an IDX file (MNIST / Fashion-MNIST format, e.g. train-images-idx3-ubyte.gz; plain or "
        + "gzipped) as grey PNGs img-NNNNNN.png in file order, and attributes.csv (file,label) from the labels "
        + "file, written last: a folder with it holds a complete import. Then: dgm shard --input DIR --channels 1 "
        + "--size 28. Image folders in ImageFolder layout (one folder per class) need no import: dgm shard --layout "
        + "imagefolder. Runs in this JVM; --conf spark.hadoop.* settings apply to file access."})
final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--idx", required = true, paramLabel = "IMAGES",
      description = "IDX images file (unsigned bytes, 3 dimensions: count, rows, columns).")
  String images;

  @Option(names = "--labels", paramLabel = "LABELS",
      description = "IDX labels file (unsigned bytes, one per image), e.g. train-labels-idx1-ubyte.gz.")
  String labels;

  @Option(names = "--label-names", paramLabel = "NAME,NAME,...", split = ",",
      description = "Names for labels 0, 1, ... in the label column (default: the numbers).")
  List<String> labelNames = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--overwrite", description = "Replace an earlier import in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    IdxImport.Result result = IdxImport.run(options(), sparkOptions.hadoopConfiguration());
    PrintWriter o = spec.commandLine().getOut();
    o.printf("import: %d images of %dx%d in %.2f s -> %s%n", result.images(), result.rows(), result.columns(),
        result.seconds(), result.out());
    if (!result.labelCounts().isEmpty()) {
      o.printf("labels: %s%n", result.labelCounts());
    }
    o.flush();
    return 0;
  }

  ImportOptions options() {
    if (!labelNames.isEmpty() && labels == null) {
      throw Validation.invalid(spec, "--label-names", "needs --labels");
    }
    for (String name : labelNames) {
      if (name.isBlank() || !name.equals(name.trim()) || name.contains("\"")) {
        throw Validation.invalid(spec, "--label-names", "'" + name + "'; allowed: non-empty names without "
            + "surrounding spaces or quotes, separated by commas");
      }
    }
    if (labelNames.stream().distinct().count() != labelNames.size()) {
      throw Validation.invalid(spec, "--label-names", "a name repeats in " + Arrays.toString(labelNames.toArray()));
    }
    return ImportOptions.of(images, out).withLabels(labels).withLabelNames(labelNames).withOverwrite(overwrite);
  }
}
