package dev.ragserver.index.collection;

/**
 * A backend's health as {@code /readyz} and {@code /metrics} report it.
 *
 * @param backend the backend's name ({@code opensearch})
 * @param status {@code green}, {@code yellow} or {@code red}; {@link #UNREACHABLE} when the check
 *     got no answer
 * @param nodes nodes that answered (0 when unreachable)
 * @param problem why collections on it cannot be served now, or null when they can
 */
public record BackendHealth(String backend, String status, int nodes, String problem) {
  /** The status of a backend that did not answer the check. */
  public static final String UNREACHABLE = "unreachable";

  /** Whether it answered the check. */
  public boolean reachable() {
    return !UNREACHABLE.equals(status);
  }

  /** Whether collections on this backend can be served. */
  public boolean usable() {
    return problem == null;
  }
}
