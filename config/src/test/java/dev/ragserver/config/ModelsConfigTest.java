package dev.ragserver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models: map: several text models, each with its own settings, the model: section as one. */
class ModelsConfigTest {
  @TempDir Path dir;

  private RagConfig load(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("rag.yaml"), yaml);
    return ConfigLoader.builder().file(file).build().load();
  }

  @Test
  void theBuiltInModelsAreServedWithoutAnEntryAndBgeM3OnlyWithOne() {
    RagConfig config = RagConfig.defaults();
    assertEquals(
        List.of("bge-small-en-v1.5", "bge-small-en-v1.5-q", "bge-small-zh-v1.5"),
        List.copyOf(config.models().keySet()));
    assertEquals(config.model(), config.models().get("bge-small-en-v1.5"));
    assertTrue(config.model("bge-m3").isEmpty());
  }

  @Test
  void anEntryTakesTheShippedDefaultsForItsModelAndHowModelsRunFromTheModelSection()
      throws IOException {
    RagConfig config =
        load(
            """
            model:
              max_tokens: 256
              batch_size: 8
              intra_op_threads: 2
            models:
              bge-m3:
                directory: /models/m3
                max_tokens: 2048
            """);
    ModelConfig m3 = config.model("bge-m3").orElseThrow();
    assertEquals("bge-m3", m3.name());
    assertEquals("/models/m3", m3.directory());
    assertEquals(2048, m3.maxTokens());
    assertEquals(8, m3.batchSize(), "batches and threads are the model: section's");
    assertEquals(2, m3.intraOpThreads());
    ModelConfig zh = config.model("bge-small-zh-v1.5").orElseThrow();
    assertEquals(0, zh.maxTokens(), "the default model's max_tokens is its own, not every model's");
    assertEquals(8, zh.batchSize());
    assertEquals(256, config.model().maxTokens());
  }

  @Test
  void anEntryNamedLikeTheDefaultModelAddsToTheModelSection() throws IOException {
    RagConfig config =
        load(
            """
            model:
              name: bge-m3
              directory: /models/old
              batch_size: 4
            models:
              bge-m3:
                directory: /models/m3
            """);
    assertEquals("/models/m3", config.model("bge-m3").orElseThrow().directory());
    assertEquals(4, config.model("bge-m3").orElseThrow().batchSize());
  }

  @Test
  void anEntrySettingHowModelsRunIsRefusedSayingWhereItBelongs() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> load("models:\n  bge-small-zh-v1.5:\n    batch_size: 4\n"));
    assertTrue(
        e.getMessage().contains("models.bge-small-zh-v1.5.batch_size")
            && e.getMessage().contains("set it under model:"),
        e.getMessage());
    ConfigException unknown =
        assertThrows(
            ConfigException.class, () -> load("models:\n  bge-small-zh-v1.5:\n    colour: red\n"));
    assertTrue(unknown.getMessage().contains("is not a key of a model"), unknown.getMessage());
  }

  @Test
  void anUnknownModelNameIsRefusedListingTheKnownOnes() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> load("models:\n  gpt-embed:\n    max_tokens: 8\n"));
    assertTrue(
        e.getMessage().contains("gpt-embed") && e.getMessage().contains("bge-small-zh-v1.5"),
        e.getMessage());
  }

  @Test
  void anEntrysOwnChecksNameTheEntry() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> load("models:\n  bge-small-zh-v1.5:\n    max_tokens: 99999\n"));
    assertTrue(e.getMessage().startsWith("models.bge-small-zh-v1.5.max_tokens"), e.getMessage());
  }

  @Test
  void setReachesAnEntryWithItsKeysTypes() {
    RagConfig config =
        ConfigLoader.builder()
            .override("models.bge-m3.directory", "/models/m3")
            .override("models.bge-m3.max_tokens", "1024")
            .override("models.bge-m3.input_names.token_type_ids", "segments")
            .build()
            .load();
    ModelConfig m3 = config.model("bge-m3").orElseThrow();
    assertEquals("/models/m3", m3.directory());
    assertEquals(1024, m3.maxTokens());
    assertEquals("segments", m3.inputNames().tokenTypeIds());
    assertEquals("input_ids", m3.inputNames().inputIds());
    ConfigException bad =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.builder().override("models.bge-m3.threads", "2").build().load());
    assertTrue(bad.getMessage().contains("may set"), bad.getMessage());
  }

  @Test
  void theEffectiveYamlShowsEachEntrysOwnKeysAndLoadsBack() throws IOException {
    RagConfig config = load("models:\n  bge-m3:\n    directory: /models/m3\n");
    String yaml = ConfigLoader.toYaml(config);
    assertFalse(yaml.contains("models:\n  bge-m3:\n    name:"), yaml);
    assertEquals(config, load(yaml));
  }
}
