package dev.ragserver.ingest.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's counters, lists and ETA, as its status reports them. */
class JobProgressTest {
  @Test
  void countsListsAndTheEtaFollowWhatTheJobDid() {
    JobProgress p = new JobProgress("j", "c", 10, 1);
    p.failed("/walk/unreadable", "permission denied");
    assertEquals(-1, p.status().etaSeconds(), "no estimate before a file of the plan is done");
    p.ingested("/a.md", 3, List.of("a heading without text"));
    p.skipped();
    p.embedded(2_000_000_000L);
    JobStatus s = p.status();
    assertEquals(3, s.filesDone());
    assertEquals(3, s.chunks());
    assertEquals(2.0, s.embedSeconds(), 1e-9);
    assertEquals(List.of(new FileFailure("/a.md", "a heading without text")), s.warnings());
    assertTrue(s.etaSeconds() >= 0, "an estimate once files are done: " + s.etaSeconds());
    p.finish(JobState.PARTIAL, "");
    assertEquals(0, p.status().etaSeconds());
    assertEquals(JobState.PARTIAL, p.status().state());
  }

  @Test
  void failuresAreCountedPastTheListedOnes() {
    JobProgress p = new JobProgress("j", "c", 5_000, 0);
    for (int i = 0; i < JobProgress.MAX_LISTED + 5; i++) {
      p.failed("/f" + i, "broken");
    }
    assertEquals(JobProgress.MAX_LISTED + 5, p.status().filesFailed());
    assertEquals(JobProgress.MAX_LISTED, p.status().failures().size());
  }
}
