package dev.ragserver.model.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.TokenCounter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A HuggingFace tokenizer with special tokens added and truncation to {@code maxTokens}; as a
 * {@link TokenCounter} it counts content tokens without either. Thread-safe.
 */
public final class TextTokenizer implements TokenCounter, AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final HuggingFaceTokenizer counter;
  private final int specialTokensPerText;
  private final int maxTokens;
  private final Set<Integer> specialIds;
  private final int padId;

  private TextTokenizer(
      HuggingFaceTokenizer tokenizer,
      HuggingFaceTokenizer counter,
      int maxTokens,
      Set<Integer> specialIds,
      int padId) {
    this.tokenizer = tokenizer;
    this.counter = counter;
    this.specialTokensPerText =
        tokenizer.encode("a").getIds().length - counter.encode("a").getIds().length;
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
      throw new ModelException(
          source + " is not a HuggingFace tokenizer.json: it has no \"model\" section");
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
    Map<String, String> options =
        Map.of(
            "addSpecialTokens", "true",
            "truncation", "true",
            "padding", "false",
            "maxLength", Integer.toString(maxTokens),
            "modelMaxLength", Integer.toString(maxTokens));
    Map<String, String> counting =
        Map.of(
            "addSpecialTokens", "false",
            "truncation", "false",
            "padding", "false",
            "modelMaxLength", Integer.toString(Integer.MAX_VALUE / 2));
    HuggingFaceTokenizer hf = null;
    try {
      hf = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
      HuggingFaceTokenizer count =
          HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), counting);
      return new TextTokenizer(hf, count, maxTokens, special, pad == null ? 0 : pad);
    } catch (IOException | RuntimeException e) {
      if (hf != null) {
        hf.close();
      }
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
  public int count(String text) {
    return text.isEmpty() ? 0 : counter.encode(text).getIds().length;
  }

  @Override
  public int[] tokenEnds(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    CharSpan[] spans = counter.encode(text).getCharTokenSpans();
    int[] ends = new int[spans.length];
    int last = 0;
    for (int i = 0; i < spans.length; i++) {
      int end = spans[i] == null ? last : Math.min(text.length(), spans[i].getEnd());
      last = Math.max(last, end);
      ends[i] = last;
    }
    return ends;
  }

  @Override
  public int maxContentTokens() {
    return maxTokens - specialTokensPerText;
  }

  @Override
  public void close() {
    tokenizer.close();
    counter.close();
  }
}
