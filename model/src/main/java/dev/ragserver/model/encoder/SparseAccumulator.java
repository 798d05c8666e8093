package dev.ragserver.model.encoder;

import dev.ragserver.model.SparseVector;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * FlagEmbedding's {@code _process_token_weights}: per token id the maximum weight, special ids
 * dropped, only weights &gt; 0 kept.
 */
final class SparseAccumulator {
  private final Set<Integer> specialIds;
  private final Map<Integer, Float> weights = new HashMap<>();

  SparseAccumulator(Set<Integer> specialIds) {
    this.specialIds = specialIds;
  }

  void add(long tokenId, float weight) {
    int id = (int) tokenId;
    if (!(weight > 0) || specialIds.contains(id)) {
      return;
    }
    weights.merge(id, weight, Math::max);
  }

  SparseVector build() {
    return SparseVector.of(weights);
  }
}
