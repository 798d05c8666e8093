package dev.ragserver.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.InvalidQueryException;
import dev.ragserver.index.search.QueryLimits;
import dev.ragserver.index.search.SearchDefaults;
import dev.ragserver.index.search.SearchQuery;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.http.Access;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.http.Timeouts;
import dev.ragserver.server.query.QueryService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dify's External Knowledge API: {@code POST /retrieval} with {@code {knowledge_id, query,
 * retrieval_setting: {top_k, score_threshold}, metadata_condition}} → {@code {records: [{content,
 * score, title, metadata}]}}. {@code knowledge_id} is the collection name; the score is the hit's
 * relevance (the estimated probability that it is relevant), which Dify's {@code score_threshold}
 * filters on; errors carry Dify's {@code error_code} and {@code error_msg} (1001 missing key, 1002
 * bad key, both 403; 2001 unknown knowledge base, 404) beside the problem fields. Request shapes
 * follow Dify's {@code api/services/external_knowledge_service.py}
 * (fetch_external_knowledge_retrieval) and {@code api/core/rag/entities/metadata_entities.py}.
 */
public final class DifyRetrievalController {
  private final Collections collections;
  private final QueryService queries;
  private final Timeouts timeouts;
  private final SearchDefaults defaults;
  private final QueryLimits limits;

  public DifyRetrievalController(
      Collections collections,
      QueryService queries,
      Timeouts timeouts,
      SearchDefaults defaults,
      QueryLimits limits) {
    this.collections = collections;
    this.queries = queries;
    this.timeouts = timeouts;
    this.defaults = defaults;
    this.limits = limits;
  }

  public void register(RoutesConfig routes) {
    routes.post("/retrieval", this::retrieve, Role.READ);
  }

  /**
   * Dify's request body.
   *
   * @param knowledgeId the collection
   * @param query the query text
   * @param retrievalSetting top_k and score_threshold, or null for the defaults
   * @param metadataCondition a metadata filter, or null
   */
  record RetrievalRequest(
      String knowledgeId,
      String query,
      RetrievalSetting retrievalSetting,
      MetadataCondition metadataCondition) {}

  /**
   * @param topK hits (default: search.top_k)
   * @param scoreThreshold minimum relevance (default: none; Dify sends 0.0 when it is off)
   */
  record RetrievalSetting(Integer topK, Double scoreThreshold) {}

  /**
   * Dify's {@code metadata_condition}.
   *
   * @param logicalOperator and (default) or or
   * @param conditions the conditions
   */
  record MetadataCondition(String logicalOperator, List<Condition> conditions) {}

  /**
   * One condition: {@code name} is a metadata key or a list of keys (any may match).
   *
   * @param name a key or a list of keys
   * @param comparisonOperator contains, not contains, start with, end with, is, is not, empty, not
   *     empty, in, not in, =, ≠, &gt;, &lt;, ≥, ≤, before, after (Dify's
   *     SupportedComparisonOperator)
   * @param value the value compared with (a string, number, boolean or list)
   */
  record Condition(JsonNode name, String comparisonOperator, JsonNode value) {}

  /**
   * Dify's response.
   *
   * @param records the hits
   */
  record RetrievalResponse(List<RetrievalRecord> records) {}

  /**
   * One hit as Dify reads it.
   *
   * @param content the chunk's text
   * @param score the relevance estimate (0..1)
   * @param title the document's title, else its source
   * @param metadata the document's metadata plus path, document_id, chunk_id and page
   */
  record RetrievalRecord(String content, float score, String title, Map<String, Object> metadata) {}

