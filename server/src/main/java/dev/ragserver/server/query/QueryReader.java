package dev.ragserver.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.search.Fusion;
import dev.ragserver.index.search.GroupBy;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.Normalization;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads the JSON body of a query into {@link QueryParams}, naming the field of every mistake. */
public final class QueryReader {
  private static final Set<String> FIELDS = Set.of("query", "image", "top_k", "offset", "legs", "fusion", "filter",
      "group_by", "neighbours", "score_threshold", "explain");

  private final SearchConfig defaults;
  private final int maxQueryChars;

  public QueryReader(SearchConfig defaults, int maxQueryChars) {
    this.defaults = defaults;
    this.maxQueryChars = maxQueryChars;
  }

  /** The query in this body. */
  public QueryParams read(JsonNode body) {
    Json.requireOnly(body, "", FIELDS);
    String text = optionalText(body, "query");
    if (text != null && text.length() > maxQueryChars) {
      throw ApiException.badField("query", "query must be at most " + maxQueryChars + " characters (server.max_query_chars),"
          + " got: " + text.length());
    }
    byte[] image = null;
    String imageText = optionalText(body, "image");
    if (imageText != null) {
      try {
        image = Base64.getDecoder().decode(imageText.replaceFirst("^data:[^,]*,", ""));
      } catch (IllegalArgumentException e) {
        throw ApiException.badField("image", "image must be base64-encoded bytes (optionally a data: URL): "
            + e.getMessage());
      }
    }
    if ((text == null || text.isBlank()) && image == null) {
      throw ApiException.badField("query", "a query needs \"query\" text or an \"image\"");
    }
    int topK = integer(body, "top_k", defaults.topK(), 1, defaults.maxTopK());
    int offset = integer(body, "offset", 0, 0, defaults.maxTopK());
    if (topK + offset > defaults.maxTopK()) {
      throw ApiException.badField("top_k", "offset + top_k must be at most " + defaults.maxTopK()
          + " (search.max_top_k), got: " + (offset + topK));
    }
    int[] neighbours = neighbours(body.get("neighbours"));
    float threshold = Float.NaN;
    JsonNode t = body.get("score_threshold");
    if (t != null && !t.isNull()) {
      if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 1) {
        throw ApiException.badField("score_threshold", "score_threshold must be a number between 0 and 1, got: " + t);
      }
      threshold = (float) t.asDouble();
    }
    JsonNode explain = body.get("explain");
    if (explain != null && !explain.isNull() && !explain.isBoolean()) {
      throw ApiException.badField("explain", "explain must be true or false, got: " + explain);
    }
    return new QueryParams(text, image, topK, offset, legs(body.get("legs")), fusion(body.get("fusion")),
        FilterJson.parse(body.get("filter"), "filter"), groupBy(body.get("group_by")), threshold, neighbours[0],
        neighbours[1], explain != null && explain.asBoolean());
  }

  private static String optionalText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badField(field, field + " must be a string, got: " + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return v.asText();
  }

  static int integer(JsonNode body, String field, int fallback, int min, int max) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw ApiException.badField(field, field + " must be a whole number from " + min + " to " + max + ", got: " + v);
    }
    return v.asInt();
  }

  private static List<LegSpec> legs(JsonNode v) {
    List<LegSpec> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isArray()) {
      for (int i = 0; i < v.size(); i++) {
        JsonNode name = v.get(i);
        if (!name.isTextual()) {
          throw ApiException.badField("legs[" + i + "]", "legs[" + i + "] must be a leg name: " + legNames());
        }
        out.add(LegSpec.of(leg(name.asText(), "legs[" + i + "]")));
      }
    } else if (v.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = "legs." + e.getKey();
        Leg leg = leg(e.getKey(), path);
        JsonNode spec = e.getValue();
        if (spec.isNull() || (spec.isObject() && spec.isEmpty())) {
          out.add(LegSpec.of(leg));
          continue;
        }
        if (!spec.isObject()) {
          throw ApiException.badField(path, path + " must be an object with candidates and/or weight");
        }
        Json.requireOnly(spec, path, Set.of("candidates", "weight"));
        int candidates = integer(spec, "candidates", 0, 1, 10_000);
        float weight = Float.NaN;
        JsonNode w = spec.get("weight");
        if (w != null && !w.isNull()) {
          if (!w.isNumber() || w.asDouble() < 0) {
            throw ApiException.badField(path + ".weight", path + ".weight must be a number >= 0, got: " + w);
          }
          weight = (float) w.asDouble();
        }
        out.add(new LegSpec(leg, candidates, weight));
      }
    } else {
      throw ApiException.badField("legs", "legs must be an array of leg names or an object of leg settings: "
          + legNames());
    }
    if (out.isEmpty()) {
      throw ApiException.badField("legs", "legs must name at least one leg: " + legNames());
    }
    return out;
  }

  private static Leg leg(String name, String path) {
    try {
      return Leg.of(name);
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(path, "unknown leg \"" + name + "\"; legs: " + legNames());
    }
  }

  private static String legNames() {
    return java.util.Arrays.stream(Leg.values()).map(Leg::key).toList().toString();
  }

  private static Fusion fusion(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    String method;
    JsonNode spec = v;
    if (v.isTextual()) {
      method = v.asText();
      spec = null;
    } else if (v.isObject() && v.has("method") && v.get("method").isTextual()) {
      method = v.get("method").asText();
      Json.requireOnly(v, "fusion", Set.of("method", "k", "normalization"));
    } else {
      throw ApiException.badField("fusion", "fusion must be \"rrf\", \"weighted\", \"m3\" or an object with a method");
    }
    switch (method.toLowerCase(Locale.ROOT)) {
      case "rrf" -> {
        int k = spec == null ? 60 : integer(spec, "k", 60, 1, 100_000);
        return new Fusion.Rrf(k);
      }
      case "weighted" -> {
        Normalization n = Normalization.MIN_MAX;
        JsonNode norm = spec == null ? null : spec.get("normalization");
        if (norm != null && !norm.isNull()) {
          try {
            n = Normalization.valueOf(norm.asText().toUpperCase(Locale.ROOT).replace('-', '_'));
          } catch (IllegalArgumentException e) {
            throw ApiException.badField("fusion.normalization", "fusion.normalization must be min_max or z_score, got: "
                + norm);
          }
        }
        return new Fusion.Weighted(n);
      }
      case "m3" -> {
        return new Fusion.M3();
      }
      default -> throw ApiException.badField("fusion", "unknown fusion \"" + method + "\"; use rrf, weighted or m3");
    }
  }

  private static GroupBy groupBy(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual() && v.asText().equals("document")) {
      return GroupBy.bestChunk();
    }
    if (v.isObject() && v.size() == 1 && v.has("per_document")) {
      return new GroupBy(integer(v, "per_document", 1, 1, 1000));
    }
    throw ApiException.badField("group_by", "group_by must be \"document\" or {\"per_document\": n}, got: " + v);
  }

  private static int[] neighbours(JsonNode v) {
    if (v == null || v.isNull()) {
      return new int[] {0, 0};
    }
    if (v.isIntegralNumber()) {
      if (v.asLong() < 0 || v.asLong() > 20) {
        throw ApiException.badField("neighbours", "neighbours must be from 0 to 20, got: " + v);
      }
      return new int[] {v.asInt(), v.asInt()};
    }
    if (v.isObject()) {
      Json.requireOnly(v, "neighbours", Set.of("before", "after"));
      return new int[] {integer(v, "before", 0, 0, 20), integer(v, "after", 0, 0, 20)};
    }
    throw ApiException.badField("neighbours", "neighbours must be a whole number (before and after) or {\"before\": n,"
        + " \"after\": n}, got: " + v);
  }
}
