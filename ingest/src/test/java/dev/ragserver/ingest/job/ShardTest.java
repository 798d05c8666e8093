package dev.ragserver.ingest.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Shards split documents among workers: every document to exactly one, evenly, the same way. */
class ShardTest {
  @Test
  void everyDocumentBelongsToExactlyOneShard() {
    for (int n = 1; n <= 5; n++) {
      int[] per = new int[n];
      for (int d = 0; d < 3000; d++) {
        String id = "handbook/section-" + d + ".md";
        int owners = 0;
        for (int i = 1; i <= n; i++) {
          if (new Shard(i, n).owns(id)) {
            owners++;
            per[i - 1]++;
          }
        }
        assertEquals(1, owners, id + " among " + n + " shards");
      }
      for (int i = 0; i < n; i++) {
        // 3000 ids over n shards: each within 15 % of an even share
        assertTrue(
            Math.abs(per[i] - 3000.0 / n) < 0.15 * 3000.0 / n,
            "shard " + (i + 1) + "/" + n + " got " + per[i]);
      }
    }
  }

  @Test
  void theSplitDependsOnTheIdAlone() {
    // the same id goes to the same shard on every machine and every run: the first 8 bytes of
    // SHA-256("samples/lighthouses.md") as a signed long are 257325907508538068 (Python's hashlib),
    // which is 2 mod 3 and 0 mod 2: shard 3/3 and 1/2
    assertTrue(new Shard(3, 3).owns("samples/lighthouses.md"));
    assertFalse(new Shard(1, 3).owns("samples/lighthouses.md"));
    assertFalse(new Shard(2, 3).owns("samples/lighthouses.md"));
    assertTrue(new Shard(1, 2).owns("samples/lighthouses.md"));
    assertTrue(Shard.ALL.owns("anything"));
  }

  @Test
  void aShardIsWrittenIOverN() {
    assertEquals(new Shard(2, 3), Shard.parse("2/3"));
    assertEquals(new Shard(1, 1), Shard.parse(" 1 / 1 "));
    assertEquals("2/3", Shard.parse("2/3").toString());
    assertEquals(
        "a shard is I/N with 1 <= I <= N (this worker's share of N), got: 3/2",
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/2")).getMessage());
    assertEquals(
        "a shard is I/N with 1 <= I <= N (this worker's share of N), got: 0/2",
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/2")).getMessage());
    assertEquals(
        "a shard is I/N with 1 <= I <= N (this worker's share of N), got: \"half\"",
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("half")).getMessage());
  }
}
