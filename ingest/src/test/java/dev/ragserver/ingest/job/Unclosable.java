package dev.ragserver.ingest.job;

import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.TokenCounter;
import java.util.List;
import java.util.Set;

/** Shares one loaded model between tests: closing the fixture leaves the model open. */
record Unclosable(TextEmbedder delegate) implements TextEmbedder {
  @Override
  public ModelInfo info() {
    return delegate.info();
  }

  @Override
  public TokenCounter tokenCounter() {
    return delegate.tokenCounter();
  }

  @Override
  public EmbeddingBatch embedDocuments(List<String> texts, Set<EmbeddingPart> parts) {
    return delegate.embedDocuments(texts, parts);
  }

  @Override
  public EmbeddingBatch embedQueries(List<String> texts, Set<EmbeddingPart> parts) {
    return delegate.embedQueries(texts, parts);
  }

  @Override
  public void close() {
    // the test class closes the shared model
  }
}
