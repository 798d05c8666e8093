package dev.ragserver.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads the configuration: shipped defaults, then a YAML file, then {@code RAG_*} environment
 * variables, then {@code key=value} overrides (the CLI's {@code --set}); later sources win.
 */
public final class ConfigLoader {
  /** The classpath resource holding the commented defaults. */
  public static final String DEFAULTS_RESOURCE = "/dev/ragserver/config/rag.yaml";

  /** The file picked up from the working directory when no file is named. */
  public static final String LOCAL_FILE = "rag.yaml";

  /** Variables of the {@code ./rag} launcher, not configuration keys. */
  public static final Set<String> LAUNCHER_VARIABLES =
      Set.of("RAG_JAVA_HOME", "RAG_JAVA_OPTS", "RAG_MAVEN_ARGS", "RAG_GPU", "RAG_HOME");

  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build())
          .build();

  private final RagConfig base;
  private final Path file;
  private final Path workingDirectory;
  private final Map<String, String> environment;
  private final Map<String, String> overrides;

  private ConfigLoader(Builder b) {
    this.base = b.base;
    this.file = b.file;
    this.workingDirectory = b.workingDirectory;
    this.environment = Map.copyOf(b.environment);
    this.overrides = new LinkedHashMap<>(b.overrides);
  }

  /** A loader that reads only the shipped defaults until told otherwise. */
  public static Builder builder() {
    return new Builder();
  }

  /** Loads, merges, binds and validates. */
  public RagConfig load() {
    Map<String, String> sources = new LinkedHashMap<>();
    ObjectNode tree = defaults();
    if (base != null) {
      merge(tree, tree(base), "", "the base configuration", sources);
    }
    Path chosen = file;
    if (chosen == null
        && workingDirectory != null
        && Files.isRegularFile(workingDirectory.resolve(LOCAL_FILE))) {
      chosen = workingDirectory.resolve(LOCAL_FILE);
    }
    if (chosen != null) {
      if (!Files.isRegularFile(chosen)) {
        throw new ConfigException("config file not found: " + chosen.toAbsolutePath());
      }
      JsonNode overlay;
      try {
        overlay = YAML.readTree(chosen.toFile());
      } catch (IOException e) {
        throw new ConfigException(
            "config file " + chosen + " is not valid YAML: " + e.getMessage(), e);
      }
      if (overlay != null && !overlay.isMissingNode() && !overlay.isNull()) {
        merge(tree, overlay, "", chosen.toString(), sources);
      }
    }
    Map<String, ConfigKey> byEnv = new LinkedHashMap<>();
    Map<String, ConfigKey> byPath = new LinkedHashMap<>();
    for (ConfigKey key : ConfigSchema.keys()) {
      byEnv.put(key.environmentVariable(), key);
      byPath.put(key.path(), key);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
      if (!e.getKey().startsWith("RAG_") || LAUNCHER_VARIABLES.contains(e.getKey())) {
        continue;
      }
      ConfigKey key = byEnv.get(e.getKey());
      if (key == null) {
        throw new ConfigException(
            "unknown environment variable "
                + e.getKey()
                + ": it matches no configuration key; the RAG_ variables read are listed in docs/configuration.md");
      }
      set(tree, key, e.getValue(), "environment variable " + e.getKey(), sources);
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      if (e.getKey().startsWith(MODELS + ".")) {
        setModelEntry(tree, e.getKey(), e.getValue(), byPath, sources);
        continue;
      }
      ConfigKey key = byPath.get(e.getKey());
      if (key == null) {
        throw new ConfigException(
            "unknown key '" + e.getKey() + "' in --set; known keys: " + byPath.keySet());
      }
      set(tree, key, e.getValue(), "--set " + e.getKey(), sources);
    }
    tree.set(MODELS, servedModels(tree));
    return new RecordBinder(sources).bind(RagConfig.class, tree, "");
  }

  /** The map of named model entries, and the section that is its default entry. */
  private static final String MODELS = "models";

  private static final String MODEL = "model";

  /** {@code models.NAME.KEY=value} from {@code --set}: the value typed as {@code model.KEY} is. */
  private static void setModelEntry(
      ObjectNode tree,
      String path,
      String raw,
      Map<String, ConfigKey> byPath,
      Map<String, String> sources) {
    String rest = path.substring(MODELS.length() + 1);
    int dot = rest.indexOf('.');
    if (dot <= 0) {
      throw new ConfigException(
          "--set "
              + path
              + " must name a model and a key, e.g. models.bge-m3.directory=/models/m3");
    }
    String name = rest.substring(0, dot);
    String keyPath = MODEL + "." + rest.substring(dot + 1);
    ConfigKey key = byPath.get(keyPath);
    if (key == null || !ModelConfig.PER_MODEL_KEYS.contains(key.segments().get(1))) {
      throw new ConfigException(
          "unknown key '"
              + path
              + "' in --set; an entry of models: may set "
              + new TreeSet<>(ModelConfig.PER_MODEL_KEYS));
    }
    ObjectNode entry = ((ObjectNode) tree.get(MODELS)).withObjectProperty(name);
    ObjectNode scratch = YAML.createObjectNode();
    scratch.set(MODEL, defaults().get(MODEL).deepCopy());
    set(scratch, key, raw, "--set " + path, new LinkedHashMap<>());
    JsonNode value = scratch.get(MODEL);
    ObjectNode target = entry;
    List<String> segments = key.segments().subList(1, key.segments().size());
    for (String s : segments.subList(0, segments.size() - 1)) {
      value = value.get(s);
      target = target.withObjectProperty(s);
    }
    String last = segments.get(segments.size() - 1);
    target.set(last, value.get(last));
    sources.put(path, "--set " + path);
  }

  /**
   * Every text model the server can serve, each a whole {@code model}-shaped tree: the built-in
   * models, the default model (the {@code model:} section, with its {@code models:} entry on top
   * when it has one), and each entry of {@code models:} on the shipped defaults; every entry takes
   * how models run (batches, threads, device) from the {@code model:} section.
   */
  private static ObjectNode servedModels(ObjectNode tree) {
    JsonNode entries = tree.get(MODELS);
    if (entries == null || !entries.isObject()) {
      throw new ConfigException(
          "models must be a mapping of model names to settings, got: " + entries);
    }
    ObjectNode model = (ObjectNode) tree.get(MODEL);
    ObjectNode shipped = (ObjectNode) defaults().get(MODEL);
    String defaultName = model.path("name").asText();
    Set<String> names = new TreeSet<>(ModelConfig.BUILT_IN);
    names.add(defaultName);
    entries.fieldNames().forEachRemaining(names::add);
    ObjectNode out = YAML.createObjectNode();
    for (String name : names) {
      if (!ModelConfig.NAMES.contains(name) && name.equals(defaultName)) {
        continue; // model.name's own check says what is wrong
      }
      if (!ModelConfig.NAMES.contains(name)) {
        throw new ConfigException(
            "unknown model '"
                + name
                + "' under models:; the models this server knows: "
                + new TreeSet<>(ModelConfig.NAMES));
      }
      ObjectNode base;
      if (name.equals(defaultName)) {
        base = model.deepCopy();
      } else {
        base = shipped.deepCopy();
        model.properties().stream()
            .filter(f -> !ModelConfig.PER_MODEL_KEYS.contains(f.getKey()))
            .forEach(f -> base.set(f.getKey(), f.getValue().deepCopy()));
      }
      JsonNode entry = entries.get(name);
      if (entry != null && !entry.isNull()) {
        if (!entry.isObject()) {
          throw new ConfigException(
              "models." + name + " must be a mapping of that model's keys, got: " + entry);
        }
        for (Map.Entry<String, JsonNode> f : entry.properties()) {
          if (!ModelConfig.PER_MODEL_KEYS.contains(f.getKey())) {
            throw new ConfigException(
                "models."
                    + name
                    + "."
                    + f.getKey()
                    + (base.has(f.getKey())
                        ? " is how every model runs: set it under model: instead"
                        : " is not a key of a model")
                    + "; an entry of models: may set "
                    + new TreeSet<>(ModelConfig.PER_MODEL_KEYS));
          }
          JsonNode current = base.get(f.getKey());
          if (current.isObject()) {
            merge(
                (ObjectNode) current,
                f.getValue(),
                "models." + name + "." + f.getKey() + ".",
                "models." + name,
                new LinkedHashMap<>());
          } else {
            base.set(f.getKey(), f.getValue());
          }
        }
      }
      base.put("name", name);
      out.set(name, base);
    }
    return out;
  }

  /** The configuration as YAML, with the key names of {@code rag.yaml}. */
  public static String toYaml(RagConfig config) {
    try {
      return YAML.writeValueAsString(tree(config));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The configuration as the tree a file would give: an entry of models: has its own keys only. */
  private static ObjectNode tree(RagConfig config) {
    ObjectNode tree = RecordBinder.toTree(config);
    // an entry of models: shows the keys of that model only; how models run is under model:
    tree.withObjectProperty(MODELS)
        .properties()
        .forEach(e -> ((ObjectNode) e.getValue()).retain(ModelConfig.PER_MODEL_KEYS));
    return tree;
  }

  /** The text of the shipped, commented defaults. */
  public static String defaultsText() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + DEFAULTS_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode defaults() {
    try {
      return (ObjectNode) YAML.readTree(defaultsText());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("shipped " + DEFAULTS_RESOURCE + " is not valid YAML", e);
    }
  }

  private static void merge(
      ObjectNode base,
      JsonNode overlay,
      String prefix,
      String source,
      Map<String, String> sources) {
    if (!overlay.isObject()) {
      String where =
          prefix.isEmpty() ? "the top level" : "'" + prefix.substring(0, prefix.length() - 1) + "'";
      throw new ConfigException(
          where + " of " + source + " must be a mapping of keys, got: " + overlay);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = overlay.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix + field.getKey();
      JsonNode current = base.get(field.getKey());
      if (current == null) {
        Set<String> known = new TreeSet<>();
        base.fieldNames().forEachRemaining(known::add);
        throw new ConfigException(
            "unknown key '"
                + path
                + "' in "
                + source
                + "; allowed "
                + (prefix.isEmpty()
                    ? "top-level keys"
                    : "keys under '" + prefix.substring(0, prefix.length() - 1) + "'")
                + ": "
                + known);
      }
      if (prefix.isEmpty() && field.getKey().equals(MODELS)) {
        mergeEntries((ObjectNode) current, field.getValue(), source, sources);
      } else if (current.isObject()) {
        merge((ObjectNode) current, field.getValue(), path + ".", source, sources);
      } else {
        base.set(field.getKey(), field.getValue());
        sources.put(path, source);
      }
    }
  }

  /**
   * Entries of {@code models:} from one source, on those of earlier sources: their keys are checked
   * once every source is in ({@link #servedModels}).
   */
  private static void mergeEntries(
      ObjectNode base, JsonNode overlay, String source, Map<String, String> sources) {
    if (overlay.isNull()) {
      return;
    }
    if (!overlay.isObject()) {
      throw new ConfigException(
          "'models' of "
              + source
              + " must be a mapping of model names to settings, got: "
              + overlay);
    }
    for (Map.Entry<String, JsonNode> e : overlay.properties()) {
      JsonNode current = base.get(e.getKey());
      if (current instanceof ObjectNode existing && e.getValue().isObject()) {
        e.getValue().properties().forEach(f -> existing.set(f.getKey(), f.getValue()));
      } else {
        base.set(e.getKey(), e.getValue());
      }
      sources.put(MODELS + "." + e.getKey(), source);
    }
  }

  private static void set(
      ObjectNode tree, ConfigKey key, String raw, String source, Map<String, String> sources) {
    List<String> segments = new ArrayList<>(key.segments());
    ObjectNode node = tree;
    for (String s : segments.subList(0, segments.size() - 1)) {
      node = (ObjectNode) node.get(s);
    }
    JsonNode value;
    if (key.type().equals("string")) {
      value = TextNode.valueOf(raw);
    } else {
      try {
        value = YAML.readTree(raw.isEmpty() ? "\"\"" : raw);
      } catch (JsonProcessingException e) {
        throw new ConfigException(
            key.path()
                + " must be "
                + key.type()
                + ", got: \""
                + raw
                + "\" (set by "
                + source
                + ")");
      }
      if (value == null || value.isMissingNode()) {
        value = TextNode.valueOf(raw);
      }
    }
    node.set(segments.get(segments.size() - 1), value);
    sources.put(key.path(), source);
  }

  /** Options of a {@link ConfigLoader}. */
  public static final class Builder {
    private RagConfig base;
    private Path file;
    private Path workingDirectory;
    private Map<String, String> environment = Map.of();
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder() {}

    /**
     * A loaded configuration to start from instead of the shipped defaults alone (the file,
     * environment and overrides still apply over it): a tool that runs the user's configuration
     * with a few keys changed.
     */
    public Builder base(RagConfig value) {
      this.base = value;
      return this;
    }

    /** An explicit file (the CLI's {@code --config}); it must exist. */
    public Builder file(Path value) {
      this.file = value;
      return this;
    }

    /** Where to look for {@code rag.yaml} when no file is named. */
    public Builder workingDirectory(Path value) {
      this.workingDirectory = value;
      return this;
    }

    /** Environment variables; those starting with {@code RAG_} are read. */
    public Builder environment(Map<String, String> value) {
      this.environment = value;
      return this;
    }

    /** A {@code key=value} override, applied after every other source. */
    public Builder override(String path, String value) {
      this.overrides.put(path, value);
      return this;
    }

    public ConfigLoader build() {
      return new ConfigLoader(this);
    }
  }
}
