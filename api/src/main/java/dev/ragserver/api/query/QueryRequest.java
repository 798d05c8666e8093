package dev.ragserver.api.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code POST /v1/collections/{c}/query}; every field but one of {@code query} and
 * {@code image} is optional, and the server's defaults ({@code search} section) fill the rest.
 * Build one with {@link #text(String)} or {@link #image(byte[])} and the {@code with…} methods.
 *
 * @param query the query text
 * @param image the query image, base64-encoded
 * @param topK hits to return
 * @param offset hits to skip (paging)
 * @param legs the legs to run, by name (dense, sparse, bm25, colbert, image), each with optional
 *     settings
 * @param fusion how the legs' rankings are fused
 * @param filter a filter on metadata and built-in fields (see {@link Filters})
 * @param groupBy at most this many hits per document
 * @param neighbours chunks before and after each hit to return with it
 * @param scoreThreshold drop hits whose normalised score is below this (0..1)
 * @param minRelevance drop hits whose relevance is below this (0..1)
 * @param explain return each leg's score and rank, and timings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryRequest(
    String query,
    String image,
    Integer topK,
    Integer offset,
    Map<String, LegSettings> legs,
    FusionSpec fusion,
    JsonNode filter,
    GroupSpec groupBy,
    NeighbourSpec neighbours,
    Double scoreThreshold,
    Double minRelevance,
    Boolean explain) {
  /**
   * A leg's settings; null fields take the server's defaults.
   *
   * @param candidates candidates the leg returns before fusion
   * @param weight the leg's weight in fusion
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LegSettings(Integer candidates, Double weight) {
    /** The leg with the server's settings. */
    public static LegSettings defaults() {
      return new LegSettings(null, null);
    }
  }

  /**
   * A fusion method and its parameters.
   *
   * @param method rrf, weighted or m3
   * @param k RRF's k (rrf only)
   * @param normalization min_max or z_score (weighted only)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FusionSpec(String method, Integer k, String normalization) {
    /** Reciprocal rank fusion with the server's k. */
    public static FusionSpec rrf() {
      return new FusionSpec("rrf", null, null);
    }

    /** A weighted sum of normalised scores with the server's normalisation. */
    public static FusionSpec weighted() {
      return new FusionSpec("weighted", null, null);
    }
  }

  /**
   * Grouping by document.
   *
   * @param perDocument hits kept per document
   */
  public record GroupSpec(int perDocument) {}

  /**
   * Neighbouring chunks returned with each hit.
   *
   * @param before chunks before the hit
   * @param after chunks after the hit
   */
  public record NeighbourSpec(int before, int after) {}

  /** A query by text. */
  public static QueryRequest text(String text) {
    return new Fields().edit(f -> f.query = text);
  }

  /** A query by image (the image file's bytes: PNG, JPEG, ...). */
  public static QueryRequest image(byte[] image) {
    return new Fields().edit(f -> f.image = Base64.getEncoder().encodeToString(image));
  }

  /** This query with text beside its image (or instead of its text). */
  public QueryRequest withText(String text) {
    return new Fields(this).edit(f -> f.query = text);
  }

  /** This query returning {@code topK} hits after skipping {@code offset}. */
  public QueryRequest withPage(int topK, int offset) {
    return new Fields(this)
        .edit(
            f -> {
              f.topK = topK;
              f.offset = offset;
            });
  }

  /** This query returning the best {@code topK} hits. */
  public QueryRequest withTopK(int topK) {
    return new Fields(this).edit(f -> f.topK = topK);
  }

  /** This query running only these legs, each with the server's settings. */
  public QueryRequest withLegs(List<String> names) {
    Map<String, LegSettings> m = new LinkedHashMap<>();
    names.forEach(n -> m.put(n, LegSettings.defaults()));
    return withLegSettings(m);
  }

  /** This query running only these legs, with these settings. */
  public QueryRequest withLegSettings(Map<String, LegSettings> legs) {
    Map<String, LegSettings> copy =
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(legs));
    return new Fields(this).edit(f -> f.legs = copy);
  }

  /** This query fused this way. */
  public QueryRequest withFusion(FusionSpec fusion) {
    return new Fields(this).edit(f -> f.fusion = fusion);
  }

  /** This query restricted to chunks the filter matches. */
  public QueryRequest withFilter(JsonNode filter) {
    return new Fields(this).edit(f -> f.filter = filter);
  }

  /** This query keeping at most {@code n} hits per document. */
  public QueryRequest withPerDocument(int n) {
    return new Fields(this).edit(f -> f.groupBy = new GroupSpec(n));
  }

  /** This query returning each hit with the chunks around it. */
  public QueryRequest withNeighbours(int before, int after) {
    return new Fields(this).edit(f -> f.neighbours = new NeighbourSpec(before, after));
  }

  /** This query dropping hits below these thresholds (null: none). */
  public QueryRequest withThresholds(Double scoreThreshold, Double minRelevance) {
    return new Fields(this)
        .edit(
            f -> {
              f.scoreThreshold = scoreThreshold;
              f.minRelevance = minRelevance;
            });
  }

  /** This query with each leg's score and rank and the timings in the response. */
  public QueryRequest withExplain() {
    return new Fields(this).edit(f -> f.explain = true);
  }

  /** The fields of a request being edited: a copy, changed, then built into a new request. */
  private static final class Fields {
    private String query;
    private String image;
    private Integer topK;
    private Integer offset;
    private Map<String, LegSettings> legs;
    private FusionSpec fusion;
    private JsonNode filter;
    private GroupSpec groupBy;
    private NeighbourSpec neighbours;
    private Double scoreThreshold;
    private Double minRelevance;
    private Boolean explain;

    Fields() {}

    Fields(QueryRequest r) {
      query = r.query;
      image = r.image;
      topK = r.topK;
      offset = r.offset;
      legs = r.legs;
      fusion = r.fusion;
      filter = r.filter;
      groupBy = r.groupBy;
      neighbours = r.neighbours;
      scoreThreshold = r.scoreThreshold;
      minRelevance = r.minRelevance;
      explain = r.explain;
    }

    QueryRequest edit(java.util.function.Consumer<Fields> change) {
      change.accept(this);
      return new QueryRequest(
          query,
          image,
          topK,
          offset,
          legs,
          fusion,
          filter,
          groupBy,
          neighbours,
          scoreThreshold,
          minRelevance,
          explain);
    }
  }
}
