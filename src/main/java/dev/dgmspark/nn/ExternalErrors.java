package dev.dgmspark.nn;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training a DL4J graph on errors computed outside it (a loss made of other networks' outputs, as in GANs and
 * CycleGAN): back-propagation of given output errors with the gradient at the input as well, and one updater step
 * with a given gradient.
 *
 * <p>DL4J 1.0.0-M2.1 computes a graph's input gradient during back-propagation but its public
 * {@code backpropGradient} clears it before returning, and {@code ComputationGraph} has no {@code calculateGradients}
 * that returns it (the layer stack does). The protected {@code calcBackpropGradients} keeps the vertices' errors when
 * asked to; it is called reflectively here, then the vertices are cleared as the public method would.
 */
public final class ExternalErrors {
  private static final Method BACKPROP;

  static {
    try {
      BACKPROP = ComputationGraph.class.getDeclaredMethod("calcBackpropGradients", boolean.class, boolean.class,
          INDArray[].class);
      BACKPROP.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ExternalErrors() {}

  /**
   * A gradient with respect to a graph's parameters (in the graph's flat gradient view, overwritten by its next
   * back-propagation) and with respect to its input (a new array).
   */
  public record Gradients(Gradient parameters, INDArray input) {}

  /**
   * Back-propagates {@code errors} (the loss's gradient with respect to the graph's only output) through
   * {@code graph}, whose last forward pass must have been a training one with workspaces off
   * ({@code feedForward(input, true, false)}), and returns the gradients of its parameters and of its input
   * {@code inputName}.
   */
  public static Gradients backprop(ComputationGraph graph, String inputName, INDArray errors) {
    try {
      BACKPROP.invoke(graph, false, false, new INDArray[] {errors});
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
    INDArray input = graph.getVertex(inputName).getEpsilon();
    if (input == null) {
      throw new IllegalStateException("back-propagation left no gradient at input " + inputName);
    }
    Gradients result = new Gradients(graph.gradient(), input.dup());
    for (GraphVertex vertex : graph.getVertices()) {
      vertex.clear();
    }
    return result;
  }

  /**
   * The gradient of {@code graph}'s own loss against {@code labels} (one array per output, in output order) with
   * respect to its input {@code inputName}, at the input of its last forward pass, which must have been a training
   * one with workspaces off ({@code feedForward(input, true, false)}); the parameters are not updated (their
   * gradient view is overwritten).
   */
  public static INDArray backpropLabels(ComputationGraph graph, String inputName, INDArray[] labels) {
    graph.setLabels(labels);
    try {
      // No external errors: the output layers' own loss against the labels. An empty array, not null: with null,
      // DL4J expects its training workspace open whatever the workspace mode.
      BACKPROP.invoke(graph, false, false, new INDArray[0]);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      graph.setLabels((INDArray[]) null);
    }
    INDArray input = graph.getVertex(inputName).getEpsilon();
    if (input == null) {
      throw new IllegalStateException("back-propagation left no gradient at input " + inputName);
    }
    INDArray result = input.dup();
    for (GraphVertex vertex : graph.getVertices()) {
      vertex.clear();
    }
    return result;
  }

  /**
   * Applies {@code gradient}, summed over a minibatch of {@code examples}, to {@code graph} through its updater (which
   * divides by the minibatch size and turns the gradient into its step, in place), and counts the iteration.
   */
  public static void apply(ComputationGraph graph, Gradient gradient, int examples) {
    int iteration = graph.getConfiguration().getIterationCount();
    graph.getUpdater(true).update(gradient, iteration, graph.getConfiguration().getEpochCount(), examples,
        LayerWorkspaceMgr.noWorkspaces());
    graph.params().subi(gradient.gradient());
    graph.getConfiguration().setIterationCount(iteration + 1);
  }
}
