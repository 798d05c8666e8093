package dev.ragserver.model.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.model.ModelException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A HuggingFace tokenizer with special tokens added and truncation to {@code maxTokens}.
 * Thread-safe.
 */
public final class TextTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final int maxTokens;
  private final Set<Integer> specialIds;
  private final int padId;

  private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxTokens, Set<Integer> specialIds, int padId) {
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    this.specialIds = Set.copyOf(specialIds);
    this.padId = padId;
  }

  /**
   * Loads a {@code tokenizer.json}.
   *
   * @param json the file's bytes
   * @param source where it came from, for messages
   * @param maxTokens most tokens per text, special tokens included
   */
  public static TextTokenizer fromJson(byte[] json, String source, int maxTokens) {
    if (maxTokens < 2) {
      throw new IllegalArgumentException("maxTokens must be at least 2, got: " + maxTokens);
    }
    JsonNode tree;
    try {
      tree = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new ModelException(source + " is not a valid tokenizer.json: " + e.getMessage(), e);
    }
    if (tree == null || !tree.has("model")) {
      throw new ModelException(source + " is not a HuggingFace tokenizer.json: it has no \"model\" section");
    }
    Set<Integer> special = new TreeSet<>();
    Integer pad = null;
    for (JsonNode token : tree.path("added_tokens")) {
      if (token.path("special").asBoolean(false)) {
        special.add(token.path("id").asInt());
      }
      String content = token.path("content").asText();
      if (content.equals("[PAD]") || content.equals("<pad>")) {
        pad = token.path("id").asInt();
      }
    }
    if (pad == null && tree.path("padding").has("pad_id")) {
      pad = tree.path("padding").path("pad_id").asInt();
    }
    Map<String, String> options = Map.of(
        "addSpecialTokens", "true",
        "truncation", "true",
        "padding", "false",
        "maxLength", Integer.toString(maxTokens),
        "modelMaxLength", Integer.toString(maxTokens));
    try {
      HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
      return new TextTokenizer(hf, maxTokens, special, pad == null ? 0 : pad);
    } catch (IOException | RuntimeException e) {
      throw new ModelException("cannot load tokenizer " + source + ": " + e.getMessage(), e);
    }
  }

  /** Tokenizes texts (in parallel inside the native library). Texts must not be blank. */
  public List<TokenizedText> tokenize(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    List<TokenizedText> out = new ArrayList<>(encodings.length);
    for (Encoding e : encodings) {
      long[] ids = e.getIds();
      out.add(new TokenizedText(ids, e.exceedMaxLength()));
    }
    return out;
  }

  /** Most tokens per text, special tokens included. */
  public int maxTokens() {
    return maxTokens;
  }

  /** Ids marked special in the tokenizer file (CLS, SEP, PAD, UNK, MASK, ...). */
  public Set<Integer> specialIds() {
    return specialIds;
  }

  /** The id used for padding ([PAD] or &lt;pad&gt;, else the file's padding id, else 0). */
  public int padId() {
    return padId;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