  private void retrieve(Context ctx) {
    RetrievalRequest body = Json.body(ctx, RetrievalRequest.class);
    String knowledge = required(body.knowledgeId(), "knowledge_id");
    // a key scoped to other collections gets Dify's 403 (error_code 1002), before the 404 that
    // would tell it whether the collection exists
    Access.require(ctx, knowledge);
    String query = required(body.query(), "query");
    if (!isCollection(knowledge)) {
      // 404 on this route carries Dify's error_code 2001 (Problems)
      throw ApiException.notFound("knowledge base " + knowledge + " does not exist");
    }
    SearchQuery.Builder b =
        SearchQuery.builder(defaults, limits)
            .text(query)
            .filter(metadataCondition(body.metadataCondition()));
    RetrievalSetting setting = body.retrievalSetting();
    if (setting != null && setting.topK() != null) {
      b.topK(setting.topK());
    }
    if (setting != null && setting.scoreThreshold() != null) {
      b.minRelevance(setting.scoreThreshold().floatValue());
    }
    SearchQuery params;
    try {
      params = b.build();
    } catch (InvalidQueryException e) {
      throw e.field().equals("query") ? e : e.under("retrieval_setting.");
    }
    QueryService.Answer answer =
        timeouts.call("retrieval", deadline -> queries.run(knowledge, params, deadline));
    List<RetrievalRecord> records = new ArrayList<>();
    for (Hit h : answer.result().hits()) {
      StoredChunk c = h.chunk();
      Map<String, Object> metadata = new LinkedHashMap<>(c.metadata());
      metadata.put("path", c.source());
      metadata.put("document_id", c.documentId());
      metadata.put("chunk_id", c.chunkId());
      if (c.pageStart() > 0) {
        metadata.put("page", c.pageStart());
      }
      records.add(
          new RetrievalRecord(
              c.text(), h.relevance(), c.title().isEmpty() ? c.source() : c.title(), metadata));
    }
    ctx.json(new RetrievalResponse(records));
  }

  /**
   * Dify's {@code metadata_condition} as a filter: conditions joined by the logical operator, a
   * condition on several keys true when any key matches.
   */
  static Filter metadataCondition(MetadataCondition v) {
    if (v == null || v.conditions() == null) {
      return null;
    }
    String op = v.logicalOperator() == null ? "and" : v.logicalOperator();
    if (!op.equals("and") && !op.equals("or")) {
      throw ApiException.badField(
          "metadata_condition.logical_operator", "logical_operator must be and or or, got: " + op);
    }
    List<Filter> parts = new ArrayList<>();
    for (int i = 0; i < v.conditions().size(); i++) {
      String path = "metadata_condition.conditions[" + i + "]";
      Condition c = v.conditions().get(i);
      List<String> keys = new ArrayList<>();
      JsonNode names = c == null ? null : c.name();
      if (names != null && names.isArray()) {
        names.forEach(n -> keys.add(n.asText()));
      } else if (names != null && names.isTextual()) {
        keys.add(names.asText());
      }
      if (keys.isEmpty()) {
        throw ApiException.badField(
            path + ".name", path + ".name must name at least one metadata key");
      }
      String cmp = c.comparisonOperator() == null ? "" : c.comparisonOperator();
      List<Filter> perKey = new ArrayList<>();
      for (String key : keys) {
        perKey.add(condition(key, cmp, c.value(), path));
      }
      parts.add(perKey.size() == 1 ? perKey.get(0) : new Filter.Or(perKey));
    }
    if (parts.isEmpty()) {
      return null;
    }
    return parts.size() == 1
        ? parts.get(0)
        : op.equals("and") ? new Filter.And(parts) : new Filter.Or(parts);
  }

