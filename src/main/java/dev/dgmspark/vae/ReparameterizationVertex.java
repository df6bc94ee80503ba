package dev.dgmspark.vae;

import dev.dgmspark.nn.ParameterFreeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of the VAE's sampling step z = mu + exp(logvar / 2) · eps, eps ~ N(0, I): inputs mu and logvar.
 *
 * <p>In inference (not training) z = mu.
 */
public final class ReparameterizationVertex extends ParameterFreeVertex {
  private static final long serialVersionUID = 1L;

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int index,
      INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
    return new ReparameterizationVertexImpl(graph, name, index, networkDatatype);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
    if (vertexInputs.length != 2 || vertexInputs[0].arrayElementsPerExample()
        != vertexInputs[1].arrayElementsPerExample()) {
      throw new InvalidInputTypeException("reparameterisation needs mu and logvar of the same size");
    }
    return vertexInputs[0];
  }
}
