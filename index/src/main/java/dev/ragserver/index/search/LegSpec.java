package dev.ragserver.index.search;

import java.util.Objects;

/**
 * One leg of a query.
 *
 * @param leg which leg
 * @param candidates how many candidates it retrieves (0 = the default)
 * @param weight its weight in fusion (NaN = the fusion's default)
 */
public record LegSpec(Leg leg, int candidates, float weight) {
  public LegSpec {
    Objects.requireNonNull(leg, "leg");
    if (candidates < 0 || candidates > 10_000) {
      throw new IllegalArgumentException(
          leg.key() + " candidates must be between 1 and 10000, got: " + candidates);
    }
    if (!Float.isNaN(weight) && (weight < 0 || !Float.isFinite(weight))) {
      throw new IllegalArgumentException(
          leg.key() + " weight must be finite and >= 0, got: " + weight);
    }
  }

  /** The leg with default depth and weight. */
  public static LegSpec of(Leg leg) {
    return new LegSpec(leg, 0, Float.NaN);
  }
}
