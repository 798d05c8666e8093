package dev.ragserver.model.m3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.model.Embedders;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.TestModels;
import dev.ragserver.model.TextEmbedder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What callers get for empty, blank, long and no texts. */
class InputValidationTest {
  private static TextEmbedder embedder;

  @BeforeAll
  static void open() {
    embedder = Embedders.open(TestModels.m3(TestModels.m3Fixture("encoder-heads"), Map.of()));
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void emptyAndWhitespaceOnlyTextsAreRejectedWithTheirIndex() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> embedder.embedDocuments(List.of("dense retrieval", "  \n\t ")));
    assertEquals(
        "text 1 is empty or whitespace-only; every text to embed needs some content",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> embedder.embedQueries(List.of("")));
    assertThrows(
        IllegalArgumentException.class, () -> embedder.embedDocuments(Arrays.asList("a", null)));
  }

  @Test
  void longTextsAreTruncatedAndCounted() {
    String longText = "search ".repeat(40);
    EmbeddingBatch batch = embedder.embedDocuments(List.of(longText, "dense retrieval", longText));
    assertEquals(2, batch.truncated());
    assertTrue(batch.get(0).truncated());
    assertEquals(16, batch.get(0).tokens());
    assertEquals(4, batch.get(1).tokens());
    assertEquals(16 + 4 + 16, batch.tokens());
  }

  @Test
  void noTextsGiveAnEmptyBatch() {
    assertEquals(0, embedder.embedDocuments(List.of()).size());
  }

  @Test
  void onlyTheRequestedPartsAreReturned() {
    var e =
        embedder.embedDocuments(List.of("dense retrieval"), EnumSet.of(EmbeddingPart.DENSE)).get(0);
    assertEquals(EnumSet.of(EmbeddingPart.DENSE), e.parts());
  }
}
