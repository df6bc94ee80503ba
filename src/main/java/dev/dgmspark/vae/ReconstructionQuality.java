package dev.dgmspark.vae;

import dev.dgmspark.engine.AttributeValues;
import dev.dgmspark.minibatch.LabeledImages;
import dev.dgmspark.quality.AttributeClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How much of the data an autoencoder's reconstructions keep, measured on held-out images: the reconstruction loss
 * against a mean-image baseline, and, when the images carry attributes, an {@link AttributeClassifier} trained on
 * training images and scored on held-out originals and on their reconstructions.
 */
public final class ReconstructionQuality {
  private static final int CLASSIFIER_EPOCHS = 8;
  private static final int BATCH = 256;

  private ReconstructionQuality() {}

  /** The figures that go into {@link VaeFigures}, measured; {@code attributes} may be empty. */
  public record Figures(int images, double meanImageReconstruction, double reconstruction,
      Map<String, Double> attributeAccuracy, Map<String, Double> reconAttributeAccuracy, Double ratio) {}

  /**
   * Measures the figures.
   *
   * @param train labelled training images (the classifier and the mean image come from them)
   * @param heldOut labelled images never trained on
   */
  public static Figures measure(ComputationGraph net, LabeledImages train, LabeledImages heldOut,
      AttributeValues attributes, long seed) {
    return measure(reconstruct(net, heldOut.images()), train, heldOut, attributes, seed);
  }

  /**
   * Measures the figures for given reconstructions of the held-out images.
   *
   * @param reconstructed the reconstructions of {@code heldOut}'s images, same shape, values in [0, 1]
   */
  public static Figures measure(INDArray reconstructed, LabeledImages train, LabeledImages heldOut,
      AttributeValues attributes, long seed) {
    INDArray originals = heldOut.images();
    long n = originals.size(0);
    INDArray flat = originals.reshape('c', n, originals.length() / n);
    INDArray meanImage = train.images().mean(0).reshape(1, flat.size(1));
    double baseline = VaeTerms.binaryCrossEntropy(flat, meanImage.repeat(0, n)).meanNumber().doubleValue();
    double model = VaeTerms.binaryCrossEntropy(flat, reconstructed.reshape('c', n, flat.size(1)))
        .meanNumber().doubleValue();
    if (attributes.attributes().isEmpty()) {
      return new Figures((int) n, baseline, model, null, null, null);
    }
    List<Integer> valueCounts = attributes.values().stream().map(List::size).toList();
    AttributeClassifier classifier = AttributeClassifier.train(train.images(), train.codes(), valueCounts,
        CLASSIFIER_EPOCHS, seed);
    int[][] onOriginals = classifier.predict(originals);
    int[][] onReconstructions = classifier.predict(reconstructed);
    Map<String, Double> original = new LinkedHashMap<>();
    Map<String, Double> fromReconstruction = new LinkedHashMap<>();
    double ratio = Double.POSITIVE_INFINITY;
    for (int a = 0; a < attributes.attributes().size(); a++) {
      double accOriginal = AttributeClassifier.accuracy(onOriginals, heldOut.codes(), a);
      double accReconstruction = AttributeClassifier.accuracy(onReconstructions, heldOut.codes(), a);
      original.put(attributes.attributes().get(a), round(accOriginal));
      fromReconstruction.put(attributes.attributes().get(a), round(accReconstruction));
      if (accOriginal > 0) {
        ratio = Math.min(ratio, accReconstruction / accOriginal);
      }
    }
    return new Figures((int) n, baseline, model, original, fromReconstruction,
        Double.isInfinite(ratio) ? null : round(ratio));
  }

  /** Reconstructions with z = mu: [n, c, h, w] in [0, 1]. */
  static INDArray reconstruct(ComputationGraph net, INDArray images) {
    long n = images.size(0);
    INDArray out = images.ulike();
    for (long from = 0; from < n; from += BATCH) {
      long to = Math.min(n, from + BATCH);
      INDArray part = images.get(NDArrayIndex.interval(from, to));
      INDArray pixels = net.feedForward(new INDArray[] {part}, false).get(VaeNetwork.RECON);
      out.get(NDArrayIndex.interval(from, to)).assign(pixels.reshape('c', part.shape()));
    }
    return out;
  }

  private static double round(double value) {
    return Math.round(value * 10000) / 10000.0;
  }
}
