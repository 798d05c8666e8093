package dev.ragserver.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.server.http.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filters as JSON: {@code {"field": "team", "equals": "red"}}, {@code {"field": "year", "in":
 * [2024, 2025]}}, {@code {"field": "year", "range": {"gte": 2020, "lt": 2026}}}, {@code {"field":
 * "author", "exists": true}}, {@code {"field": "source", "prefix": "docs/"}} (also {@code suffix},
 * {@code contains}: exact case, keyword values only), {@code {"and": [...]}}, {@code {"or":
 * [...]}}, {@code {"not": {...}}}. Fields are metadata keys or built-in fields (document_id,
 * source, title, modality, page, chunk_number).
 */
public final class FilterJson {
  private static final Set<String> CONDITIONS =
      Set.of("equals", "in", "range", "exists", "prefix", "suffix", "contains");
  private static final Set<String> BOUNDS = Set.of("gt", "gte", "lt", "lte");

  /** The names hits show for built-in fields, and the index's names they stand for. */
  private static final Map<String, String> ALIASES =
      Map.of("document_id", "doc_id", "chunk_number", "chunk_no");

  private FilterJson() {}

  /** The filter, or null for a missing or null node. */
  public static Filter parse(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw ApiException.badField(
          path, path + " must be an object such as {\"field\": \"team\", \"equals\": \"red\"}");
    }
    if (node.has("and") || node.has("or")) {
      String op = node.has("and") ? "and" : "or";
      only(node, path, Set.of(op));
      JsonNode list = node.get(op);
      if (!list.isArray() || list.isEmpty()) {
        throw ApiException.badField(
            path + "." + op, path + "." + op + " must be a non-empty array of filters");
      }
      List<Filter> parts = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        parts.add(parse(list.get(i), path + "." + op + "[" + i + "]"));
      }
      return op.equals("and") ? new Filter.And(parts) : new Filter.Or(parts);
    }
    if (node.has("not")) {
      only(node, path, Set.of("not"));
      return new Filter.Not(parse(node.get("not"), path + ".not"));
    }
    JsonNode field = node.get("field");
    if (field == null || !field.isTextual() || field.asText().isBlank()) {
      throw ApiException.badField(
          path + ".field",
          path
              + ".field must be a field name (a metadata key or document_id,"
              + " source, title, modality, page, chunk_number)");
    }
    // a hit's own names (document_id, chunk_number) for the index's fields (doc_id, chunk_no):
    // a filter written from a hit's JSON matches what the hit shows
    String name = ALIASES.getOrDefault(field.asText(), field.asText());
    List<String> conditions = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("field")) {
        if (!CONDITIONS.contains(k)) {
          throw ApiException.badField(
              path + "." + k,
              "unknown filter condition \""
                  + k
                  + "\"; use one of "
                  + CONDITIONS
                  + ", or and/or/not");
        }
        conditions.add(k);
      }
    }
    if (conditions.size() != 1) {
      throw ApiException.badField(
          path,
          path + " must have exactly one condition of " + CONDITIONS + ", got: " + conditions);
    }
    String c = conditions.get(0);
    JsonNode v = node.get(c);
    try {
      return switch (c) {
        case "equals" -> new Filter.Equals(name, scalar(v, path + ".equals"));
        case "in" -> {
          if (!v.isArray() || v.isEmpty()) {
            throw ApiException.badField(
                path + ".in", path + ".in must be a non-empty array of values");
          }
          List<Object> values = new ArrayList<>();
          for (int i = 0; i < v.size(); i++) {
            values.add(scalar(v.get(i), path + ".in[" + i + "]"));
          }
          yield new Filter.In(name, values);
        }
        case "range" -> {
          if (!v.isObject() || v.isEmpty()) {
            throw ApiException.badField(
                path + ".range", path + ".range must be an object with gt, gte, lt or lte");
          }
          only(v, path + ".range", BOUNDS);
          yield new Filter.Range(
              name,
              bound(v, "gt", path),
              bound(v, "gte", path),
              bound(v, "lt", path),
              bound(v, "lte", path));
        }
        case "prefix", "suffix", "contains" -> {
          if (!v.isTextual() || v.asText().isEmpty()) {
            throw ApiException.badField(
                path + "." + c, path + "." + c + " must be a non-empty string");
          }
          Filter.TextMatch match =
              switch (c) {
                case "prefix" -> Filter.TextMatch.PREFIX;
                case "suffix" -> Filter.TextMatch.SUFFIX;
                default -> Filter.TextMatch.CONTAINS;
              };
          yield new Filter.Text(name, match, v.asText());
        }
        default -> {
          if (!v.isBoolean()) {
            throw ApiException.badField(path + ".exists", path + ".exists must be true or false");
          }
          Filter exists = new Filter.Exists(name);
          yield v.asBoolean() ? exists : new Filter.Not(exists);
        }
      };
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(path, e.getMessage());
    }
  }

  private static Object bound(JsonNode range, String key, String path) {
    JsonNode v = range.get(key);
    return v == null ? null : scalar(v, path + ".range." + key);
  }

  private static Object scalar(JsonNode v, String path) {
    if (v == null || v.isNull()) {
      throw ApiException.badField(path, path + " must be a string, number or boolean, got: null");
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    throw ApiException.badField(path, path + " must be a string, number or boolean, got: " + v);
  }

  private static void only(JsonNode node, String path, Set<String> allowed) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      String k = it.next().getKey();
      if (!allowed.contains(k)) {
        throw ApiException.badField(
            path + "." + k, "unknown field \"" + k + "\" in " + path + "; allowed: " + allowed);
      }
    }
  }
}
