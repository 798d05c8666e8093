package dev.ragserver.model.m3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.model.Embedders;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.TestModels;
import dev.ragserver.model.TextEmbedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad model directories and models give errors that say what was expected and what is there. */
class M3LoadingTest {
  @TempDir Path tmp;

  private static ModelException failToOpen(Path dir, Map<String, String> extra) {
    return assertThrows(
        ModelException.class, () -> Embedders.open(TestModels.m3(dir, extra)).close());
  }

  private Path copyOf(String fixture, String... leaveOut) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(fixture));
    try (var files = Files.list(TestModels.m3Fixture(fixture))) {
      for (Path f : files.toList()) {
        if (!List.of(leaveOut).contains(f.getFileName().toString())) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    }
    return dir;
  }

  @Test
  void missingDirectoryIsNamed() {
    ModelException e = failToOpen(tmp.resolve("nowhere"), Map.of());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
  }

  @Test
  void missingOnnxFileListsWhatTheDirectoryHolds() throws IOException {
    ModelException e = failToOpen(copyOf("encoder-heads", "model.onnx"), Map.of());
    assertTrue(e.getMessage().contains("has no model.onnx (model.onnx_file)"), e.getMessage());
    assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
  }

  @Test
  void missingTokenizerIsNamed() throws IOException {
    ModelException e = failToOpen(copyOf("outputs-yuniko", "tokenizer.json"), Map.of());
    assertTrue(
        e.getMessage().contains("has no tokenizer.json (model.tokenizer_file)"), e.getMessage());
  }

  @Test
  void corruptTokenizerIsNamed() throws IOException {
    Path dir = copyOf("outputs-yuniko");
    Files.writeString(dir.resolve("tokenizer.json"), "{\"not\": \"a tokenizer\"}");
    ModelException e = failToOpen(dir, Map.of());
    assertTrue(e.getMessage().contains("is not a HuggingFace tokenizer.json"), e.getMessage());
  }

  @Test
  void corruptOnnxFileIsReported() throws IOException {
    Path dir = copyOf("outputs-yuniko");
    Files.writeString(dir.resolve("model.onnx"), "this is not a protobuf");
    ModelException e = failToOpen(dir, Map.of());
    assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load"), e.getMessage());
  }

  @Test
  void unknownOutputNamesListTheFormatsAndWhatTheModelHas() {
    ModelException e = failToOpen(TestModels.m3Fixture("bad-output-names"), Map.of());
    assertTrue(e.getMessage().contains("is not a BGE-M3 export this server reads"), e.getMessage());
    assertTrue(
        e.getMessage().contains("dense_embeddings/sparse_weights/colbert_vectors"), e.getMessage());
    assertTrue(e.getMessage().contains("logits float[?,?,16]"), e.getMessage());
    assertTrue(e.getMessage().contains("input_ids int64[?,?]"), e.getMessage());
  }

  @Test
  void wrongRankOfTokenStatesIsReported() {
    ModelException e = failToOpen(TestModels.m3Fixture("bad-rank"), Map.of());
    assertTrue(
        e.getMessage()
            .contains(
                "output 'last_hidden_state' must be float of rank [3], got: last_hidden_state float[?,16]"),
        e.getMessage());
  }

  @Test
  void headOfTheWrongWidthIsReported() {
    ModelException e = failToOpen(TestModels.m3Fixture("bad-heads"), Map.of());
    assertTrue(
        e.getMessage().contains("(model.colbert_head_file) must hold weight [D, 16]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("got: weight [16, 19]"), e.getMessage());
  }

  @Test
  void missingHeadFileIsNamed() throws IOException {
    ModelException e = failToOpen(copyOf("encoder-heads", "colbert_linear.safetensors"), Map.of());
    assertTrue(
        e.getMessage().contains("has no colbert_linear.safetensors (model.colbert_head_file)"),
        e.getMessage());
  }

  @Test
  void configuredOutputNameThatIsAbsentFallsBackOrFails() {
    ModelException e =
        failToOpen(
            TestModels.m3Fixture("outputs-yuniko"),
            Map.of("model.output_names.dense", "dense_out"));
    assertTrue(e.getMessage().contains("dense_embeddings float[?,16]"), e.getMessage());
  }

  @Test
  void configuredOutputNamesAreUsed() {
    try (TextEmbedder embedder =
        Embedders.open(
            TestModels.m3(
                TestModels.m3Fixture("outputs-optimum"),
                Map.of(
                    "model.output_names.dense",
                    "dense_vecs",
                    "model.output_names.sparse",
                    "sparse_vecs",
                    "model.output_names.colbert",
                    "colbert_vecs")))) {
      assertEquals(16, embedder.info().denseDimension());
    }
  }

  @Test
  void renamedInputThatTheServerCannotFeedIsReported() {
    ModelException e =
        failToOpen(
            TestModels.m3Fixture("outputs-yuniko"), Map.of("model.input_names.input_ids", "ids"));
    assertTrue(
        e.getMessage().contains("has no input named 'ids' (model.input_names.input_ids)"),
        e.getMessage());
  }

  @Test
  void cudaWithoutTheGpuBuildFailsClearly() {
    ModelException e =
        failToOpen(TestModels.m3Fixture("outputs-yuniko"), Map.of("model.device", "cuda"));
    assertTrue(e.getMessage().startsWith("model.device is cuda, but"), e.getMessage());
    assertTrue(e.getMessage().contains("onnxruntime_gpu"), e.getMessage());
  }

  @Test
  void explicitSpecialIdsReplaceTheTokenizersOnes() {
    // token 15 ("dense") is an ordinary word; declared special, it gets no sparse weight
    try (TextEmbedder embedder =
        Embedders.open(
            TestModels.m3(
                TestModels.m3Fixture("encoder-heads"),
                Map.of("model.special_token_ids", "[0,1,2,3,15]")))) {
      var sparse = embedder.embedDocuments(List.of("dense retrieval")).get(0).sparse();
      assertEquals(0f, sparse.weightOf(15));
      assertTrue(sparse.weightOf(14) > 0, sparse.toString());
    }
  }
}
