package dev.ragserver.index.collection;

/**
 * A backend's health as {@code /readyz} and {@code /metrics} report it.
 *
 * @param backend the backend's name ({@code opensearch})
 * @param reachable whether it answered the check
 * @param status {@code green}, {@code yellow} or {@code red}; when the check got no answer, the
 *     word "unreachable"
 * @param nodes nodes that answered (0 when unreachable)
 * @param problem why collections on it cannot be served now, or null when they can
 */
public record BackendHealth(
    String backend, boolean reachable, String status, int nodes, String problem) {
  /** Whether collections on this backend can be served. */
  public boolean usable() {
    return problem == null;
  }
}
