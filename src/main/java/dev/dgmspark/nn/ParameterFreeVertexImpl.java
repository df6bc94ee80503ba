package dev.dgmspark.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The running form of a {@link ParameterFreeVertex}: no layer, no parameters, the first input's mask passed on; a
 * subclass writes its forward and backward passes.
 */
public abstract class ParameterFreeVertexImpl extends BaseGraphVertex {
  protected ParameterFreeVertexImpl(ComputationGraph graph, String name, int index, DataType dataType) {
    super(graph, name, index, null, null, dataType);
  }

  @Override
  public boolean hasLayer() {
    return false;
  }

  @Override
  public Layer getLayer() {
    return null;
  }

  @Override
  public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
    if (backpropGradientsViewArray != null) {
      throw new IllegalStateException(vertexName + " has no parameters");
    }
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
      int minibatchSize) {
    if (maskArrays == null || maskArrays.length == 0) {
      return null;
    }
    return new Pair<>(maskArrays[0], currentMaskState);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + vertexName + ")";
  }
}
