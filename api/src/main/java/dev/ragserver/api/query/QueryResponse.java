package dev.ragserver.api.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/**
 * The response of {@code POST /v1/collections/{c}/query} (and of {@code ./rag search --json}).
 *
 * @param hits the page of hits, best first
 * @param legs the legs that ran
 * @param candidates fused candidates before threshold, grouping and paging
 * @param tookMs time to answer (embedding included)
 * @param timingsMs with {@code explain}: embedding and each leg's time, else absent
 */
public record QueryResponse(
    List<HitView> hits,
    List<String> legs,
    int candidates,
    double tookMs,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> timingsMs) {
  /**
   * One hit: its scores, the chunk's fields, and on request each leg's score and rank and the
   * neighbouring chunks.
   *
   * @param score fused score
   * @param normalizedScore fused score scaled to 0..1 within this answer (rank-based)
   * @param relevance estimated probability that the chunk is relevant (0..1, comparable across
   *     queries)
   * @param chunk the chunk (written inline)
   * @param legs with {@code explain}: each leg's score and rank (null where the leg missed it)
   * @param neighbours chunks around the hit, when asked for and there are any
   */
  public record HitView(
      float score,
      float normalizedScore,
      float relevance,
      @JsonUnwrapped ChunkView chunk,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, LegView> legs,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<ChunkView> neighbours) {}

  /**
   * A leg's raw score and rank for a hit.
   *
   * @param score the leg's own score
   * @param rank its rank in the leg, from 1
   */
  public record LegView(float score, int rank) {}
}
