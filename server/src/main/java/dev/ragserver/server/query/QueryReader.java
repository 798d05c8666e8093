package dev.ragserver.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.index.search.Fusion;
import dev.ragserver.index.search.GroupBy;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.Normalization;
import dev.ragserver.index.search.QueryLimits;
import dev.ragserver.index.search.SearchDefaults;
import dev.ragserver.index.search.SearchOptions;
import dev.ragserver.index.search.SearchQuery;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds the JSON body of a query (or a multipart query's {@code request} part) to a {@link
 * SearchQuery} builder: this class checks only JSON shapes (a string where a string belongs, an
 * array or object for {@code legs}, ...), naming the field of every mistake; the ranges and limits
 * are the query's own rules, checked once when it is built.
 */
public final class QueryReader {
  private static final Set<String> FIELDS =
      Set.of(
          "query",
          "image",
          "top_k",
          "offset",
          "legs",
          "fusion",
          "filter",
          "group_by",
          "neighbours",
          "score_threshold",
          "min_relevance",
          "explain");

  private final SearchDefaults defaults;
  private final QueryLimits limits;

  public QueryReader(SearchDefaults defaults, QueryLimits limits) {
    this.defaults = defaults;
    this.limits = limits;
  }

  /** The query in this body. */
  public SearchQuery read(JsonNode body) {
    return builder(body).build();
  }

  /**
   * A multipart query: the {@code request} part's JSON (null for none), the {@code query} form
   * field and the uploaded image's bytes, each taking the place of the JSON's own field.
   */
  public SearchQuery read(JsonNode request, String text, byte[] image) {
    SearchQuery.Builder b = builder(request == null ? Json.MAPPER.createObjectNode() : request);
    if (text != null) {
      b.text(text);
    }
    if (image != null) {
      b.image(image);
    }
    return b.build();
  }

  private SearchQuery.Builder builder(JsonNode body) {
    Json.requireOnly(body, "", FIELDS);
    SearchQuery.Builder b = SearchQuery.builder(defaults, limits).text(optionalText(body, "query"));
    String imageText = optionalText(body, "image");
    if (imageText != null) {
      try {
        b.image(Base64.getDecoder().decode(imageText.replaceFirst("^data:[^,]*,", "")));
      } catch (IllegalArgumentException e) {
        throw ApiException.badField(
            "image",
            "image must be base64-encoded bytes (optionally a data: URL): " + e.getMessage());
      }
    }
    b.topK(integer(body, "top_k", defaults.topK(), 1, limits.maxTopK()));
    b.offset(integer(body, "offset", 0, 0, limits.maxTopK()));
    neighbours(b, body.get("neighbours"));
    JsonNode t = body.get("score_threshold");
    if (t != null && !t.isNull()) {
      b.scoreThreshold(fraction(t, "score_threshold"));
    }
    JsonNode r = body.get("min_relevance");
    if (r != null && !r.isNull()) {
      b.minRelevance(fraction(r, "min_relevance"));
    }
    JsonNode explain = body.get("explain");
    if (explain != null && !explain.isNull() && !explain.isBoolean()) {
      throw ApiException.badField("explain", "explain must be true or false, got: " + explain);
    }
    b.explain(explain != null && explain.asBoolean());
    b.legs(legs(body.get("legs")));
    Fusion fusion = fusion(body.get("fusion"));
    if (fusion != null) {
      b.fusion(fusion);
    }
    b.filter(FilterJson.parse(body.get("filter"), "filter"));
    b.groupBy(groupBy(body.get("group_by")));
    return b;
  }

  private static String optionalText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badField(
          field,
          field + " must be a string, got: " + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return v.asText();
  }

  /**
   * A whole number (its range is the query's rule; {@code max} only shapes the message for values
   * that are not whole numbers at all).
   */
  private static int integer(JsonNode body, String field, int fallback, int min, int max) {
    return integer(body, field, field, fallback, min, max);
  }

