package dev.dgmspark.vae;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of the VAE's sampling step z = mu + exp(logvar / 2) · eps, eps ~ N(0, I): inputs mu and logvar.
 *
 * <p>A plain Java vertex rather than a SameDiff lambda vertex: in DL4J 1.0.0-M2.1 the SameDiff vertex turns training
 * to NaN once it has seen a different minibatch size (STACK.md). In inference (not training) z = mu.
 */
public final class ReparameterizationVertex extends GraphVertex {
  private static final long serialVersionUID = 1L;

  @Override
  public ReparameterizationVertex clone() {
    return new ReparameterizationVertex();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReparameterizationVertex;
  }

  @Override
  public int hashCode() {
    return ReparameterizationVertex.class.getName().hashCode();
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

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    InputType output = getOutputType(-1, inputTypes);
    return new LayerMemoryReport.Builder(null, ReparameterizationVertex.class, inputTypes[0], output)
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
  }
}
