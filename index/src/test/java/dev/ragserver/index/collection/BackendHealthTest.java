package dev.ragserver.index.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What /readyz says of a cluster: degraded but serving when yellow, nothing when green. */
class BackendHealthTest {
  @Test
  void aYellowClusterSaysWhatItLacksAndStillServes() {
    BackendHealth yellow = new BackendHealth("opensearch", "yellow", 2, 3, null);
    assertTrue(yellow.usable());
    assertEquals(
        "3 shard copies have no node: every primary is assigned, so searches and writes go on,"
            + " with fewer copies until the cluster places them (2 nodes answer)",
        yellow.degraded());
    assertEquals(
        "1 shard copy has no node: every primary is assigned, so searches and writes go on, with"
            + " fewer copies until the cluster places them (3 nodes answer)",
        new BackendHealth("opensearch", "yellow", 3, 1, null).degraded());
  }

  @Test
  void greenRedAndUnreachableAreNotDegraded() {
    assertNull(new BackendHealth("opensearch", "green", 3, 0, null).degraded());
    BackendHealth red = new BackendHealth("opensearch", "red", 1, 4, "the cluster is red");
    assertNull(red.degraded(), "red is a problem, not a degradation");
    assertFalse(red.usable());
    assertNull(
        new BackendHealth("opensearch", BackendHealth.UNREACHABLE, 0, 0, "no host").degraded());
  }
}
