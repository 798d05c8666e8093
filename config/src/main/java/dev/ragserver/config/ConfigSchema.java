package dev.ragserver.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The keys of the configuration, derived from the records so that the YAML, the environment
 * variables and the documentation cannot drift from the code.
 */
public final class ConfigSchema {
  private static final List<ConfigKey> KEYS =
      Collections.unmodifiableList(collect(RagConfig.class, ""));

  private ConfigSchema() {}

  /** Every leaf key, in declaration order. */
  public static List<ConfigKey> keys() {
    return KEYS;
  }

  /** The snake_case YAML name of a record component ({@code batchSize} → {@code batch_size}). */
  static String yamlName(RecordComponent component) {
    return component.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  static boolean isSection(Class<?> type) {
    return type.isRecord();
  }

  /**
   * Whether a component is a map of named sections ({@code models:}): its keys are names the user
   * chooses, so they are not leaf keys of the schema (docs/configuration.md describes each map).
   */
  static boolean isMapOfSections(Class<?> type) {
    return java.util.Map.class.isAssignableFrom(type);
  }

  /** The YAML name of the section of {@link RagConfig} whose record is this type. */
  static String sectionName(Class<?> section) {
    for (RecordComponent c : RagConfig.class.getRecordComponents()) {
      if (c.getType() == section) {
        return yamlName(c);
      }
    }
    throw new IllegalStateException("no section of type " + section.getName());
  }

  static String describe(Type type) {
    if (type instanceof Class<?> c) {
      if (c == String.class) {
        return "string";
      }
      if (c == int.class || c == Integer.class) {
        return "integer";
      }
      if (c == long.class || c == Long.class) {
        return "integer";
      }
      if (c == double.class || c == Double.class) {
        return "number";
      }
      if (c == boolean.class || c == Boolean.class) {
        return "boolean";
      }
      if (c.isEnum()) {
        return "one of "
            + Arrays.stream(c.getEnumConstants())
                .map(e -> enumName((Enum<?>) e))
                .collect(Collectors.joining(", "));
      }
    }
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      return "list of " + describe(p.getActualTypeArguments()[0]);
    }
    throw new IllegalStateException("unsupported configuration type: " + type);
  }

  static String enumName(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static List<ConfigKey> collect(Class<?> record, String prefix) {
    List<ConfigKey> keys = new ArrayList<>();
    for (RecordComponent c : record.getRecordComponents()) {
      String path = prefix + yamlName(c);
      if (isSection(c.getType())) {
        keys.addAll(collect(c.getType(), path + "."));
      } else if (isMapOfSections(c.getType())) {
        continue;
      } else {
        String env = "RAG_" + path.replace('.', '_').toUpperCase(Locale.ROOT);
        keys.add(new ConfigKey(path, describe(c.getGenericType()), env));
      }
    }
    return keys;
  }
}
