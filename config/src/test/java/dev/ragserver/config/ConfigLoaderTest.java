package dev.ragserver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void defaultsGiveTheBuiltInEnglishModelOnCpu() {
    ModelConfig model = RagConfig.defaults().model();
    assertEquals("bge-small-en-v1.5", model.name());
    assertTrue(model.isBuiltIn());
    assertEquals(Device.CPU, model.device());
    assertEquals(32, model.batchSize());
    assertEquals(Pooling.CLS, model.pooling());
    assertEquals(List.of(), model.specialTokenIds());
    assertEquals("last_hidden_state", model.outputNames().hiddenState());
  }

  @Test
  void fileOverridesOnlyTheKeysItNames() throws IOException {
    Path file =
        write("custom.yaml", "model:\n  batch_size: 8\n  output_names:\n    dense: my_dense\n");
    ModelConfig model = ConfigLoader.builder().file(file).build().load().model();
    assertEquals(8, model.batchSize());
    assertEquals("my_dense", model.outputNames().dense());
    assertEquals("auto", model.outputNames().sparse());
    assertEquals("bge-small-en-v1.5", model.name());
  }

  @Test
  void ragYamlInTheWorkingDirectoryIsPickedUp() throws IOException {
    write("rag.yaml", "model:\n  name: bge-small-zh-v1.5\n");
    assertEquals(
        "bge-small-zh-v1.5",
        ConfigLoader.builder().workingDirectory(dir).build().load().model().name());
  }

  @Test
  void environmentBeatsFileAndSetBeatsEnvironment() throws IOException {
    Path file = write("rag.yaml", "model:\n  batch_size: 8\n");
    Map<String, String> env =
        Map.of(
            "RAG_MODEL_BATCH_SIZE",
            "16",
            "RAG_MODEL_DEVICE",
            "CUDA",
            "RAG_MODEL_SPECIAL_TOKEN_IDS",
            "[0, 2]",
            "PATH",
            "/bin",
            "RAG_JAVA_HOME",
            "/opt/jdk");
    ModelConfig fromEnv = ConfigLoader.builder().file(file).environment(env).build().load().model();
    assertEquals(16, fromEnv.batchSize());
    assertEquals(Device.CUDA, fromEnv.device());
    assertEquals(List.of(0, 2), fromEnv.specialTokenIds());

    ModelConfig fromFlag =
        ConfigLoader.builder()
            .file(file)
            .environment(env)
            .override("model.batch_size", "4")
            .build()
            .load()
            .model();
    assertEquals(4, fromFlag.batchSize());
  }

  @Test
  void stringKeysTakeFlagValuesVerbatim() {
    ModelConfig model =
        ConfigLoader.builder()
            .override("model.query_instruction", "query: ")
            .override("model.directory", "123")
            .build()
            .load()
            .model();
    assertEquals("query: ", model.queryInstruction());
    assertEquals("123", model.directory());
  }

  @Test
  void unknownKeyInFileNamesTheKeyAndWhatIsAllowed() throws IOException {
    Path file = write("rag.yaml", "model:\n  batchsize: 8\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.builder().file(file).build().load());
    assertTrue(e.getMessage().contains("unknown key 'model.batchsize'"), e.getMessage());
    assertTrue(e.getMessage().contains("batch_size"), e.getMessage());
  }

  @Test
  void unknownTopLevelSectionIsRejected() throws IOException {
    Path file = write("rag.yaml", "modle:\n  name: x\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.builder().file(file).build().load());
    assertTrue(e.getMessage().contains("unknown key 'modle'"), e.getMessage());
  }

  @Test
  void outOfRangeValueNamesKeyValueRuleAndSource() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.builder()
                    .environment(Map.of("RAG_MODEL_BATCH_SIZE", "0"))
                    .build()
                    .load());
    assertEquals(
        "model.batch_size must be between 1 and 4096, got: 0"
            + " (set by environment variable RAG_MODEL_BATCH_SIZE)",
        e.getMessage());
  }

  @Test
  void wrongTypeNamesTheExpectedType() throws IOException {
    Path file = write("rag.yaml", "model:\n  batch_size: lots\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.builder().file(file).build().load());
    assertTrue(
        e.getMessage().startsWith("model.batch_size must be an integer, got: \"lots\""),
        e.getMessage());
  }

  @Test
  void badEnumListsTheAllowedValues() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.builder().override("model.device", "tpu").build().load());
    assertTrue(e.getMessage().contains("one of cpu, cuda"), e.getMessage());
    assertTrue(e.getMessage().contains("tpu"), e.getMessage());
  }

  @Test
  void anImageModelIsClipUnlessItSaysVisualizedBge() {
    assertEquals(ImageModelKind.CLIP, ConfigLoader.builder().build().load().imageModel().kind());
    ImageModelConfig vbge =
        ConfigLoader.builder()
            .override("image_model.kind", "visualized-bge")
            .build()
            .load()
            .imageModel();
    assertEquals(ImageModelKind.VISUALIZED_BGE, vbge.kind());
    assertEquals("multimodal.onnx", vbge.modelFile());
    assertEquals("bge-m3", vbge.pairedTextModel("bge-m3"), "text_model \"\" = model.name");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.builder().override("image_model.kind", "siglip").build().load());
    assertTrue(e.getMessage().contains("one of clip, visualized-bge"), e.getMessage());
  }

  @Test
  void unknownModelNameListsTheKnownModels() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.builder().override("model.name", "bge-huge").build().load());
    assertTrue(e.getMessage().contains("bge-small-en-v1.5"), e.getMessage());
    assertTrue(e.getMessage().contains("--set model.name"), e.getMessage());
  }

  @Test
  void bgeM3WithoutDirectoryIsAStartUpError() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.builder().override("model.name", "bge-m3").build().load());
    assertTrue(e.getMessage().startsWith("model.directory must name the folder"), e.getMessage());
  }

  @Test
  void unknownRagEnvironmentVariableIsRejectedButLauncherOnesAreNot() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.builder()
                    .environment(Map.of("RAG_MODEL_BATCHSIZE", "3"))
                    .build()
                    .load());
    assertTrue(e.getMessage().contains("RAG_MODEL_BATCHSIZE"), e.getMessage());
    ConfigLoader.builder()
        .environment(Map.of("RAG_GPU", "1", "RAG_JAVA_OPTS", "-Xmx1g"))
        .build()
        .load();
  }

  @Test
  void unknownSetKeyIsRejected() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.builder().override("model.nope", "1").build().load());
    assertTrue(e.getMessage().contains("unknown key 'model.nope'"), e.getMessage());
  }

  @Test
  void missingExplicitFileIsAnError() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.builder().file(dir.resolve("absent.yaml")).build().load());
    assertTrue(e.getMessage().startsWith("config file not found"), e.getMessage());
  }

  @Test
  void invalidYamlIsAnError() throws IOException {
    Path file = write("rag.yaml", "model: [unclosed\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.builder().file(file).build().load());
    assertTrue(e.getMessage().contains("is not valid YAML"), e.getMessage());
  }

  @Test
  void emptyFileKeepsTheDefaults() throws IOException {
    Path file = write("rag.yaml", "");
    assertEquals(RagConfig.defaults(), ConfigLoader.builder().file(file).build().load());
  }

  @Test
  void effectiveYamlLoadsBackToTheSameConfig() throws IOException {
    RagConfig config =
        ConfigLoader.builder()
            .override("model.batch_size", "7")
            .override("model.special_token_ids", "[1,2]")
            .build()
            .load();
    String yaml = ConfigLoader.toYaml(config);
    assertFalse(yaml.isBlank());
    Path file = write("round.yaml", yaml);
    assertEquals(config, ConfigLoader.builder().file(file).build().load());
  }

  @Test
  void aToolStartsFromALoadedConfigurationAndChangesOnlyTheKeysItSets() {
    RagConfig users =
        ConfigLoader.builder()
            .override("model.batch_size", "7")
            .override("models.bge-m3.directory", "/models/m3")
            .build()
            .load();
    RagConfig changed =
        ConfigLoader.builder().base(users).override("model.query_cache_size", "0").build().load();
    assertEquals(0, changed.model().queryCacheSize());
    assertEquals(7, changed.model().batchSize(), "the user's own setting is kept");
    assertEquals(users.models().keySet(), changed.models().keySet(), "the user's models: entries");
    assertEquals("/models/m3", changed.models().get("bge-m3").directory());
    assertEquals(users, ConfigLoader.builder().base(users).build().load());
  }
}
