package dev.ragserver.server.collections;

import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.ModelConfig;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a collection's {@code language} picks when its creation names no model or analyzer: the text
 * model and the BM25 analysis that suit the language together (docs/http-api.md has the table). A
 * model or analyzer named beside it wins.
 */
public enum CollectionLanguage {
  /** English: the built-in English model and Porter-stemmed English analysis. */
  EN("en", ModelConfig.BGE_SMALL_EN, AnalyzerLanguage.ENGLISH),
  /** Chinese: the built-in Chinese model and CJK bigrams. */
  ZH("zh", ModelConfig.BGE_SMALL_ZH, AnalyzerLanguage.CHINESE),
  /**
   * Any language, or several: BGE-M3 (configured under {@code models:}, as its weights are not
   * built in) and Unicode word analysis.
   */
  MULTILINGUAL("multilingual", ModelConfig.BGE_M3, AnalyzerLanguage.STANDARD);

  private final String code;
  private final String model;
  private final AnalyzerLanguage analyzer;

  CollectionLanguage(String code, String model, AnalyzerLanguage analyzer) {
    this.code = code;
    this.model = model;
    this.analyzer = analyzer;
  }

  /** The value of {@code language} that picks this. */
  public String code() {
    return code;
  }

  /** The text model it picks. */
  public String model() {
    return model;
  }

  /** The BM25 analysis it picks. */
  public AnalyzerLanguage analyzer() {
    return analyzer;
  }

  /** The language of a {@code language} value (case does not matter). */
  public static CollectionLanguage of(String code) {
    String wanted = code.toLowerCase(Locale.ROOT);
    for (CollectionLanguage l : values()) {
      if (l.code.equals(wanted)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "language must be one of "
            + Arrays.stream(values())
                .map(CollectionLanguage::code)
                .collect(Collectors.joining(", "))
            + ", got: "
            + code);
  }
}
