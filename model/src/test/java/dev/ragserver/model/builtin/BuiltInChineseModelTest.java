package dev.ragserver.model.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.model.Embedders;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.TestModels;
import dev.ragserver.model.TextEmbedder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bge-small-zh-v1.5, the built-in Chinese model. */
class BuiltInChineseModelTest {
  @Test
  void aChineseParaphraseScoresHigherThanAnUnrelatedSentence() {
    try (TextEmbedder embedder =
        Embedders.open(TestModels.config(Map.of("model.name", "bge-small-zh-v1.5")))) {
      assertEquals(512, embedder.info().denseDimension());
      assertEquals("为这个句子生成表示以用于检索相关文章：", embedder.info().queryInstruction());
      EmbeddingBatch docs =
          embedder.embedDocuments(
              List.of("今天天气很好，我们去公园散步。", "今天天气晴朗，我们一起去公园走走。", "公司第三季度的营业收入增长了百分之十二。"));
      float paraphrase = docs.get(0).denseDot(docs.get(1));
      float unrelated = docs.get(0).denseDot(docs.get(2));
      assertTrue(
          paraphrase > unrelated + 0.1, "paraphrase " + paraphrase + " vs unrelated " + unrelated);

      Embedding query = embedder.embedQuery("天气怎么样");
      assertTrue(query.denseDot(docs.get(1)) > query.denseDot(docs.get(2)));
    }
  }
}
