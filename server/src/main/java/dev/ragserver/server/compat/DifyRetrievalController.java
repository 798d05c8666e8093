package dev.ragserver.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.Hit;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.http.Timeouts;
import dev.ragserver.server.query.QueryParams;
import dev.ragserver.server.query.QueryService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dify's External Knowledge API: {@code POST /retrieval} with {@code {knowledge_id, query,
 * retrieval_setting: {top_k, score_threshold}, metadata_condition}} → {@code {records: [{content,
 * score, title, metadata}]}}. {@code knowledge_id} is the collection name; the score is the default
 * hybrid query's normalised score (0..1, what Dify's threshold expects); errors carry Dify's
 * {@code error_code} (1001 missing key, 1002 bad key, 2001 unknown knowledge base) beside the
 * problem fields.
 */
public final class DifyRetrievalController {
  private static final Set<String> FIELDS = Set.of("knowledge_id", "query", "retrieval_setting", "metadata_condition");
  private final Engine engine;
  private final QueryService queries;
  private final Timeouts timeouts;
  private final int maxChars;

  public DifyRetrievalController(Engine engine, QueryService queries, Timeouts timeouts, int maxChars) {
    this.engine = engine;
    this.queries = queries;
    this.timeouts = timeouts;
    this.maxChars = maxChars;
  }

  public void register(RoutesConfig routes) {
    routes.post("/retrieval", this::retrieve, Role.READ);
  }

  private void retrieve(Context ctx) {
    JsonNode body = Json.tree(ctx);
    Json.requireOnly(body, "", FIELDS);
    String knowledge = text(body, "knowledge_id");
    String query = text(body, "query");
    if (query.length() > maxChars) {
      throw ApiException.badField("query", "query must be at most " + maxChars + " characters, got: " + query.length());
    }
    try {
      CollectionRegistry.requireName(knowledge);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("knowledge base " + knowledge + " does not exist").with("error_code", 2001);
    }
    if (!engine.registry().exists(knowledge)) {
      throw ApiException.notFound("knowledge base " + knowledge + " does not exist").with("error_code", 2001);
    }
    JsonNode setting = body.get("retrieval_setting");
    int topK = engine.config().search().topK();
    float threshold = Float.NaN;
    if (setting != null && !setting.isNull()) {
      if (!setting.isObject()) {
        throw ApiException.badField("retrieval_setting", "retrieval_setting must be an object with top_k and"
            + " score_threshold");
      }
      JsonNode k = setting.get("top_k");
      if (k != null && !k.isNull()) {
        if (!k.isIntegralNumber() || k.asInt() < 1 || k.asInt() > engine.config().search().maxTopK()) {
          throw ApiException.badField("retrieval_setting.top_k", "retrieval_setting.top_k must be a whole number from 1"
              + " to " + engine.config().search().maxTopK() + ", got: " + k);
        }
        topK = k.asInt();
      }
      JsonNode t = setting.get("score_threshold");
      if (t != null && !t.isNull()) {
        if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 1) {
          throw ApiException.badField("retrieval_setting.score_threshold",
              "retrieval_setting.score_threshold must be a number from 0 to 1, got: " + t);
        }
        threshold = (float) t.asDouble();
      }
    }
    Filter filter = metadataCondition(body.get("metadata_condition"));
    QueryParams params = new QueryParams(query, null, topK, 0, List.of(), null, filter, null, threshold, 0, 0, false);
    QueryService.Answer answer = timeouts.call("retrieval", () -> queries.run(knowledge, params));
    List<Map<String, Object>> records = new ArrayList<>();
    for (Hit h : answer.result().hits()) {
      StoredChunk c = h.chunk();
      Map<String, Object> metadata = new LinkedHashMap<>(c.metadata());
      metadata.put("path", c.source());
      metadata.put("document_id", c.documentId());
      metadata.put("chunk_id", c.chunkId());
      if (c.pageStart() > 0) {
        metadata.put("page", c.pageStart());
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("content", c.text());
      r.put("score", h.normalizedScore());
      r.put("title", c.title().isEmpty() ? c.source() : c.title());
      r.put("metadata", metadata);
      records.add(r);
    }
    ctx.json(Map.of("records", records));
  }

