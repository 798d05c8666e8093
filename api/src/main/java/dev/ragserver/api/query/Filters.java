package dev.ragserver.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Builds the filters of queries and deletes, as the JSON the server reads: conditions on a field (a
 * metadata key, or document_id, source, title, modality, page, chunk_number) combined with {@code
 * and}, {@code or} and {@code not}.
 */
public final class Filters {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Filters() {}

  /** The field has this value (a string, number or boolean). */
  public static JsonNode equalTo(String field, Object value) {
    return condition(field).set("equals", value(value));
  }

  /** The field has one of these values. */
  public static JsonNode in(String field, List<?> values) {
    ArrayNode list = NODES.arrayNode();
    values.forEach(v -> list.add(value(v)));
    return condition(field).set("in", list);
  }

  /**
   * The field's number lies within these bounds (null: unbounded on that side).
   *
   * @param gte the least value allowed (inclusive)
   * @param lt the first value above the range (exclusive)
   */
  public static JsonNode range(String field, Number gte, Number lt) {
    ObjectNode bounds = NODES.objectNode();
    if (gte != null) {
      bounds.set("gte", value(gte));
    }
    if (lt != null) {
      bounds.set("lt", value(lt));
    }
    return condition(field).set("range", bounds);
  }

  /** The chunk has the field. */
  public static JsonNode exists(String field) {
    return condition(field).put("exists", true);
  }

  /** The field's keyword value starts with this prefix. */
  public static JsonNode prefix(String field, String prefix) {
    return condition(field).put("prefix", prefix);
  }

  /** Every filter matches. */
  public static JsonNode and(JsonNode... filters) {
    return combine("and", filters);
  }

  /** At least one filter matches. */
  public static JsonNode or(JsonNode... filters) {
    return combine("or", filters);
  }

  /** The filter does not match. */
  public static JsonNode not(JsonNode filter) {
    return NODES.objectNode().set("not", filter);
  }

  private static ObjectNode condition(String field) {
    return NODES.objectNode().put("field", field);
  }

  private static JsonNode combine(String op, JsonNode... filters) {
    ArrayNode list = NODES.arrayNode();
    for (JsonNode f : filters) {
      list.add(f);
    }
    return NODES.objectNode().set(op, list);
  }

  private static JsonNode value(Object v) {
    return switch (v) {
      case String s -> NODES.textNode(s);
      case Boolean b -> NODES.booleanNode(b);
      case Integer i -> NODES.numberNode(i);
      case Long l -> NODES.numberNode(l);
      case Number n -> NODES.numberNode(n.doubleValue());
      case null -> throw new IllegalArgumentException("a filter value must not be null");
      default ->
          throw new IllegalArgumentException(
              "a filter value must be a string, number or boolean, got: "
                  + v.getClass().getSimpleName());
    };
  }
}
