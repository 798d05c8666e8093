package dev.ragserver.config;

/** The text analysis of a collection's BM25 field. */
public enum AnalyzerLanguage {
  /** Porter stemming and English stopwords, as Anserini indexes English. */
  ENGLISH,
  /** CJK bigrams (a whitespace analyzer finds nothing in Chinese), other scripts as standard. */
  CHINESE,
  /** Unicode word boundaries and lower-casing, no stemming. */
  STANDARD
}
