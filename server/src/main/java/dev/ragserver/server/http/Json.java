package dev.ragserver.server.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.ragserver.api.json.ApiJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * The server's JSON: the API's ({@link ApiJson}: snake_case names, ISO-8601 instants), with unknown
 * fields rejected. Reading a body turns every Jackson failure into a 400 that names the field and
 * what was wrong with it.
 */
public final class Json {
  /** The mapper for requests and responses. */
  public static final ObjectMapper MAPPER =
      ApiJson.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build();

  private Json() {}

  /** The request body as a {@code type}; an empty body is {@code {}}. */
  public static <T> T body(Context ctx, Class<T> type) {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) {
      bytes = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    try {
      T value = MAPPER.readValue(bytes, type);
      if (value == null) {
        throw ApiException.badRequest("the body must be a JSON object, got: null");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw translate(e);
    } catch (IOException e) {
      throw ApiException.badRequest("cannot read the body: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** The request body as a JSON tree (it must be an object). */
  public static JsonNode tree(Context ctx) {
    JsonNode node = body(ctx, JsonNode.class);
    if (!node.isObject()) {
      throw ApiException.badRequest(
          "the body must be a JSON object, got: "
              + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return node;
  }

  /**
   * Fails with a 400 naming the first field of {@code node} that is not {@code allowed}.
   *
   * @param where "" for the body, else the JSON path of the object (e.g. {@code legs.dense})
   */
  public static void requireOnly(JsonNode node, String where, java.util.Set<String> allowed) {
    for (java.util.Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        String path = where.isEmpty() ? f : where + "." + f;
        throw ApiException.badField(
            path,
            "unknown field \""
                + f
                + "\""
                + (where.isEmpty() ? "" : " in " + where)
                + "; known fields: "
                + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  /** A 400 naming what Jackson could not read. */
  static ApiException translate(JsonProcessingException e) {
    if (e.getCause() instanceof IllegalArgumentException iae) {
      return ApiException.badRequest(iae.getMessage());
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String known =
          u.getKnownPropertyIds() == null
              ? ""
              : u.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .sorted()
                  .collect(Collectors.joining(", "));
      return ApiException.badField(
          path(u),
          "unknown field \""
              + path(u)
              + "\""
              + (known.isEmpty() ? "" : "; known fields: " + known));
    }
    if (e instanceof InvalidFormatException f) {
      return ApiException.badField(
          path(f),
          "field \""
              + path(f)
              + "\" must be "
              + typeName(f.getTargetType())
              + ", got: "
              + f.getValue());
    }
    if (e instanceof MismatchedInputException m) {
      String field = path(m);
      return ApiException.badField(
          field,
          field.isEmpty()
              ? "the body must be a JSON object"
              : "field \"" + field + "\" must be " + typeName(m.getTargetType()));
    }
    if (e instanceof JsonParseException p) {
      return ApiException.badRequest(
          "malformed JSON at line "
              + p.getLocation().getLineNr()
              + ", column "
              + p.getLocation().getColumnNr()
              + ": "
              + p.getOriginalMessage());
    }
    if (e instanceof JsonMappingException m && m.getCause() != null) {
      return ApiException.badField(path(m), m.getCause().getMessage());
    }
    return ApiException.badRequest("cannot read the JSON body: " + e.getOriginalMessage());
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Float.class
        || type == float.class
        || type == Double.class
        || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.List.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type.isEnum()) {
      return "one of "
          + java.util.Arrays.stream(type.getEnumConstants())
              .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT))
              .collect(Collectors.joining(", "));
    }
    return "an object";
  }
}
