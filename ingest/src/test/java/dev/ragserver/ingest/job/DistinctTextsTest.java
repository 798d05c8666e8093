package dev.ragserver.ingest.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Identical chunk texts of a job go to the model once; each chunk still gets its vector. */
class DistinctTextsTest {
  private final List<List<String>> calls = new ArrayList<>();

  private EmbeddingBatch model(List<String> texts) {
    calls.add(List.copyOf(texts));
    List<Embedding> out = new ArrayList<>();
    for (String t : texts) {
      out.add(new Embedding(new float[] {t.length(), t.charAt(0)}, null, null, t.length(), false));
    }
    return new EmbeddingBatch(out, 0, texts.size());
  }

  @Test
  void aTextRepeatedInACallOrLaterInTheJobIsEmbeddedOnce() {
    DistinctTexts distinct = new DistinctTexts(1_000);
    EmbeddingBatch first = distinct.embed(List.of("footer", "alpha", "footer"), this::model);
    assertEquals(List.of(List.of("footer", "alpha")), calls);
    assertEquals(3, first.embeddings().size());
    assertEquals(6f, first.get(2).dense()[0]);
    assertEquals(5f, first.get(1).dense()[0]);
    EmbeddingBatch second = distinct.embed(List.of("beta", "footer"), this::model);
    assertEquals(List.of("beta"), calls.get(1), "the footer seen before is not embedded again");
    assertEquals(6f, second.get(1).dense()[0]);
    assertEquals(10, second.tokens());
    assertEquals(2, distinct.reused());
  }

  @Test
  void rememberedEmbeddingsStayWithinTheirBoundAndACancelledCallGivesNothing() {
    DistinctTexts distinct = new DistinctTexts(4); // two embeddings of 2 floats
    distinct.embed(List.of("a", "b", "c"), this::model);
    distinct.embed(List.of("a"), this::model);
    assertEquals(List.of("a"), calls.get(1), "a was dropped to stay within the bound");
    assertNull(distinct.embed(List.of("new"), texts -> null));
  }
}
