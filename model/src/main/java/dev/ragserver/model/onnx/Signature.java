package dev.ragserver.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ragserver.model.ModelException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The inputs and outputs a loaded model declares, with checks whose errors list them all. */
public final class Signature {
  private final String source;
  private final Map<String, TensorSpec> inputs;
  private final Map<String, TensorSpec> outputs;

  Signature(String source, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
    this.source = source;
    this.inputs = Map.copyOf(inputs);
    this.outputs = Map.copyOf(outputs);
  }

  static Signature of(String source, OrtSession session) throws OrtException {
    return new Signature(source, specs(session.getInputInfo()), specs(session.getOutputInfo()));
  }

  private static Map<String, TensorSpec> specs(Map<String, NodeInfo> nodes) {
    Map<String, TensorSpec> specs = new LinkedHashMap<>();
    for (NodeInfo node : nodes.values()) {
      if (node.getInfo() instanceof TensorInfo t) {
        specs.put(node.getName(), new TensorSpec(node.getName(), t.type.name(), t.getShape()));
      } else {
        specs.put(
            node.getName(),
            new TensorSpec(node.getName(), node.getInfo().getClass().getSimpleName(), new long[0]));
      }
    }
    return specs;
  }

  /** Declared inputs by name. */
  public Map<String, TensorSpec> inputs() {
    return inputs;
  }

  /** Declared outputs by name. */
  public Map<String, TensorSpec> outputs() {
    return outputs;
  }

  /** A readable list of inputs and outputs, for error messages. */
  public String describe() {
    return "inputs " + sorted(inputs.values()) + " and outputs " + sorted(outputs.values());
  }

  private static List<String> sorted(Collection<TensorSpec> specs) {
    return specs.stream().map(TensorSpec::toString).sorted().toList();
  }

  /** Fails unless the model has this input with this element type and rank. */
  public TensorSpec requireInput(String name, String type, int rank, String configKey) {
    return require(inputs, "input", name, type, configKey, rank);
  }

  /** Fails unless the model has this output with this element type and one of the ranks. */
  public TensorSpec requireOutput(String name, String type, String configKey, int... ranks) {
    return require(outputs, "output", name, type, configKey, ranks);
  }

  /** The first of the names that the model has as an output. */
  public Optional<String> firstOutput(List<String> names) {
    return names.stream().filter(outputs::containsKey).findFirst();
  }

  /** Fails if the model declares an input that is not in {@code feedable}. */
  public void requireOnlyInputs(Collection<String> feedable) {
    for (String name : inputs.keySet()) {
      if (!feedable.contains(name)) {
        throw new ModelException(
            source
                + " declares input '"
                + name
                + "', which this server cannot feed (it feeds "
                + feedable
                + "; rename inputs with model.input_names.*); the model has "
                + describe());
      }
    }
  }

  private TensorSpec require(
      Map<String, TensorSpec> specs,
      String kind,
      String name,
      String type,
      String configKey,
      int... ranks) {
    TensorSpec spec = specs.get(name);
    if (spec == null) {
      throw new ModelException(
          source
              + " has no "
              + kind
              + " named '"
              + name
              + "' ("
              + configKey
              + "); the model has "
              + describe());
    }
    boolean rankOk = false;
    for (int r : ranks) {
      rankOk |= spec.rank() == r;
    }
    if (!spec.type().equals(type) || !rankOk) {
      throw new ModelException(
          source
              + " "
              + kind
              + " '"
              + name
              + "' must be "
              + type.toLowerCase(Locale.ROOT)
              + " of rank "
              + Arrays.toString(ranks)
              + ", got: "
              + spec
              + "; the model has "
              + describe());
    }
    return spec;
  }
}
