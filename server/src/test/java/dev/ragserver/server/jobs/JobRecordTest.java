package dev.ragserver.server.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.api.jobs.JobView;
import dev.ragserver.ingest.job.FileFailure;
import dev.ragserver.ingest.job.JobState;
import dev.ragserver.ingest.job.JobStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobRecordTest {
  private static final long T = 1_800_000_000_000L;

  private static JobStatus status(JobState state) {
    return new JobStatus(
        "job-1",
        "kb",
        state,
        10,
        4,
        1,
        1,
        0,
        12,
        2.5,
        3.0,
        state.finished() ? -1 : 9,
        Instant.ofEpochMilli(T - 5_000),
        state.finished() ? Instant.ofEpochMilli(T) : null,
        List.of(new FileFailure("a.pdf", "encrypted")),
        List.of(),
        "");
  }

  @Test
  void anotherServerShowsThePublishedStatusAsTheRunningServerDoes() {
    JobStatus running = status(JobState.RUNNING);
    ObjectNode record = JobRecord.of(running, "12@host-a", T);
    assertEquals("kb", record.get("collection").asText());
    assertEquals(JobViews.of(running), JobRecord.view(record, T + 1_000));
    assertFalse(JobRecord.cancelRequested(record));
  }

  @Test
  void aRunningJobNotHeardOfForThirtySecondsIsReportedFailedNamingItsServer() {
    ObjectNode record = JobRecord.of(status(JobState.RUNNING), "12@host-a", T);
    assertEquals("running", JobRecord.view(record, T + 30_000).state(), "30 s is not yet lost");
    JobView lost = JobRecord.view(record, T + 30_001);
    assertEquals("failed", lost.state());
    assertNull(lost.etaSeconds());
    assertEquals(6, lost.filesDone(), "the counts stay as last published");
    assertEquals(
        "server 12@host-a running this job stopped reporting its progress at "
            + Instant.ofEpochMilli(T)
            + "; run the job again (files already ingested are skipped)",
        lost.message());
  }

  @Test
  void aFinishedJobStaysAsItEndedHoweverOld() {
    JobStatus done = status(JobState.PARTIAL);
    ObjectNode record = JobRecord.of(done, "12@host-a", T);
    assertEquals(JobViews.of(done), JobRecord.view(record, T + 86_400_000L));
    assertTrue(JobRecord.finished(JobViews.of(done)));
  }

  @Test
  void aCancelAskedByAnotherServerIsAFlagInTheRecord() {
    ObjectNode record = JobRecord.of(status(JobState.RUNNING), "12@host-a", T);
    record.setAll(JobRecord.cancelFlag());
    assertTrue(JobRecord.cancelRequested(record));
  }
}
