package dev.ragserver.index.collection;

/**
 * A backend's health as {@code /readyz} and {@code /metrics} report it.
 *
 * @param backend the backend's name ({@code opensearch})
 * @param status {@code green}, {@code yellow} or {@code red}; {@link #UNREACHABLE} when the check
 *     got no answer
 * @param nodes nodes that answered (0 when unreachable)
 * @param unassignedShards shard copies no node holds (0 when unreachable)
 * @param problem why collections on it cannot be served now, or null when they can
 */
public record BackendHealth(
    String backend, String status, int nodes, int unassignedShards, String problem) {
  /** The status of a backend that did not answer the check. */
  public static final String UNREACHABLE = "unreachable";

  /** Whether it answered the check. */
  public boolean reachable() {
    return !UNREACHABLE.equals(status);
  }

  /**
   * What is degraded while collections can still be served (a yellow cluster: replica copies
   * without a node), or null when nothing is.
   */
  public String degraded() {
    if (!"yellow".equals(status)) {
      return null;
    }
    return unassignedShards
        + " shard "
        + (unassignedShards == 1 ? "copy has" : "copies have")
        + " no node: every primary is assigned, so searches and writes go on, with fewer copies"
        + " until the cluster places them ("
        + nodes
        + " nodes answer)";
  }

  /** Whether collections on this backend can be served. */
  public boolean usable() {
    return problem == null;
  }
}
