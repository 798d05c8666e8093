package dev.ragserver.tools.bench.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code ./rag bench serve} refuses before it builds anything, and says why. */
class ServeBenchmarkPlanTest {
  @Test
  void aPlanKeepsItsLevelsInOrderAndCannotBeChangedAfterwards() {
    List<Integer> levels = new ArrayList<>(List.of(1, 8, 32));
    ServeBenchmark.Plan plan = new ServeBenchmark.Plan(5000, levels, 10, 20, 1);
    levels.add(64);
    assertEquals(List.of(1, 8, 32), plan.concurrencies());
    assertThrows(UnsupportedOperationException.class, () -> plan.concurrencies().add(2));
  }

  @Test
  void aZeroWarmUpIsAllowed() {
    assertEquals(0, new ServeBenchmark.Plan(10, List.of(1), 1, 0, 1).warmupSeconds());
  }

  @Test
  void impossiblePlansAreRefusedNamingTheValue() {
    assertEquals(
        "chunks must be at least 1, got: 0",
        refused(() -> new ServeBenchmark.Plan(0, List.of(1), 10, 20, 1)));
    assertEquals(
        "concurrencies must be one or more numbers of at least 1, got: [1, 0]",
        refused(() -> new ServeBenchmark.Plan(10, List.of(1, 0), 10, 20, 1)));
    assertEquals(
        "concurrencies must be one or more numbers of at least 1, got: []",
        refused(() -> new ServeBenchmark.Plan(10, List.of(), 10, 20, 1)));
    assertEquals(
        "seconds per level must be at least 1, got: 0",
        refused(() -> new ServeBenchmark.Plan(10, List.of(1), 0, 20, 1)));
    assertEquals(
        "warm-up seconds must be at least 0, got: -1",
        refused(() -> new ServeBenchmark.Plan(10, List.of(1), 10, -1, 1)));
    assertEquals(
        "replicas must be at least 1, got: 0",
        refused(() -> new ServeBenchmark.Plan(10, List.of(1), 10, 20, 0)));
  }

  private static String refused(Runnable plan) {
    return assertThrows(IllegalArgumentException.class, plan::run).getMessage();
  }
}
