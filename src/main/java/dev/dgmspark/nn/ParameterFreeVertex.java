package dev.dgmspark.nn;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/**
 * Configuration of a plain Java graph vertex with two inputs and no parameters (the VAE's sampling step, the
 * diffusion U-Net's time bias): what DL4J's {@link GraphVertex} asks of every such vertex, so that a subclass states
 * only its output type and its running form. Two instances of a subclass are equal: the vertex has no settings.
 *
 * <p>Plain Java vertices rather than SameDiff lambda vertices: in DL4J 1.0.0-M2.1 those turn training to NaN once
 * they have seen a different minibatch size (STACK.md).
 */
public abstract class ParameterFreeVertex extends GraphVertex {
  private static final long serialVersionUID = 1L;

  @Override
  public GraphVertex clone() {
    try {
      return getClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(getClass() + " needs a public no-argument constructor", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other != null && other.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().getName().hashCode();
  }

  @Override
  public long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public int minVertexInputs() {
    return 2;
  }

  @Override
  public int maxVertexInputs() {
    return 2;
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    InputType output = getOutputType(-1, inputTypes);
    return new LayerMemoryReport.Builder(null, getClass(), inputTypes[0], output)
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
  }
}
