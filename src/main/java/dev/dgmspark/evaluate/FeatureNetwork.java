package dev.dgmspark.evaluate;

import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.quality.AttributeClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fixed feature space every evaluation of a dataset measures in: a small convolutional classifier
 * ({@link AttributeClassifier}: three stride-2 convolutions and a {@value AttributeClassifier#FEATURES}-unit layer)
 * trained once on the dataset's real images, whose last hidden layer gives each image its feature vector, saved to a
 * folder ({@value #DESCRIPTOR} and {@value #NETWORK}) and reused, so that figures compare across runs and model
 * kinds.
 *
 * <p>What it learns to predict: the shards' categorical attribute columns when there are any (the heads then also
 * label generated images for attribute coverage); otherwise which of four quarter turns each image was given
 * (RotNet, Gidaris, Singh and Komodakis 2018), a self-supervised target that needs no labels and makes the network
 * attend to the layout of the whole picture. An autoencoder's bottleneck was the other candidate: it is trained to
 * keep what reconstructs pixels, which rewards blur-invariant summaries rather than the structures that tell a good
 * sample from a bad one.
 */
public final class FeatureNetwork {
  /** The description file of a feature model folder, written last. */
  public static final String DESCRIPTOR = "feature-model.json";
  /** The network file. */
  public static final String NETWORK = "feature-network.zip";
  private static final int ROTATIONS = 4;

  private final AttributeClassifier classifier;
  private final FeatureModelInfo info;

  private FeatureNetwork(AttributeClassifier classifier, FeatureModelInfo info) {
    this.classifier = classifier;
    this.info = info;
  }

  /**
   * Trains the network that {@code info} describes on real images.
   *
   * @param images [n, channels, size, size] in [0, 1]
   * @param codes per image, the value code of each of {@code info.attributes()} (unused for rotation targets)
   */
  public static FeatureNetwork train(INDArray images, int[][] codes, FeatureModelInfo info) {
    AttributeClassifier classifier;
    if (info.hasAttributes()) {
      classifier = AttributeClassifier.train(images, codes, info.attributeValues().stream().map(List::size).toList(),
          info.epochs(), info.seed());
    } else {
      int[] turns = quarterTurns(images.size(0), info.seed());
      int[][] labels = new int[turns.length][];
      for (int i = 0; i < turns.length; i++) {
        labels[i] = new int[] {turns[i]};
      }
      classifier = AttributeClassifier.train(rotated(images, turns), labels, List.of(ROTATIONS), info.epochs(),
          info.seed());
    }
    return new FeatureNetwork(classifier, info);
  }

  /**
   * The held-out accuracy of each target: per attribute against the true codes, or for rotation targets the share
   * of seeded quarter turns of the images recognised.
   */
  public Map<String, Double> accuracy(INDArray images, int[][] codes) {
    Map<String, Double> accuracy = new LinkedHashMap<>();
    if (info.hasAttributes()) {
      int[][] predicted = classifier.predict(images);
      for (int a = 0; a < info.attributes().size(); a++) {
        accuracy.put(info.attributes().get(a), AttributeFit.round(AttributeClassifier.accuracy(predicted, codes, a)));
      }
    } else {
      int[] turns = quarterTurns(images.size(0), info.seed() + 1);
      int[][] predicted = classifier.predict(rotated(images, turns));
      int right = 0;
      for (int i = 0; i < turns.length; i++) {
        right += predicted[i][0] == turns[i] ? 1 : 0;
      }
      accuracy.put(FeatureModelInfo.ROTATION, AttributeFit.round(right / (double) Math.max(1, turns.length)));
    }
    return accuracy;
  }

  /** The same network with another description (the held-out accuracy filled in). */
  public FeatureNetwork withInfo(FeatureModelInfo value) {
    return new FeatureNetwork(classifier, value);
  }

  /** What the network is and was trained on. */
  public FeatureModelInfo info() {
    return info;
  }

  /** The feature vector of every image ([n, channels, size, size] in [0, 1]). */
  public double[][] features(INDArray images) {
    return classifier.features(images);
  }

  /** The classified value code of every attribute per image; only for a network with attribute targets. */
  public int[][] classify(INDArray images) {
    if (!info.hasAttributes()) {
      throw new IllegalStateException("a feature network trained on rotations does not classify attributes");
    }
    return classifier.predict(images);
  }

  /** Writes the network, then its description (so a folder with a description is complete). */
  public void write(Path folder, Configuration conf) throws IOException {
    Storage.writeAtomically(new Path(folder, NETWORK), conf, classifier::write);
    Storage.writeAtomically(new Path(folder, DESCRIPTOR), Json.pretty(info), conf);
  }

  /** True when {@code folder} holds a complete feature model. */
  public static boolean exists(Path folder, Configuration conf) throws IOException {
    return Storage.fs(folder, conf).exists(new Path(folder, DESCRIPTOR));
  }

  /**
   * Reads the feature model in {@code folder}; a folder without one is a usage error naming {@code option}.
   */
  public static FeatureNetwork read(Path folder, Configuration conf, String option) throws IOException {
    if (!exists(folder, conf)) {
      throw new UsageException(option + " " + folder + " has no " + DESCRIPTOR + "; give a folder that an earlier "
          + "'dgm evaluate' wrote (its feature-model/ folder), or leave " + option + " out to train one");
    }
    FeatureModelInfo info = FeatureModelInfo.fromJson(Json.MAPPER.readTree(Storage.readAll(new Path(folder,
        DESCRIPTOR), conf)));
    if (info == null) {
      throw new UsageException(option + " " + folder + ": " + DESCRIPTOR + " is not a dgm-spark feature model "
          + "description");
    }
    Path network = new Path(folder, NETWORK);
    try (InputStream in = Storage.fs(network, conf).open(network)) {
      return new FeatureNetwork(AttributeClassifier.read(in), info);
    }
  }

  /**
   * Refuses (a usage error naming {@code option}) a network made for other images than {@code size} x {@code size}
   * with {@code channels} channels.
   */
  public void checkFits(int size, int channels, String option, String folder, String dataOption) {
    if (info.imageSize() != size || info.channels() != channels) {
      throw new UsageException(String.format("%s %s was trained on %dx%d images with %d channel%s; %s holds %dx%d "
              + "images with %d channel%s: leave %s out to train a feature model on this data", option, folder,
          info.imageSize(), info.imageSize(), info.channels(), info.channels() == 1 ? "" : "s", dataOption, size,
          size, channels, channels == 1 ? "" : "s", option));
    }
  }

  /** A seeded quarter-turn count (0 to 3) per image. */
  static int[] quarterTurns(long n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] turns = new int[(int) n];
    for (int i = 0; i < turns.length; i++) {
      turns[i] = random.nextInt(ROTATIONS);
    }
    return turns;
  }

  /** Each image turned by {@code turns[i]} quarter turns. */
  static INDArray rotated(INDArray images, int[] turns) {
    int n = (int) images.size(0);
    int c = (int) images.size(1);
    int s = (int) images.size(2);
    float[] in = images.dup('c').castTo(DataType.FLOAT).data().asFloat();
    float[] out = new float[in.length];
    int plane = s * s;
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (i * c + ch) * plane;
        for (int y = 0; y < s; y++) {
          for (int x = 0; x < s; x++) {
            int sy = y;
            int sx = x;
            // One quarter turn: out(y, x) = in(x, s - 1 - y); t turns apply it t times.
            for (int t = 0; t < turns[i]; t++) {
              int ny = sx;
              int nx = s - 1 - sy;
              sy = ny;
              sx = nx;
            }
            out[base + y * s + x] = in[base + sy * s + sx];
          }
        }
      }
    }
    return Nd4j.create(out, new long[] {n, c, s, s}, 'c');
  }
}
