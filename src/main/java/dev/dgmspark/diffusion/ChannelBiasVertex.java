package dev.dgmspark.diffusion;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a vertex that adds a per-example vector to every position of a feature map: inputs a map
 * [n, C, h, w] and a vector [n, C], output map[:, c, y, x] + vector[:, c]. How the U-Net puts the time embedding
 * into every block; DL4J has no broadcasting add between a convolutional and a dense activation.
 *
 * <p>A plain Java vertex, as the VAE's sampling vertex is, rather than a SameDiff lambda vertex (STACK.md: those
 * turn training to NaN after a change of minibatch size in DL4J 1.0.0-M2.1).
 */
public final class ChannelBiasVertex extends GraphVertex {
  private static final long serialVersionUID = 1L;

  @Override
  public ChannelBiasVertex clone() {
    return new ChannelBiasVertex();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChannelBiasVertex;
  }

  @Override
  public int hashCode() {
    return ChannelBiasVertex.class.getName().hashCode();
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
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int index,
      INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
    return new ChannelBiasVertexImpl(graph, name, index, networkDatatype);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
    if (vertexInputs.length != 2 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional map)
        || vertexInputs[1].getType() != InputType.Type.FF
        || ((InputType.InputTypeFeedForward) vertexInputs[1]).getSize() != map.getChannels()) {
      throw new InvalidInputTypeException("a channel bias needs a feature map and a vector of one value per channel, "
          + "not " + java.util.Arrays.toString(vertexInputs));
    }
    return vertexInputs[0];
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    InputType output = getOutputType(-1, inputTypes);
    return new LayerMemoryReport.Builder(null, ChannelBiasVertex.class, inputTypes[0], output)
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
  }
}