  static int integer(JsonNode body, String field, String path, int fallback, int min, int max) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiException.badField(
          path, path + " must be a whole number from " + min + " to " + max + ", got: " + v);
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
          throw ApiException.badField(
              "legs[" + i + "]", "legs[" + i + "] must be a leg name: " + legNames());
        }
        out.add(LegSpec.of(leg(name.asText(), "legs[" + i + "]")));
      }
    } else if (v.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = "legs." + e.getKey();
        Leg leg = leg(e.getKey(), path);
        JsonNode spec = e.getValue();
        if (spec.isNull() || (spec.isObject() && spec.isEmpty())) {
          out.add(LegSpec.of(leg));
          continue;
        }
        if (!spec.isObject()) {
          throw ApiException.badField(
              path, path + " must be an object with candidates and/or weight");
        }
        Json.requireOnly(spec, path, Set.of("candidates", "weight"));
        int candidates = integer(spec, "candidates", path + ".candidates", 0, 1, 10_000);
        float weight = Float.NaN;
        JsonNode w = spec.get("weight");
        if (w != null && !w.isNull()) {
          if (!w.isNumber() || w.asDouble() < 0) {
            throw ApiException.badField(
                path + ".weight", path + ".weight must be a number >= 0, got: " + w);
          }
          weight = (float) w.asDouble();
        }
        try {
          out.add(new LegSpec(leg, candidates, weight));
        } catch (IllegalArgumentException bad) {
          throw ApiException.badField(path, bad.getMessage());
        }
      }
    } else {
      throw ApiException.badField(
          "legs", "legs must be an array of leg names or an object of leg settings: " + legNames());
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

  private Fusion fusion(JsonNode v) {
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
      throw ApiException.badField(
          "fusion", "fusion must be \"rrf\", \"weighted\", \"m3\" or an object with a method");
    }
    // the named fusion with every default (RRF's k is search.rrf_k however the request spells it)
    Fusion named = defaults.fusion(method);
    if (spec == null) {
      return named;
    }
    return switch (named) {
      case Fusion.Rrf rrf -> {
        int k = integer(spec, "k", "fusion.k", rrf.k(), 1, 100_000);
        if (k < 1 || k > 100_000) {
          throw ApiException.badField(
              "fusion.k", "fusion.k must be a whole number from 1 to 100000, got: " + k);
        }
        yield new Fusion.Rrf(k);
      }
      case Fusion.Weighted weighted -> {
        JsonNode norm = spec.get("normalization");
        if (norm == null || norm.isNull()) {
          yield weighted;
        }
        try {
          yield new Fusion.Weighted(
              Normalization.valueOf(norm.asText().toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
          throw ApiException.badField(
              "fusion.normalization",
              "fusion.normalization must be min_max or z_score, got: " + norm);
        }
      }
      case Fusion.M3 m3 -> m3;
    };
  }

  private static GroupBy groupBy(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual() && v.asText().equals("document")) {
      return GroupBy.bestChunk();
    }
    if (v.isObject() && v.size() == 1 && v.has("per_document")) {
      int n = integer(v, "per_document", "group_by.per_document", 1, 1, 1000);
      try {
        return new GroupBy(n);
      } catch (IllegalArgumentException e) {
        throw ApiException.badField("group_by.per_document", e.getMessage());
      }
    }
    throw ApiException.badField(
        "group_by", "group_by must be \"document\" or {\"per_document\": n}, got: " + v);
  }

  private static float fraction(JsonNode v, String field) {
    if (!v.isNumber()) {
      throw ApiException.badField(field, field + " must be a number between 0 and 1, got: " + v);
    }
    return (float) v.asDouble();
  }

  private static void neighbours(SearchQuery.Builder b, JsonNode v) {
    if (v == null || v.isNull()) {
      return;
    }
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      b.neighbours(v.asInt(), v.asInt());
      return;
    }
    if (v.isObject()) {
      Json.requireOnly(v, "neighbours", Set.of("before", "after"));
      int max = SearchOptions.MAX_NEIGHBOURS;
      b.neighbours(
          integer(v, "before", "neighbours.before", 0, 0, max),
          integer(v, "after", "neighbours.after", 0, 0, max));
      return;
    }
    throw ApiException.badField(
        "neighbours",
        "neighbours must be a whole number (before and after) or {\"before\": n,"
            + " \"after\": n}, got: "
            + v);
  }
}
