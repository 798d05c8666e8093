package dev.ragserver.config;

/** Who may read {@code /metrics} when API keys are configured (keyless, everything is open). */
public enum MetricsAccess {
  /** Anyone who can reach the port: for a Prometheus that scrapes without credentials. */
  OPEN,
  /**
   * Keys whose collections are {@code *} only (collection names and sizes are neither public nor
   * for a key scoped to some collections).
   */
  READ
}
