package dev.dgmspark.diffusion;

import dev.dgmspark.nn.ParameterFreeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a vertex that adds a per-example vector to every position of a feature map: inputs a map
 * [n, C, h, w] and a vector [n, C], output map[:, c, y, x] + vector[:, c]. How the U-Net puts the time embedding
 * into every block; DL4J has no broadcasting add between a convolutional and a dense activation.
 */
public final class ChannelBiasVertex extends ParameterFreeVertex {
  private static final long serialVersionUID = 1L;

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
}
