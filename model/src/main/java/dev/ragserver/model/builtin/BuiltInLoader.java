package dev.ragserver.model.builtin;

import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.encoder.HiddenStateDecoder;
import dev.ragserver.model.encoder.OnnxTextEmbedder;
import dev.ragserver.model.onnx.LoadedSession;
import dev.ragserver.model.onnx.OnnxSessions;

/** Opens a {@link BuiltInModel} from the classpath. */
public final class BuiltInLoader {
  private BuiltInLoader() {}

  /** Opens the built-in model named by {@code config.name()}. */
  public static OnnxTextEmbedder open(ModelConfig config) {
    BuiltInModel model =
        BuiltInModel.byId(config.name())
            .orElseThrow(
                () ->
                    new ModelException("model.name " + config.name() + " is not a built-in model"));
    int maxTokens = config.maxTokens() == 0 ? BuiltInModel.MAX_TOKENS : config.maxTokens();
    if (maxTokens > BuiltInModel.MAX_TOKENS) {
      throw new ModelException(
          "model.max_tokens must be at most "
              + BuiltInModel.MAX_TOKENS
              + " for "
              + model.id()
              + " (its position table), got: "
              + maxTokens);
    }
    byte[] tokenizerJson = model.tokenizerJson();
    byte[] onnx = model.onnx();
    String instruction =
        ModelConfig.AUTO.equals(config.queryInstruction())
            ? model.queryInstruction()
            : config.queryInstruction();
    String hidden = config.outputNames().hiddenState();
    LoadedSession session = OnnxSessions.open(onnx, "built-in model " + model.id(), config);
    return OnnxTextEmbedder.open(
        model.id(),
        instruction,
        session,
        tokenizerJson,
        model.tokenizerResource(),
        maxTokens,
        config,
        (sig, special) -> {
          sig.requireOutput(hidden, "FLOAT", "model.output_names.hidden_state", 3);
          return new HiddenStateDecoder(
              hidden, config.pooling(), config.normalize(), null, null, special);
        });
  }
}
