package dev.dgmspark.quality;

import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.nn.ExternalErrors;
import dev.dgmspark.nn.OneDnnConvolution;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small CNN that predicts every attribute of an image at once (one softmax head per attribute), trained on real
 * images; its judgement of generated images gives the attribute shares, and its last hidden layer is the fixed
 * feature space of the Fréchet distance.
 */
public final class AttributeClassifier {
  /** Size of the feature layer. */
  public static final int FEATURES = 64;
  private static final String INPUT = "x";
  private static final String FEATURE_LAYER = "features";
  private static final int BATCH = 64;

  private final ComputationGraph net;
  private final int attributes;

  private AttributeClassifier(ComputationGraph net, int attributes) {
    this.net = net;
    this.attributes = attributes;
  }

  /**
   * The untrained network {@link #train} fits: three stride-2 convolutions, the feature layer and one softmax head per
   * entry of {@code valueCounts}, for {@code size}-pixel images of {@code channels} channels, weights from
   * {@code seed}.
   */
  public static ComputationGraph network(int size, int channels, List<Integer> valueCounts, long seed) {
    return network(size, channels, valueCounts, seed, DataType.FLOAT);
  }

  /** {@link #network(int, int, List, long)} in {@code type} (double precision for gradient checks). */
  public static ComputationGraph network(int size, int channels, List<Integer> valueCounts, long seed,
      DataType type) {
    ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(type)
        .updater(new Adam(1e-3))
        .weightInit(WeightInit.RELU)
        .convolutionMode(ConvolutionMode.Same)
        .graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional(size, size, channels));
    String previous = INPUT;
    int[] filters = {16, 32, 64};
    for (int i = 0; i < filters.length; i++) {
      graph.addLayer("conv" + i, new OneDnnConvolution(new ConvolutionLayer.Builder(3, 3).stride(2, 2)
          .nOut(filters[i]).activation(Activation.LEAKYRELU)), previous);
      previous = "conv" + i;
    }
    graph.addLayer(FEATURE_LAYER, new DenseLayer.Builder().nOut(FEATURES).activation(Activation.RELU).build(),
        previous);
    String[] outputs = new String[valueCounts.size()];
    for (int a = 0; a < outputs.length; a++) {
      outputs[a] = "attribute" + a;
      graph.addLayer(outputs[a], new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
          .nOut(valueCounts.get(a)).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(),
          FEATURE_LAYER);
    }
    graph.setOutputs(outputs);
    ComputationGraph net = new ComputationGraph(graph.build());
    net.init();
    return net;
  }

  /** A classifier made of a network {@link #network} built (e.g. with weights read from elsewhere). */
  public static AttributeClassifier of(ComputationGraph net) {
    return new AttributeClassifier(net, net.getNumOutputArrays());
  }

  /** The network itself (live: its parameters are the classifier's). */
  public ComputationGraph graph() {
    return net;
  }

  /**
   * The cross-entropy of chosen heads against given values, summed over the images, and its gradient with respect to
   * the images.
   *
   * @param meanLoss the loss per image
   * @param gradient d loss / d images, the images' shape
   */
  public record InputGradient(double meanLoss, INDArray gradient) {}

  /**
   * The gradient of Σ_i Σ_{h : heads[h]} −log p_h(targets[i][h] | x_i) with respect to {@code images} x ([n, c, h, w]
   * in [0, 1]); the network's weights are not touched. A target outside head h's values contributes nothing.
   */
  public InputGradient crossEntropyGradient(INDArray images, int[][] targets, boolean[] heads) {
    int n = (int) images.size(0);
    // Back-propagating errors from outside DL4J's fit needs the layer activations kept outside workspaces.
    net.getConfiguration().setTrainingWorkspaceMode(WorkspaceMode.NONE);
    net.getConfiguration().setInferenceWorkspaceMode(WorkspaceMode.NONE);
    Map<String, INDArray> activations = net.feedForward(new INDArray[] {images}, true, false);
    List<String> outputs = net.getConfiguration().getNetworkOutputs();
    INDArray[] labels = new INDArray[attributes];
    double loss = 0;
    for (int h = 0; h < attributes; h++) {
      INDArray p = activations.get(outputs.get(h));
      // A head left out gets its own prediction as its label: softmax cross-entropy's error p − y is then zero.
      labels[h] = p.dup();
      if (!heads[h]) {
        continue;
      }
      int values = (int) p.size(1);
      for (int i = 0; i < n; i++) {
        int target = targets[i][h];
        if (target >= 0 && target < values) {
          labels[h].getRow(i).assign(0).putScalar(target, 1);
          loss -= Math.log(Math.max(p.getDouble(i, target), 1e-12));
        }
      }
    }
    INDArray gradient = ExternalErrors.backpropLabels(net, INPUT, labels);
    return new InputGradient(loss / n, gradient);
  }

  /**
   * Trains a classifier on {@code images} ([n, c, h, w] in [0, 1]) with {@code codes[i][a]} the value index of
   * attribute {@code a} ({@link BatchLabels#MISSING} contributes no loss).
   */
  public static AttributeClassifier train(INDArray images, int[][] codes, List<Integer> valueCounts, int epochs,
      long seed) {
    return train(images, codes, valueCounts, epochs, seed, 0);
  }

  /**
   * {@link #train(INDArray, int[][], List, int, long)} with independent N(0, {@code noise}²) noise added to every
   * pixel of every minibatch, drawn afresh each time from {@code seed}: a classifier that must read attributes
   * through noise ignores faint pixel patterns, so a generator trained against it cannot satisfy it with them.
   */
  public static AttributeClassifier train(INDArray images, int[][] codes, List<Integer> valueCounts, int epochs,
      long seed, double noise) {
    if (!(noise >= 0)) {
      throw new IllegalArgumentException("noise must be >= 0, not " + noise);
    }
    SplittableRandom noiseRandom = new SplittableRandom(seed);
    ComputationGraph net = network((int) images.size(2), (int) images.size(1), valueCounts, seed);
    String[] outputs = net.getConfiguration().getNetworkOutputs().toArray(new String[0]);
    int n = codes.length;
    INDArray[] labels = new INDArray[outputs.length];
    for (int a = 0; a < outputs.length; a++) {
      float[][] oneHot = new float[n][valueCounts.get(a)];
      for (int i = 0; i < n; i++) {
        if (codes[i][a] < valueCounts.get(a)) {
          oneHot[i][codes[i][a]] = 1f;
        }
      }
      labels[a] = Nd4j.create(oneHot);
    }
    Random random = new Random(seed);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    for (int epoch = 0; epoch < epochs; epoch++) {
      java.util.Collections.shuffle(order, random);
      for (int from = 0; from < n; from += BATCH) {
        SpecifiedIndex pick = new SpecifiedIndex(order.subList(from, Math.min(n, from + BATCH)).stream()
            .mapToLong(Integer::longValue).toArray());
        INDArray[] y = new INDArray[labels.length];
        for (int a = 0; a < y.length; a++) {
          y[a] = labels[a].get(pick, NDArrayIndex.all());
        }
        INDArray x = images.get(pick, NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        if (noise > 0) {
          x = x.add(gaussian(x.shape(), noise, noiseRandom).castTo(x.dataType()));
        }
        net.fit(new MultiDataSet(new INDArray[] {x}, y));
      }
    }
    return new AttributeClassifier(net, outputs.length);
  }

  /** An array of {@code shape} holding N(0, sigma²) values from {@code random}. */
  private static INDArray gaussian(long[] shape, double sigma, SplittableRandom random) {
    long length = 1;
    for (long side : shape) {
      length *= side;
    }
    float[] values = new float[Math.toIntExact(length)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (sigma * random.nextGaussian());
    }
    return Nd4j.create(values, shape, 'c');
  }

  /** The number of softmax heads (one per attribute the classifier predicts). */
  public int heads() {
    return attributes;
  }

  /** Writes the network (a DL4J model zip, without updater state: it is not trained further). */
  public void write(OutputStream out) throws IOException {
    ModelSerializer.writeModel(net, out, false);
  }

  /** Reads a classifier written by {@link #write}. */
  public static AttributeClassifier read(InputStream in) throws IOException {
    ComputationGraph net = ModelSerializer.restoreComputationGraph(in, false);
    return new AttributeClassifier(net, net.getNumOutputArrays());
  }

  /** The most probable value index of every attribute, per image. */
  public int[][] predict(INDArray images) {
    int n = (int) images.size(0);
    int[][] predicted = new int[n][attributes];
    for (int from = 0; from < n; from += 256) {
      INDArray part = images.get(NDArrayIndex.interval(from, Math.min(n, from + 256)));
      INDArray[] out = net.output(false, part);
      for (int a = 0; a < attributes; a++) {
        long[] argmax = Nd4j.argMax(out[a], 1).toLongVector();
        for (int i = 0; i < argmax.length; i++) {
          predicted[from + i][a] = (int) argmax[i];
        }
      }
    }
    return predicted;
  }

  /** The feature layer's activations, per image. */
  public double[][] features(INDArray images) {
    int n = (int) images.size(0);
    double[][] features = new double[n][];
    for (int from = 0; from < n; from += 256) {
      INDArray part = images.get(NDArrayIndex.interval(from, Math.min(n, from + 256)));
      Map<String, INDArray> activations = net.feedForward(part, false);
      double[][] rows = activations.get(FEATURE_LAYER).castTo(DataType.DOUBLE).toDoubleMatrix();
      System.arraycopy(rows, 0, features, from, rows.length);
    }
    return features;
  }

  /**
   * Share of images with a known value of attribute {@code a} whose predicted value equals it (NaN when none is
   * known).
   */
  public static double accuracy(int[][] predicted, int[][] known, int a) {
    int total = 0;
    int right = 0;
    for (int i = 0; i < known.length; i++) {
      if (known[i][a] != BatchLabels.MISSING) {
        total++;
        right += predicted[i][a] == known[i][a] ? 1 : 0;
      }
    }
    return total == 0 ? Double.NaN : right / (double) total;
  }
}
