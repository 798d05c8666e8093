package dev.ragserver.index.search;

import dev.ragserver.index.schema.StoredChunk;
import java.util.List;
import java.util.Map;

/**
 * One result.
 *
 * @param chunk the stored chunk
 * @param score the fused score
 * @param normalizedScore the fused score scaled to 0..1 within this answer (rank-based)
 * @param relevance the estimated probability that the chunk is relevant (0..1, comparable across
 *     queries: what a threshold for "nothing relevant was found" should compare)
 * @param legs each leg's score and rank; a leg that missed the chunk is absent
 * @param neighbours chunks before and after it in the same document, in order (when asked)
 */
public record Hit(
    StoredChunk chunk,
    float score,
    float normalizedScore,
    float relevance,
    Map<Leg, LegScore> legs,
    List<StoredChunk> neighbours) {
  public Hit {
    legs = Map.copyOf(legs);
    neighbours = List.copyOf(neighbours);
  }
}
