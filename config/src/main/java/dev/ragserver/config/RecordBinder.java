package dev.ragserver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds a YAML tree to the configuration records, and records back to a tree. */
final class RecordBinder {
  private final Map<String, String> sources;

  /**
   * @param sources where each key's value came from (file name, variable, flag), for messages
   */
  RecordBinder(Map<String, String> sources) {
    this.sources = sources;
  }

  <T> T bind(Class<T> type, JsonNode node, String prefix) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      String path = prefix + ConfigSchema.yamlName(c);
      JsonNode value = node.get(ConfigSchema.yamlName(c));
      if (value == null) {
        throw new ConfigException(
            path + " has no value; the shipped rag.yaml must define every key");
      }
      if (ConfigSchema.isSection(c.getType())) {
        args[i] = bind(c.getType(), value, path + ".");
      } else if (ConfigSchema.isMapOfSections(c.getType())) {
        args[i] = bindMap(path, c.getGenericType(), value);
      } else {
        args[i] = scalar(path, c.getGenericType(), value);
      }
    }
    try {
      Constructor<T> constructor = type.getDeclaredConstructor(types);
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException ce) {
        throw ce;
      }
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      throw new ConfigException(message + sourceOf(message), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  /**
   * A map of named sections ({@code models:}); each entry's tree is complete (ConfigLoader fills it
   * from the defaults). A record's own messages name its section ({@code model.max_tokens ...}):
   * they are told of the entry instead ({@code models.bge-m3.max_tokens ...}).
   */
  private Object bindMap(String path, Type type, JsonNode value) {
    if (!(type instanceof ParameterizedType p)
        || !(p.getActualTypeArguments()[1] instanceof Class<?> section)
        || !section.isRecord()) {
      throw new IllegalStateException("unsupported configuration map " + type + " at " + path);
    }
    if (!value.isObject()) {
      throw wrongType(path, type, value);
    }
    java.util.SortedMap<String, Object> out = new java.util.TreeMap<>();
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      String entryPath = path + "." + e.getKey();
      try {
        out.put(e.getKey(), bind(section, e.getValue(), entryPath + "."));
      } catch (ConfigException ex) {
        String own = ConfigSchema.sectionName(section) + ".";
        String message = ex.getMessage();
        throw new ConfigException(
            message.startsWith(own)
                ? entryPath + "." + message.substring(own.length())
                : entryPath + ": " + message,
            ex);
      }
    }
    return out;
  }

  private String sourceOf(String message) {
    String best = null;
    for (String path : sources.keySet()) {
      if (message.startsWith(path) && (best == null || path.length() > best.length())) {
        best = path;
      }
    }
    return best == null ? "" : " (set by " + sources.get(best) + ")";
  }

  private Object scalar(String path, Type type, JsonNode value) {
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      if (!value.isArray()) {
        throw wrongType(path, type, value);
      }
      List<Object> list = new ArrayList<>();
      for (JsonNode item : value) {
        list.add(scalar(path, p.getActualTypeArguments()[0], item));
      }
      return list;
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      if (value.isNull()) {
        return "";
      }
      if (!value.isValueNode()) {
        throw wrongType(path, type, value);
      }
      return value.asText();
    }
    if (c == int.class || c == Integer.class) {
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        throw wrongType(path, type, value);
      }
      return value.intValue();
    }
    if (c == long.class || c == Long.class) {
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw wrongType(path, type, value);
      }
      return value.longValue();
    }
    if (c == double.class || c == Double.class) {
      if (!value.isNumber()) {
        throw wrongType(path, type, value);
      }
      return value.doubleValue();
    }
    if (c == boolean.class || c == Boolean.class) {
      if (!value.isBoolean()) {
        throw wrongType(path, type, value);
      }
      return value.booleanValue();
    }
    if (c.isEnum()) {
      String text = value.isTextual() ? value.asText().toLowerCase(Locale.ROOT) : "";
      for (Object constant : c.getEnumConstants()) {
        if (ConfigSchema.enumName((Enum<?>) constant).equals(text)) {
          return constant;
        }
      }
      throw wrongType(path, type, value);
    }
    throw new IllegalStateException("unsupported configuration type " + type + " at " + path);
  }

  private ConfigException wrongType(String path, Type type, JsonNode value) {
    String shown = value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    String source = sources.containsKey(path) ? " (set by " + sources.get(path) + ")" : "";
    return new ConfigException(
        path + " must be " + article(ConfigSchema.describe(type)) + ", got: " + shown + source);
  }

  private static String article(String description) {
    if (description.startsWith("one of") || description.startsWith("list")) {
      return description;
    }
    return (description.startsWith("i") ? "an " : "a ") + description;
  }

  /** The tree of a configuration record, with the same key names as {@code rag.yaml}. */
  static ObjectNode toTree(Record record) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      node.set(ConfigSchema.yamlName(c), toNode(value));
    }
    return node;
  }

  private static JsonNode toNode(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value instanceof Record r) {
      return toTree(r);
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = f.objectNode();
      map.forEach((k, v) -> node.set(String.valueOf(k), toNode(v)));
      return node;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = f.arrayNode();
      list.forEach(item -> array.add(toNode(item)));
      return array;
    }
    if (value instanceof Enum<?> e) {
      return f.textNode(ConfigSchema.enumName(e));
    }
    if (value instanceof Integer i) {
      return f.numberNode(i);
    }
    if (value instanceof Long l) {
      return f.numberNode(l);
    }
    if (value instanceof Double d) {
      return f.numberNode(d);
    }
    if (value instanceof Boolean b) {
      return f.booleanNode(b);
    }
    return f.textNode(String.valueOf(value));
  }
}
