package dev.dgmspark.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import dev.dgmspark.report.Charts;
import dev.dgmspark.report.ImageGrid;
import dev.dgmspark.report.ReportPage;
import dev.dgmspark.report.WeightHistogram;
import dev.dgmspark.shard.ShardIndex;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report over a run: an index page and one page per job output folder (shards, model, debias, outliers, and a
 * plain page for any other job), written into one folder with their plots as PNG files beside them. Every plot comes
 * with a sentence saying what it shows. It reads only what the jobs wrote ({@code summary.json}, {@code metrics.csv},
 * Parquet outputs, pictures), so {@code dgm report} can rebuild it at any time.
 */
public final class RunReport {
  private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);
  /** The report's folder under a run's output. */
  public static final String FOLDER = "report";
  /** The index page's name (without {@code .html}). */
  public static final String INDEX = "index";
  /** The most points a latent scatter shows (a deterministic subsample by row position beyond that). */
  static final int MAX_POINTS = 4000;
  /** Pictures per image grid. */
  static final int GRID_IMAGES = 24;
  private static final int GRID_COLUMNS = 8;
  private static final int WEIGHT_BINS = 40;
  /** Known stage folders, in the order the index lists them; other job folders follow by name. */
  private static final List<String> ORDER = List.of("shards", "model", "latents", "debias", "outliers");

  private final Configuration conf;
  private final Path reportFolder;

  private RunReport(Configuration conf, Path reportFolder) {
    this.conf = conf;
    this.reportFolder = reportFolder;
  }

  /**
   * One page written.
   *
   * @param folder the job folder the page is about
   * @param job the job that wrote it ({@code shard}, {@code train}, {@code debias}, ...)
   * @param page the page file
   * @param sections the page's section headings
   * @param images the image files the page shows
   */
  public record Page(Path folder, String job, Path page, List<String> sections, Set<String> images) {}

  /**
   * The written report.
   *
   * @param index the index page
   * @param pages every page, the index first
   */
  public record Result(Path index, List<Page> pages) {}

  /**
   * The job folders under {@code dirs}: a folder holding {@code summary.json} is one; otherwise its subfolders that
   * hold one are (a run's folder). Known stage folders come first, in pipeline order.
   */
  public static List<Path> jobFolders(List<Path> dirs, Configuration conf) throws IOException {
    Set<Path> found = new LinkedHashSet<>();
    for (Path dir : dirs) {
      FileSystem fs = Storage.fs(dir, conf);
      if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
        throw new IOException(dir + " is not a folder");
      }
      if (fs.exists(new Path(dir, AuditStage.MARKER))) {
        found.add(dir);
        continue;
      }
      List<Path> children = new ArrayList<>();
      for (FileStatus child : fs.listStatus(dir)) {
        if (child.isDirectory() && fs.exists(new Path(child.getPath(), AuditStage.MARKER))) {
          children.add(child.getPath());
        }
      }
      children.sort(Comparator.comparingInt((Path p) -> ORDER.contains(p.getName()) ? ORDER.indexOf(p.getName())
          : ORDER.size()).thenComparing(Path::getName));
      found.addAll(children);
    }
    return List.copyOf(found);
  }

  /**
   * Writes the index and a page per job folder into {@code reportFolder}.
   *
   * @param title the index page's title
   * @param intro sentences under the index's title (what was run, on what)
   * @param jobFolders the folders to report on ({@link #jobFolders})
   */
  public static Result write(String title, List<String> intro, List<Path> jobFolders, Path reportFolder,
      Configuration conf) throws IOException {
    Storage.fs(reportFolder, conf).mkdirs(reportFolder);
    RunReport report = new RunReport(conf, reportFolder);
    Map<String, String> nav = new LinkedHashMap<>();
    nav.put("overview", INDEX + ".html");
    Map<Path, String> names = new LinkedHashMap<>();
    for (Path folder : jobFolders) {
      String name = folder.getName().replaceAll("[^A-Za-z0-9_-]", "_");
      String unique = name;
      for (int i = 2; names.containsValue(unique) || unique.equals(INDEX); i++) {
        unique = name + "-" + i;
      }
      names.put(folder, unique);
      nav.put(unique, unique + ".html");
    }
    ReportPage index = ReportPage.named(INDEX, title).nav(nav);
    intro.forEach(index::text);
    List<List<String>> stageRows = new ArrayList<>();
    stageRows.add(List.of("folder", "job", "result", "page"));
    List<Page> pages = new ArrayList<>();
    List<Runnable> headlines = new ArrayList<>();
    for (Map.Entry<Path, String> entry : names.entrySet()) {
      Path folder = entry.getKey();
      JsonNode summary = report.json(new Path(folder, AuditStage.MARKER));
      String job = jobOf(folder, summary, conf);
      ReportPage page = ReportPage.named(entry.getValue(), title(job, folder)).nav(nav);
      String headline = switch (job) {
        case "shard" -> report.shardPage(page, folder, summary);
        case "train" -> report.modelPage(page, folder, summary, index, headlines);
        case "debias" -> report.debiasPage(page, folder, summary, index, headlines);
        case "outliers" -> report.outliersPage(page, folder, summary, index, headlines);
        default -> report.plainPage(page, folder, summary);
      };
      report.ownPictures(page, folder, job);
      page.section("Files").text("The job's output folder: " + display(folder) + ". Its summary.json holds every "
          + "figure above and the provenance (version, options, input checksums).");
      stageRows.add(List.of(folder.getName(), job, headline, page.fileName()));
      pages.add(new Page(folder, job, page.write(reportFolder, conf), page.headings(), page.imageFiles()));
    }
    index.section("Stages").text("Each job's output folder, what it found, and its page (linked at the top).")
        .table(stageRows);
    headlines.forEach(Runnable::run);
    Path indexPath = index.write(reportFolder, conf);
    pages.add(0, new Page(reportFolder, "report", indexPath, index.headings(), index.imageFiles()));
    LOG.info("report: {} pages in {}; start at {}", pages.size(), reportFolder, indexPath);
    return new Result(indexPath, List.copyOf(pages));
  }

  /** A path as people type it: a local file's plain path, anything else its URI. */
  public static String display(Path path) {
    java.net.URI uri = path.toUri();
    return "file".equals(uri.getScheme()) ? uri.getPath() : uri.toString();
  }

  private static String jobOf(Path folder, JsonNode summary, Configuration conf) throws IOException {
    if (summary.hasNonNull("job")) {
      return summary.path("job").asText();
    }
    return Storage.fs(folder, conf).exists(new Path(folder, "model.json")) ? "train" : "unknown";
  }

  private static String title(String job, Path folder) {
    String what = switch (job) {
      case "shard" -> "Shards";
      case "train" -> "Model";
      case "debias" -> "Debiasing";
      case "outliers" -> "Outliers";
      default -> "Output of " + job;
    };
    return what + ": " + folder.getName();
  }

  // ---- shard -------------------------------------------------------------------------------------------------

  private String shardPage(ReportPage page, Path folder, JsonNode s) throws IOException {
    long inputs = s.path("inputs").asLong();
    long accepted = s.path("accepted").asLong();
    long rejected = s.path("rejected").asLong();
    page.text(String.format(Locale.ROOT, "%,d input files: %,d accepted into %d shard files, %,d rejected, in %.1f s "
        + "(%,.0f images/s).", inputs, accepted, s.path("shards").asLong(), rejected, s.path("seconds").asDouble(),
        s.path("images_per_second").asDouble()));
    page.section("Rejected files");
    if (rejected == 0) {
      page.text("None: every input file was decoded and written.");
    } else {
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("reason", "files"));
      s.path("reject_reasons").fields().forEachRemaining(e -> rows.add(List.of(e.getKey(),
          String.format(Locale.ROOT, "%,d", e.getValue().asLong()))));
      page.text("Each rejected file is named with its reason in rejects.jsonl.").table(rows);
    }
    JsonNode attributes = s.path("attributes");
    page.section("Attributes");
    if (attributes.path("columns").isEmpty()) {
      page.text("No attribute columns: the report cannot show shares of attribute values before and after "
          + "debiasing. Give --attributes CSV (first column: the path relative to the input) to add them.");
    } else {
      List<String> columns = new ArrayList<>();
      attributes.path("columns").forEach(c -> columns.add(c.asText()));
      page.text(String.format(Locale.ROOT, "Columns %s from %s: %,d listed files matched, %,d accepted images "
          + "without attributes, %,d rows naming no file.", String.join(", ", columns),
          attributes.path("file").asText(), attributes.path("matched").asLong(),
          attributes.path("accepted_without_attributes").asLong(), attributes.path("rows_without_input").asLong()));
    }
    List<byte[]> sample = firstImages(folder, GRID_IMAGES);
    page.section("Sample of the shards");
    if (sample.isEmpty()) {
      page.text("The shards hold no images.");
    } else {
      page.figure("sample", PngWriter.bytes(grid(sample)), "the first images of the shards",
          "The first " + sample.size() + " images of the first shard file, as the later stages see them (resized "
          + "and cropped to the shard size).", true);
    }
    return String.format(Locale.ROOT, "%,d of %,d files accepted, %,d rejected", accepted, inputs, rejected);
  }

  // ---- train -------------------------------------------------------------------------------------------------

  /**
   * The name of a figure the index page shows for {@code page}: the figure's name with the page's, since an index
   * over several folders of one job (two models, two debias runs) shows one such figure per folder.
   */
  private static String indexFigure(ReportPage page, String figure) {
    return page.fileName().replace(".html", "") + "-" + figure;
  }

  private String modelPage(ReportPage page, Path folder, JsonNode s, ReportPage index, List<Runnable> headlines)
      throws IOException {
    page.text(String.format(Locale.ROOT, "A %s trained for %d epochs on %,d images: %,.0f examples/s over %.0f s of "
        + "training with %d workers.", s.path("model").asText(), s.path("epochs").asInt(),
        s.path("data_rows").asLong(), s.path("examples_per_second").asDouble(), s.path("train_seconds").asDouble(),
        s.path("workers").asInt()));
    Path metrics = new Path(folder, "metrics.csv");
    page.section("Training curves");
    if (!Storage.fs(metrics, conf).exists(metrics)) {
      page.text("No metrics.csv in the model folder.");
    } else {
      MetricsTable table = MetricsTable.parse(Storage.readString(metrics, conf));
      Map<String, double[][]> losses = Charts.series();
      for (String column : table.lossColumns()) {
        losses.put(column, new double[][] {table.column("epoch"), table.column(column)});
      }
      if (table.rows() == 0) {
        page.text("metrics.csv holds no epoch yet.");
      } else {
        BufferedImage curves = Charts.stackedLines("Loss terms per epoch (per example)", "epoch", losses);
        String model = s.path("model").asText();
        headlines.add(() -> index.section("Training").figure(indexFigure(page, "losses"), curves,
            "loss terms per epoch", "The " + model + "'s loss terms per epoch, one panel per term (details on the "
            + "model page): curves still falling at the last epoch mean more epochs would give a better model."));
        page.figure("losses", curves, "loss terms per epoch", "Each loss term of every epoch, averaged over that epoch's examples, one panel "
            + "per term with its own scale (" + String.join(", ", table.lossColumns()) + "): a falling curve means "
            + "the model still learns, a flat one has converged, a rising KL term means the latent space is being "
            + "used more.");
        Map<String, double[][]> speed = Charts.series();
        speed.put("examples/s", new double[][] {table.column("epoch"), table.column("examples_per_second")});
        page.figure("speed", Charts.lines("Training speed", "epoch", "examples per second", speed),
            "examples per second per epoch", "Examples trained per second in each epoch, across all workers "
            + "(the first epoch includes warming up the workers).");
      }
    }
    JsonNode figures = s.path("figures");
    if (figures.isObject() && figures.size() > 0) {
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("figure", "value"));
      figures.fields().forEachRemaining(e -> {
        if (e.getValue().isValueNode()) {
          rows.add(List.of(e.getKey(), e.getValue().asText()));
        }
      });
      page.section("Final figures").text("Measured on the held-out minibatches after the last epoch.").table(rows);
    }
    return String.format(Locale.ROOT, "%s, %d epochs, %,.0f examples/s", s.path("model").asText(),
        s.path("epochs").asInt(), s.path("examples_per_second").asDouble());
  }

  // ---- debias ------------------------------------------------------------------------------------------------

  /** What the debias run judged rarity by, as a phrase ({@code features} of its summary). */
  static String rarityBasis(JsonNode summary) {
    return switch (summary.path("features").asText("latent")) {
      case "latent+appearance" -> "the VAE's latent space or the images' coarse appearance";
      case "appearance" -> "the images' coarse appearance";
      case "pixels" -> "the raw pixels";
      default -> "the VAE's latent space";
    };
  }

  private String debiasPage(ReportPage page, Path folder, JsonNode s, ReportPage index, List<Runnable> headlines)
      throws IOException {
    page.text(String.format(Locale.ROOT, "%,d images in, %,d drawn with replacement (%,d distinct). Effective "
        + "sample size of the weights: %,.1f (%.1f%% of the rows); the largest weight is %.3g times the mean.",
        s.path("input_rows").asLong(), s.path("output_rows").asLong(), s.path("distinct_rows_drawn").asLong(),
        s.path("effective_sample_size").asDouble(), 100 * s.path("effective_sample_fraction").asDouble(),
        s.path("max_weight").asDouble()));
    page.link("The debias job's own page, with the settings and percentiles: ", "debias report.html",
        relative(new Path(folder, "report.html")), ".");

    Path weightsPath = new Path(folder, "weights.parquet");
    List<Path> weightFiles = ParquetRows.files(weightsPath, conf);
    WeightScan weights = weightFiles.isEmpty() ? null : WeightScan.read(weightFiles, conf, GRID_IMAGES / 2);
    page.section("Weight distribution");
    if (weights == null || weights.count == 0) {
      page.text("No weights.parquet in the folder.");
    } else {
      page.figure("weights", weights.histogram(WEIGHT_BINS), "histogram of the debias weights",
          "How many images get each weight, on a log scale (the weights average 1, the dashed line): images right "
          + "of it sit where " + rarityBasis(s) + " is sparse and are drawn more often, those left of it are common "
          + "and drawn less.");
    }

    JsonNode shares = s.path("attribute_shares");
    BufferedImage sharesChart = null;
    page.section("Attribute shares before and after");
    if (!shares.isObject() || shares.size() == 0) {
      page.text("The shards have no attribute columns, so shares cannot be shown; the weights above and the images "
          + "below still show what the model finds rare.");
    } else {
      List<String> categories = new ArrayList<>();
      List<Double> before = new ArrayList<>();
      List<Double> after = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("attribute = value", "images", "before", "after", "after / before"));
      shares.fields().forEachRemaining(attribute -> attribute.getValue().fields().forEachRemaining(value -> {
        double b = value.getValue().path("before").asDouble();
        double a = value.getValue().path("after").asDouble();
        categories.add(attribute.getKey() + "=" + value.getKey());
        before.add(100 * b);
        after.add(100 * a);
        rows.add(List.of(attribute.getKey() + " = " + value.getKey(),
            String.format(Locale.ROOT, "%,d", value.getValue().path("rows").asLong()),
            String.format(Locale.ROOT, "%.1f%%", 100 * b), String.format(Locale.ROOT, "%.1f%%", 100 * a),
            b > 0 ? String.format(Locale.ROOT, "%.2fx", a / b) : "-"));
      }));
      Map<String, double[]> series = Charts.series();
      series.put("before (input)", before.stream().mapToDouble(Double::doubleValue).toArray());
      series.put("after (debiased manifest)", after.stream().mapToDouble(Double::doubleValue).toArray());
      sharesChart = Charts.groupedBars("Share of each attribute value", "% of images", categories, series);
      page.figure("shares", sharesChart, "attribute shares before and after",
          "Each attribute value's share of the input (grey) and of the debiased manifest (green), in percent: values "
          + "rare in " + rarityBasis(s) + " gain share, common ones lose it.");
      page.table(rows);
    }

    Path latents = new Path(folder, "latents");
    page.section("Latent space");
    if (weights == null || ParquetRows.files(latents, conf).isEmpty()) {
      page.text("No latents in the folder (they were given from an encode run), so no projection is drawn.");
    } else {
      BufferedImage[] figures = latentFigures(latents, weights, s.path("input_rows").asLong());
      if (figures != null) {
        page.figure("latents", figures[0], "latent means projected on two axes, coloured by weight",
            "The images' latent means projected on their two principal axes, coloured by log10 of the debias "
            + "weight: red points are rare positions the resampling favours, blue ones common positions it draws "
            + "less.");
        page.figure("dimensions", figures[1], "histograms of the latent means per dimension",
            "How the images' latent means spread along each latent dimension: a dimension the VAE uses spreads "
            + "about -2 to 2 (its prior is a standard normal); one bunched near 0 is unused; a small bump at one "
            + "end is a rare kind of image, which the debiasing draws more often.");
      }
    }

    Path shards = dataFolder(s, folder);
    Map<String, byte[]> pictures = weights == null ? Map.of()
        : imagesById(shards, union(weights.highest(), weights.lowest()));
    BufferedImage most = weights == null ? null : grid(pick(pictures, weights.highest()));
    BufferedImage least = weights == null ? null : grid(pick(pictures, weights.lowest()));
    page.section("Most weighted images");
    if (most == null) {
      page.text("The shards' images could not be read from " + shards + ".");
    } else {
      page.figure("most", PngWriter.bytes(most), "the highest-weight images", "The images with the highest "
          + "weights, highest first: the kinds of images the data under-represents.", true);
    }
    page.section("Least weighted images");
    if (least != null) {
      page.figure("least", PngWriter.bytes(least), "the lowest-weight images", "The images with the lowest "
          + "weights, lowest first: the most common kinds, drawn less often after debiasing.", true);
    }
    BufferedImage indexShares = sharesChart;
    headlines.add(() -> {
      index.section("What the data under-represents");
      if (indexShares != null) {
        index.figure(indexFigure(page, "shares"), indexShares, "attribute shares before and after",
            "Each attribute value's share of "
            + "the input (grey) and of the debiased manifest (green): the values that gain share are the ones the "
            + "model found under-represented.");
      } else {
        index.text("No attribute columns, so no shares: the images below show what the model finds rare.");
      }
      if (most != null) {
        index.figure(indexFigure(page, "most"), PngWriter.bytes(most), "the highest-weight images", "The images the debiasing "
            + "weights most, highest first: the data's rarest kinds according to " + rarityBasis(s) + ".", true);
      }
    });
    return String.format(Locale.ROOT, "%,d images, effective sample size %,.0f, largest weight %.3g",
        s.path("input_rows").asLong(), s.path("effective_sample_size").asDouble(), s.path("max_weight").asDouble());
  }

  /** One histogram per latent dimension of the (sampled) latent means. */
  private static BufferedImage latentHistograms(List<double[]> mus) {
    int dims = mus.get(0).length;
    Map<String, double[]> panels = Charts.series();
    for (int d = 0; d < dims; d++) {
      int dim = d;
      panels.put("dimension " + d, mus.stream().mapToDouble(m -> m[dim]).toArray());
    }
    return Charts.smallHistograms("Latent means per dimension (" + mus.size() + " images)", panels, 20,
        dims <= 8 ? 4 : 5);
  }

  private BufferedImage[] latentFigures(Path latents, WeightScan weights, long rows) throws IOException {
    long stride = Math.max(1, (rows + MAX_POINTS - 1) / MAX_POINTS);
    List<double[]> mus = new ArrayList<>();
    List<Double> colour = new ArrayList<>();
    long[] position = {0};
    ParquetRows.read(ParquetRows.files(latents, conf), conf, row -> {
      if (position[0]++ % stride == 0) {
        Double w = weights.byId.get(ParquetRows.string(row, "id"));
        if (w != null && w > 0) {
          mus.add(ParquetRows.floats(row, "mu"));
          colour.add(Math.log10(w));
        }
      }
      return true;
    });
    if (mus.size() < 3) {
      return null;
    }
    BufferedImage histograms = latentHistograms(mus);
    double[][] xy = LatentProjection.project(mus.toArray(new double[0][]));
    double[] c = colour.stream().mapToDouble(Double::doubleValue).toArray();
    double low = java.util.Arrays.stream(c).min().orElse(0);
    double high = java.util.Arrays.stream(c).max().orElse(1);
    double bound = Math.max(Math.max(Math.abs(low), Math.abs(high)), 1e-3);
    return new BufferedImage[] {Charts.scatter("Latent means, first two principal axes"
        + (stride > 1 ? " (every " + stride + "th)" : ""), "axis 1", "axis 2", xy[0], xy[1], c, -bound, bound,
        "log10 weight"), histograms};
  }

  // ---- outliers ----------------------------------------------------------------------------------------------

  private String outliersPage(ReportPage page, Path folder, JsonNode s, ReportPage index, List<Runnable> headlines)
      throws IOException {
    page.text(String.format(Locale.ROOT, "%,d images scored by reconstruction excess (weight %.2f) and latent "
        + "rarity (weight %.2f); the top %d are listed in outliers.jsonl and shown below.", s.path("rows").asLong(),
        s.path("recon_weight").asDouble(), 1 - s.path("recon_weight").asDouble(), s.path("top").asInt()));
    page.link("The outliers job's own page: ", "outliers report.html", relative(new Path(folder, "report.html")),
        ".");
    List<Path> files = ParquetRows.files(new Path(folder, "outliers.parquet"), conf);
    page.section("Score distribution");
    List<Double> scores = new ArrayList<>();
    ParquetRows.read(files, conf, row -> {
      if (row.getFieldRepetitionCount("score") > 0) {
        scores.add(row.getDouble("score", 0));
      }
      return true;
    });
    if (scores.isEmpty()) {
      page.text("No scores in outliers.parquet.");
    } else {
      double lo = scores.stream().mapToDouble(Double::doubleValue).min().orElse(0);
      double hi = scores.stream().mapToDouble(Double::doubleValue).max().orElse(1);
      Histogram h = Histogram.of(lo, hi, 40);
      scores.forEach(h::add);
      page.figure("scores", Charts.histogram("Outlier scores", "score (standardised; higher = more unusual)",
          "images", h.edges(), h.counts(), Double.NaN, null), "histogram of the outlier scores",
          "How the outlier scores are spread: the long right tail holds the images the model reconstructs badly "
          + "or places where no other image is.");
    }
    List<String> top = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("rank", "image", "score", "reconstruction", "rarity"));
    for (JsonNode o : s.path("top_images")) {
      top.add(o.path("id").asText());
      if (rows.size() <= 10) {
        rows.add(List.of(o.path("rank").asText(), new Path(o.path("path").asText()).getName(),
            fixed(o.path("score")), fixed(o.path("recon_score")), fixed(o.path("density_score"))));
      }
    }
    page.section("Top outliers");
    List<String> shown = top.subList(0, Math.min(GRID_IMAGES, top.size()));
    BufferedImage topGrid = grid(pick(imagesById(dataFolder(s, folder), new LinkedHashSet<>(shown)), shown));
    if (topGrid == null) {
      page.text("No top images to show.");
    } else {
      byte[] topPng = PngWriter.bytes(topGrid);
      page.figure("top", topPng, "the top outliers", "The highest-scoring images, highest "
          + "first (rows of eight): check them for broken files, mislabelled or out-of-domain images.", true);
      headlines.add(() -> index.section("Outliers").figure(indexFigure(page, "outliers"), topPng, "the top outliers", "The images "
          + "that fit the data least (badly reconstructed, or where no other image is), highest score first: worth "
          + "a look for broken, mislabelled or out-of-domain files.", true));
    }
    page.text("The ten highest scores and their standardised components:").table(rows);
    JsonNode shares = s.path("attribute_shares");
    if (shares.isObject() && shares.size() > 0) {
      List<String> categories = new ArrayList<>();
      List<Double> all = new ArrayList<>();
      List<Double> inTop = new ArrayList<>();
      shares.fields().forEachRemaining(attribute -> attribute.getValue().fields().forEachRemaining(value -> {
        categories.add(attribute.getKey() + "=" + value.getKey());
        all.add(100 * value.getValue().path("share").asDouble());
        inTop.add(100 * value.getValue().path("top_share").asDouble());
      }));
      Map<String, double[]> series = Charts.series();
      series.put("all images", all.stream().mapToDouble(Double::doubleValue).toArray());
      series.put("top outliers", inTop.stream().mapToDouble(Double::doubleValue).toArray());
      page.section("Attribute values among the top outliers").figure("shares",
          Charts.groupedBars("Share of each attribute value", "% of images", categories, series),
          "attribute shares among all images and the top outliers", "Each attribute value's share of all images "
          + "(grey) and of the top outliers (green): a value far more common among the outliers is one the model "
          + "handles badly.");
    }
    return String.format(Locale.ROOT, "%,d images scored, top %d shown", s.path("rows").asLong(), top.size());
  }

  // ---- any other job -----------------------------------------------------------------------------------------

  private String plainPage(ReportPage page, Path folder, JsonNode s) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("figure", "value"));
    s.fields().forEachRemaining(e -> {
      if (e.getValue().isValueNode() && !e.getKey().equals("job")) {
        rows.add(List.of(e.getKey(), e.getValue().asText()));
      }
    });
    page.section("Summary").text("The top-level figures of the job's summary.json.").table(rows);
    return s.path("job").asText("unknown") + " output";
  }

  /** The pictures a job left in its folder (recon.png, grids, the last samples): shown as they are. */
  private void ownPictures(ReportPage page, Path folder, String job) throws IOException {
    FileSystem fs = Storage.fs(folder, conf);
    List<String> names = new ArrayList<>();
    // Of the pictures drawn every epoch (samples, translations), the last epoch's only.
    Map<String, Integer> lastEpoch = new LinkedHashMap<>();
    java.util.regex.Pattern everyEpoch = java.util.regex.Pattern.compile("(samples|translations)-epoch-(\\d+)\\.png");
    for (FileStatus f : fs.listStatus(folder)) {
      String name = f.getPath().getName();
      if (!f.isFile() || !name.endsWith(".png")) {
        continue;
      }
      java.util.regex.Matcher m = everyEpoch.matcher(name);
      if (m.matches()) {
        lastEpoch.merge(m.group(1), Integer.parseInt(m.group(2)), Math::max);
      } else {
        names.add(name);
      }
    }
    lastEpoch.forEach((kind, epoch) -> names.add(kind + "-epoch-" + epoch + ".png"));
    names.sort(null);
    if (names.isEmpty()) {
      return;
    }
    page.section("Pictures");
    for (String name : names) {
      byte[] png = Storage.readAll(new Path(folder, name), conf);
      page.figure(name.replace(".png", "").replaceAll("[^A-Za-z0-9_-]", "_"), png, name, pictureCaption(name, job),
          true);
    }
  }

  private static String pictureCaption(String name, String job) {
    if (name.equals("recon.png")) {
      return "recon.png: held-out images (first and third rows) above the VAE's reconstructions of them (second "
          + "and fourth rows) after the last epoch; blurred or wrong details show what the latent space does not "
          + "keep.";
    }
    if (name.startsWith("samples-epoch-")) {
      return name + ": images the generator drew from random noise after its last epoch.";
    }
    if (name.startsWith("translations-epoch-")) {
      return name + ": fixed held-out images beside their translations after the last epoch (pix2pix: input | "
          + "translation | truth; CycleGAN: a | G(a) | F(G(a)) | b | F(b) | G(F(b))).";
    }
    if (name.equals("grid.png") && job.equals("traverse")) {
      return "grid.png: each row moves one latent dimension from low to high around a fixed point; what changes "
          + "along a row is what that dimension encodes.";
    }
    return name + ": a picture the " + job + " job wrote.";
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private JsonNode json(Path file) throws IOException {
    return Json.MAPPER.readTree(Storage.readAll(file, conf));
  }

  /** The address of {@code target} relative to the report folder, when both are on one file system. */
  private String relative(Path target) {
    java.net.URI from = reportFolder.toUri();
    java.net.URI to = target.toUri();
    if (from.getScheme() != null && from.getScheme().equals(to.getScheme()) && from.getPath() != null
        && to.getPath() != null) {
      java.nio.file.Path base = java.nio.file.Path.of(from.getPath());
      return base.relativize(java.nio.file.Path.of(to.getPath())).toString();
    }
    return to.toString();
  }

  /** The shard folder a job read: its summary's {@code data}, else the run's {@code shards} beside the folder. */
  private Path dataFolder(JsonNode summary, Path folder) throws IOException {
    if (summary.hasNonNull("data")) {
      Path data = new Path(summary.path("data").asText());
      if (Storage.fs(data, conf).exists(new Path(data, ShardIndex.FILE_NAME))) {
        return data;
      }
    }
    return new Path(folder.getParent(), "shards");
  }

  private List<byte[]> firstImages(Path shards, int count) throws IOException {
    List<byte[]> images = new ArrayList<>();
    ParquetRows.read(shardFiles(shards), conf, row -> {
      images.add(row.getGroup("image", 0).getBinary("bytes", 0).getBytes());
      return images.size() < count;
    });
    return images;
  }

  private Map<String, byte[]> imagesById(Path shards, Set<String> ids) throws IOException {
    Map<String, byte[]> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    ParquetRows.read(shardFiles(shards), conf, row -> {
      String id = row.getString("id", 0);
      if (ids.contains(id)) {
        found.put(id, row.getGroup("image", 0).getBinary("bytes", 0).getBytes());
      }
      return found.size() < ids.size();
    });
    return found;
  }

  private List<Path> shardFiles(Path shards) throws IOException {
    if (!Storage.fs(shards, conf).exists(new Path(shards, ShardIndex.FILE_NAME))) {
      return List.of();
    }
    return java.util.Arrays.stream(ShardIndex.read(shards, conf).shardPaths(shards)).map(Path::new).toList();
  }

  private static List<byte[]> pick(Map<String, byte[]> pictures, List<String> ids) {
    List<byte[]> out = new ArrayList<>();
    ids.forEach(id -> {
      if (pictures.containsKey(id)) {
        out.add(pictures.get(id));
      }
    });
    return out;
  }

  private static Set<String> union(List<String> a, List<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** Pictures in rows of eight, scaled up when small; null for none. */
  static BufferedImage grid(List<byte[]> pngs) throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    for (byte[] png : pngs) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      if (image != null) {
        images.add(image);
      }
    }
    if (images.isEmpty()) {
      return null;
    }
    List<List<BufferedImage>> rows = new ArrayList<>();
    for (int from = 0; from < images.size(); from += GRID_COLUMNS) {
      rows.add(images.subList(from, Math.min(images.size(), from + GRID_COLUMNS)));
    }
    return ImageGrid.rows(rows, images.get(0).getWidth() < 48 ? 3 : 2);
  }

  private static String fixed(JsonNode value) {
    return value.isNumber() ? String.format(Locale.ROOT, "%.2f", value.asDouble()) : "-";
  }

  /** Weights of a debias run: every row's weight by id, and the ids of the highest and lowest ones. */
  private static final class WeightScan {
    final Map<String, Double> byId = new HashMap<>();
    final PriorityQueue<Map.Entry<String, Double>> high = new PriorityQueue<>(Map.Entry.comparingByValue());
    final PriorityQueue<Map.Entry<String, Double>> low =
        new PriorityQueue<>(Map.Entry.<String, Double>comparingByValue().reversed());
    long count;
    long zero;
    double minLog = Double.POSITIVE_INFINITY;
    double maxLog = Double.NEGATIVE_INFINITY;
    int keep;

    static WeightScan read(List<Path> files, Configuration conf, int keep) throws IOException {
      WeightScan scan = new WeightScan();
      scan.keep = keep;
      ParquetRows.read(files, conf, row -> {
        scan.add(row.getString("id", 0), row.getDouble("weight", 0));
        return true;
      });
      return scan;
    }

    private void add(String id, double weight) {
      count++;
      byId.put(id, weight);
      if (weight <= 0 || !Double.isFinite(weight)) {
        zero++;
        return;
      }
      double log = Math.log10(weight);
      minLog = Math.min(minLog, log);
      maxLog = Math.max(maxLog, log);
      offer(high, Map.entry(id, weight));
      offer(low, Map.entry(id, weight));
    }

    private void offer(PriorityQueue<Map.Entry<String, Double>> queue, Map.Entry<String, Double> entry) {
      queue.add(entry);
      if (queue.size() > keep) {
        queue.poll();
      }
    }

    List<String> highest() {
      return sorted(high, true);
    }

    List<String> lowest() {
      return sorted(low, false);
    }

    private static List<String> sorted(PriorityQueue<Map.Entry<String, Double>> queue, boolean descending) {
      List<Map.Entry<String, Double>> entries = new ArrayList<>(queue);
      entries.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
      if (descending) {
        java.util.Collections.reverse(entries);
      }
      return entries.stream().map(Map.Entry::getKey).toList();
    }

    BufferedImage histogram(int bins) {
      double lo = Double.isFinite(minLog) ? minLog : -1;
      double hi = Double.isFinite(maxLog) ? maxLog : 1;
      Histogram h = Histogram.of(lo, hi, bins);
      byId.values().forEach(w -> {
        if (w > 0 && Double.isFinite(w)) {
          h.add(Math.log10(w));
        }
      });
      return WeightHistogram.draw(h.edges(), h.counts(), zero);
    }
  }

  /** Equal-width bins over [lo, hi]; values outside are counted in the end bins. */
  static final class Histogram {
    private final double[] edges;
    private final long[] counts;

    private Histogram(double[] edges) {
      this.edges = edges;
      this.counts = new long[edges.length - 1];
    }

    static Histogram of(double lo, double hi, int bins) {
      if (!(hi > lo)) {
        lo -= 0.5;
        hi += 0.5;
      }
      double[] edges = new double[bins + 1];
      for (int i = 0; i <= bins; i++) {
        edges[i] = lo + (hi - lo) * i / bins;
      }
      return new Histogram(edges);
    }

    void add(double value) {
      int bins = counts.length;
      int bin = (int) Math.floor((value - edges[0]) / (edges[bins] - edges[0]) * bins);
      counts[Math.max(0, Math.min(bins - 1, bin))]++;
    }

    double[] edges() {
      return edges.clone();
    }

    long[] counts() {
      return counts.clone();
    }
  }
}
