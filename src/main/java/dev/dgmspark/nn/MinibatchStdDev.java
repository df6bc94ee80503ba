package dev.dgmspark.nn;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A discriminator layer that appends one channel holding the standard deviation of its input across a small group
 * of consecutive images (Karras et al. 2018, "Progressive growing of GANs"): a generator whose images are all alike
 * gives a low value, which the discriminator can tell from the real images' spread.
 *
 * <p>The groups are consecutive images, {@link #getGroupSize()} at a time ({@link #groupBounds} for a minibatch that
 * does not divide by it), so that a minibatch of n real images followed by n generated ones, n a multiple of the
 * group size, never mixes the two in one group. Per group: the standard deviation of every feature across the group's
 * images, averaged over the features, broadcast as one constant plane to each of the group's images. The layer has
 * no parameters; its gradient is exact (tested against finite differences).
 */
public class MinibatchStdDev extends NoParamLayer {
  private static final long serialVersionUID = 1L;
  private static final double EPSILON = 1e-8;
  private int groupSize = 4;

  /** For JSON deserialisation of saved networks. */
  public MinibatchStdDev() {}

  /** The layer with groups of {@code groupSize} consecutive images. */
  public MinibatchStdDev(int groupSize) {
    if (groupSize < 2) {
      throw new IllegalArgumentException("group size must be at least 2, got " + groupSize);
    }
    this.groupSize = groupSize;
  }

  /** Images per group. */
  public int getGroupSize() {
    return groupSize;
  }

  /** Sets the images per group (JSON deserialisation). */
  public void setGroupSize(int groupSize) {
    this.groupSize = groupSize;
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray paramsView, boolean initializeParams, DataType networkDataType) {
    Running layer = new Running(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(Map.of());
    layer.setConf(conf);
    return layer;
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) inputType;
    return InputType.convolutional(in.getHeight(), in.getWidth(), in.getChannels() + 1);
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    return new LayerMemoryReport.Builder(layerName, MinibatchStdDev.class, inputType, getOutputType(-1, inputType))
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
  }

  /**
   * Where each group starts, for {@code n} images in groups of {@code size}, and {@code n} at the end: consecutive
   * groups of {@code size}, the last one the remainder, joined to the one before when it would be a single image
   * (one image has no spread).
   */
  static int[] groupBounds(int n, int size) {
    int full = n / size;
    int rest = n % size;
    int groups = full + (rest > 1 || full == 0 ? 1 : 0);
    int[] bounds = new int[groups + 1];
    for (int k = 0; k < groups; k++) {
      bounds[k] = k * size;
    }
    bounds[groups] = n;
    return bounds;
  }

  /**
   * The forward pass: {@code x} [n, c, h, w] to [n, c + 1, h, w]. Plain loops: the layer sits on the discriminator's
   * last, 4x4 feature maps, a few thousand values an image.
   */
  static INDArray forward(INDArray x, int size) {
    int n = (int) x.size(0);
    int c = (int) x.size(1);
    int hw = (int) (x.size(2) * x.size(3));
    int features = c * hw;
    double[] in = x.dup('c').data().asDouble();
    double[] out = new double[n * (features + hw)];
    int[] bounds = groupBounds(n, size);
    for (int k = 0; k + 1 < bounds.length; k++) {
      double s = groupSpread(in, bounds[k], bounds[k + 1], features, null, null);
      for (int i = bounds[k]; i < bounds[k + 1]; i++) {
        System.arraycopy(in, i * features, out, i * (features + hw), features);
        Arrays.fill(out, i * (features + hw) + features, (i + 1) * (features + hw), s);
      }
    }
    return Nd4j.create(out, new long[] {n, c + 1, x.size(2), x.size(3)}, 'c').castTo(x.dataType());
  }

  /** The backward pass: the gradient at {@code x} from the gradient {@code epsilon} at the output. */
  static INDArray backward(INDArray x, INDArray epsilon, int size) {
    int n = (int) x.size(0);
    int hw = (int) (x.size(2) * x.size(3));
    int features = (int) x.size(1) * hw;
    double[] in = x.dup('c').data().asDouble();
    double[] eps = epsilon.dup('c').data().asDouble();
    double[] grad = new double[n * features];
    double[] mean = new double[features];
    double[] sigma = new double[features];
    int[] bounds = groupBounds(n, size);
    for (int k = 0; k + 1 < bounds.length; k++) {
      int from = bounds[k];
      int to = bounds[k + 1];
      groupSpread(in, from, to, features, mean, sigma);
      // The spread's plane is one value per group: its gradient is the sum over the group's planes.
      double upstream = 0;
      for (int i = from; i < to; i++) {
        int base = i * (features + hw);
        System.arraycopy(eps, base, grad, i * features, features);
        for (int p = 0; p < hw; p++) {
          upstream += eps[base + features + p];
        }
      }
      // d mean_f(sigma_f) / d x_if = (x_if - mean_f) / (g * sigma_f * features)
      double scale = upstream / features / (to - from);
      for (int i = from; i < to; i++) {
        for (int f = 0; f < features; f++) {
          grad[i * features + f] += scale * (in[i * features + f] - mean[f]) / sigma[f];
        }
      }
    }
    return Nd4j.create(grad, x.shape(), 'c').castTo(x.dataType());
  }

  /**
   * Mean over the features of the standard deviation across images {@code from} to {@code to} (exclusive); fills
   * the per-feature mean and standard deviation when given.
   */
  private static double groupSpread(double[] in, int from, int to, int features, double[] mean, double[] sigma) {
    int g = to - from;
    double total = 0;
    for (int f = 0; f < features; f++) {
      double m = 0;
      for (int i = from; i < to; i++) {
        m += in[i * features + f];
      }
      m /= g;
      double v = 0;
      for (int i = from; i < to; i++) {
        double d = in[i * features + f] - m;
        v += d * d;
      }
      double s = Math.sqrt(v / g + EPSILON);
      if (mean != null) {
        mean[f] = m;
        sigma[f] = s;
      }
      total += s;
    }
    return total / features;
  }

  /** The running layer. */
  static final class Running extends AbstractLayer<MinibatchStdDev> {
    private static final long serialVersionUID = 1L;

    Running(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
      return false;
    }

    @Override
    public void clearNoiseWeightParams() {}

    @Override
    public Type type() {
      return Type.CONVOLUTIONAL;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
      assertInputSet(false);
      return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, forward(input, layerConf().getGroupSize()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
      assertInputSet(true);
      INDArray grad = backward(input, epsilon, layerConf().getGroupSize());
      return new Pair<>(new DefaultGradient(), workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, grad));
    }
  }
}