  private static Filter condition(String key, String cmp, JsonNode value, String path) {
    Object scalar = scalar(value);
    try {
      return switch (cmp) {
        case "is" -> new Filter.Equals(key, requireValue(scalar, path));
        case "is not" -> new Filter.Not(new Filter.Equals(key, requireValue(scalar, path)));
        case "=" -> sameNumber(key, requireValue(scalar, path));
        case "≠" -> new Filter.Not(sameNumber(key, requireValue(scalar, path)));
        case ">" -> new Filter.Range(key, number(requireValue(scalar, path)), null, null, null);
        case "<" -> new Filter.Range(key, null, null, number(requireValue(scalar, path)), null);
        case "≥", ">=" ->
            new Filter.Range(key, null, number(requireValue(scalar, path)), null, null);
        case "≤", "<=" ->
            new Filter.Range(key, null, null, null, number(requireValue(scalar, path)));
        case "before" -> new Filter.Range(key, null, null, date(value, path), null);
        case "after" -> new Filter.Range(key, date(value, path), null, null, null);
        case "contains" -> text(key, Filter.TextMatch.CONTAINS, value, path);
        case "not contains" -> new Filter.Not(text(key, Filter.TextMatch.CONTAINS, value, path));
        case "start with" -> text(key, Filter.TextMatch.PREFIX, value, path);
        case "end with" -> text(key, Filter.TextMatch.SUFFIX, value, path);
        case "empty" -> new Filter.Not(new Filter.Exists(key));
        case "not empty" -> new Filter.Exists(key);
        case "in", "not in" -> {
          List<Object> values = new ArrayList<>();
          if (value != null && value.isArray()) {
            value.forEach(x -> values.addAll(forms(scalar(x))));
          } else if (scalar != null) {
            for (String s : scalar.toString().split(",", -1)) {
              if (!s.isBlank()) {
                values.addAll(forms(s.strip()));
              }
            }
          }
          Filter in = new Filter.In(key, values);
          yield cmp.equals("in") ? in : new Filter.Not(in);
        }
        default ->
            throw ApiException.badField(
                path + ".comparison_operator",
                "comparison_operator \""
                    + cmp
                    + "\" is not supported; use contains, not contains, start with, end with, is,"
                    + " is not, empty, not empty, in, not in, =, ≠, >, <, ≥, ≤, before, after");
      };
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(path, e.getMessage());
    }
  }

  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  /** A JSON value as a filter scalar: numbers as doubles, booleans, else text (null: none). */
  private static Object scalar(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    return v.isBoolean() ? (Object) v.asBoolean() : v.asText();
  }

  /**
   * A number-like string as its number (what Dify's automatic filtering and {@code {{var}}}
   * substitution send for numeric metadata), anything else as it is.
   */
  private static Object number(Object v) {
    if (v instanceof String s && NUMBER.matcher(s.strip()).matches()) {
      return Double.parseDouble(s.strip());
    }
    return v;
  }

  /** The forms a value may be stored in: a number-like string also as its number. */
  private static List<Object> forms(Object v) {
    if (v == null) {
      return List.of();
    }
    Object n = number(v);
    if (n instanceof Double d && v instanceof String s) {
      return List.of(d, s.strip());
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return List.of(d, String.valueOf(d.longValue()));
    }
    return List.of(v);
  }

  /** {@code =}: equal as a number when the value reads as one, whether stored as number or text. */
  private static Filter sameNumber(String key, Object value) {
    List<Object> forms = forms(value);
    return forms.size() == 1 ? new Filter.Equals(key, forms.get(0)) : new Filter.In(key, forms);
  }

  /**
   * Dify's time value for before/after: Unix seconds (a number or a number-like string, as Dify
   * stores time metadata) or an ISO-8601 date or date-time.
   */
  private static String date(JsonNode value, String path) {
    Object v = requireValue(scalar(value), path);
    Object n = number(v);
    if (n instanceof Double seconds) {
      return java.time.Instant.ofEpochMilli(Math.round(seconds * 1000)).toString();
    }
    String s = v.toString().strip();
    if (dev.ragserver.index.schema.ChunkFields.parseDate(s).isEmpty()) {
      throw ApiException.badField(
          path + ".value",
          path
              + ".value must be Unix seconds or an ISO-8601 date (2024-05-01,"
              + " 2024-05-01T10:00:00Z), got: "
              + s);
    }
    return s;
  }

  /** contains / start with / end with: text of the value, any of a list's values. */
  private static Filter text(String key, Filter.TextMatch match, JsonNode value, String path) {
    if (value != null && value.isArray() && !value.isEmpty()) {
      List<Filter> any = new ArrayList<>();
      value.forEach(x -> any.add(new Filter.Text(key, match, x.asText())));
      return any.size() == 1 ? any.get(0) : new Filter.Or(any);
    }
    return new Filter.Text(key, match, requireValue(scalar(value), path).toString());
  }

  private static Object requireValue(Object v, String path) {
    if (v == null) {
      throw ApiException.badField(path + ".value", path + ".value is required for this comparison");
    }
    return v;
  }

  private boolean isCollection(String name) {
    try {
      CollectionRegistry.requireName(name);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return collections.exists(name);
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.badField(field, field + " must be a non-empty string");
    }
    return value;
  }
}
