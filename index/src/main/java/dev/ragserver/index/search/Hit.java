package dev.ragserver.index.search;

import dev.ragserver.index.schema.StoredChunk;
import java.util.List;
import java.util.Map;

/**
 * One result.
 *
 * @param chunk the stored chunk
 * @param score the fused score
 * @param normalizedScore the fused score scaled to 0..1 (what a score threshold compares)
 * @param legs each leg's score and rank; a leg that missed the chunk is absent
 * @param neighbours chunks before and after it in the same document, in order (when asked)
 */
public record Hit(
    StoredChunk chunk,
    float score,
    float normalizedScore,
    Map<Leg, LegScore> legs,
    List<StoredChunk> neighbours) {
  public Hit {
    legs = Map.copyOf(legs);
    neighbours = List.copyOf(neighbours);
  }
}
