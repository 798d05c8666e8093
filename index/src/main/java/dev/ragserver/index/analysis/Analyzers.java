package dev.ragserver.index.analysis;

import dev.ragserver.config.AnalyzerLanguage;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity;

/** The analyzer and similarity of a collection's BM25 field. */
public final class Analyzers {
  private Analyzers() {}

  /**
   * English: Lucene's {@code EnglishAnalyzer} (possessives, stopwords, Porter stemming), as
   * Anserini indexes English; Chinese: {@code CJKAnalyzer} bigrams; standard: Unicode words,
   * lower-cased.
   */
  public static Analyzer forLanguage(AnalyzerLanguage language) {
    return switch (language) {
      case ENGLISH -> new EnglishAnalyzer();
      case CHINESE -> new CJKAnalyzer();
      case STANDARD -> new StandardAnalyzer();
    };
  }

  /** BM25 with Anserini's parameters for passage retrieval: k1 0.9, b 0.4. */
  public static Similarity similarity() {
    return new BM25Similarity(0.9f, 0.4f);
  }
}