  /**
   * Dify's {@code metadata_condition}: {@code {logical_operator: and|or, conditions: [{name: [keys],
   * comparison_operator, value}]}}; supported operators: is, is not, =, ≠, &gt;, &lt;, ≥, ≤, empty,
   * not empty, in, not in.
   */
  static Filter metadataCondition(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    JsonNode conditions = v.get("conditions");
    if (!v.isObject() || conditions == null || !conditions.isArray()) {
      throw ApiException.badField("metadata_condition", "metadata_condition must be {logical_operator, conditions: [...]}");
    }
    String op = v.has("logical_operator") ? v.get("logical_operator").asText("and") : "and";
    if (!op.equals("and") && !op.equals("or")) {
      throw ApiException.badField("metadata_condition.logical_operator", "logical_operator must be and or or, got: " + op);
    }
    List<Filter> parts = new ArrayList<>();
    for (int i = 0; i < conditions.size(); i++) {
      String path = "metadata_condition.conditions[" + i + "]";
      JsonNode c = conditions.get(i);
      JsonNode names = c.get("name");
      List<String> keys = new ArrayList<>();
      if (names != null && names.isArray()) {
        names.forEach(n -> keys.add(n.asText()));
      } else if (names != null && names.isTextual()) {
        keys.add(names.asText());
      }
      if (keys.isEmpty()) {
        throw ApiException.badField(path + ".name", path + ".name must name at least one metadata key");
      }
      String cmp = c.path("comparison_operator").asText("");
      JsonNode value = c.get("value");
      List<Filter> perKey = new ArrayList<>();
      for (String key : keys) {
        perKey.add(condition(key, cmp, value, path));
      }
      parts.add(perKey.size() == 1 ? perKey.get(0) : new Filter.Or(perKey));
    }
    if (parts.isEmpty()) {
      return null;
    }
    return parts.size() == 1 ? parts.get(0) : op.equals("and") ? new Filter.And(parts) : new Filter.Or(parts);
  }

  private static Filter condition(String key, String cmp, JsonNode value, String path) {
    Object scalar = value == null || value.isNull() ? null : value.isNumber() ? (Object) value.asDouble()
        : value.isBoolean() ? (Object) value.asBoolean() : value.asText();
    try {
      return switch (cmp) {
        case "is", "=" -> new Filter.Equals(key, requireValue(scalar, path));
        case "is not", "≠" -> new Filter.Not(new Filter.Equals(key, requireValue(scalar, path)));
        case ">" -> new Filter.Range(key, requireValue(scalar, path), null, null, null);
        case "<" -> new Filter.Range(key, null, null, requireValue(scalar, path), null);
        case "≥", ">=" -> new Filter.Range(key, null, requireValue(scalar, path), null, null);
        case "≤", "<=" -> new Filter.Range(key, null, null, null, requireValue(scalar, path));
        case "empty" -> new Filter.Not(new Filter.Exists(key));
        case "not empty" -> new Filter.Exists(key);
        case "in", "not in" -> {
          List<Object> values = new ArrayList<>();
          if (value != null && value.isArray()) {
            value.forEach(x -> values.add(x.isNumber() ? x.asDouble() : x.asText()));
          } else if (scalar != null) {
            for (String s : scalar.toString().split(",")) {
              values.add(s.strip());
            }
          }
          Filter in = new Filter.In(key, values);
          yield cmp.equals("in") ? in : new Filter.Not(in);
        }
        default -> throw ApiException.badField(path + ".comparison_operator", "comparison_operator \"" + cmp
            + "\" is not supported; use is, is not, =, ≠, >, <, ≥, ≤, empty, not empty, in, not in");
      };
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(path, e.getMessage());
    }
  }

  private static Object requireValue(Object v, String path) {
    if (v == null) {
      throw ApiException.badField(path + ".value", path + ".value is required for this comparison");
    }
    return v;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badField(field, field + " must be a non-empty string");
    }
    return v.asText();
  }
}
