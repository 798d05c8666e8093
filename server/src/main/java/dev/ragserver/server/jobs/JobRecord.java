package dev.ragserver.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.api.jobs.JobView;
import dev.ragserver.ingest.job.JobState;
import dev.ragserver.ingest.job.JobStatus;
import dev.ragserver.server.http.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A job's shared record and back: the collection, the server that runs it, when it last published,
 * whether another server asked it to stop, and its status as the API shows it ({@link JobView}).
 */
final class JobRecord {
  /**
   * An unfinished job whose record is older than this is reported failed: its server stopped (or
   * lost the cluster) without finishing it.
   */
  static final Duration LOST_AFTER = Duration.ofSeconds(30);

  private static final String CANCEL = "cancel_requested";

  private JobRecord() {}

  /** The record a server publishes for a job's status at {@code nowMillis}. */
  static ObjectNode of(JobStatus status, String server, long nowMillis) {
    ObjectNode record = Json.MAPPER.createObjectNode();
    record
        .put("collection", status.collection())
        .put("server", server)
        .put("updated_at", nowMillis);
    record.set("status", Json.MAPPER.valueToTree(JobViews.of(status)));
    return record;
  }

  /** The fields that ask the job's server to cancel it. */
  static ObjectNode cancelFlag() {
    return Json.MAPPER.createObjectNode().put(CANCEL, true);
  }

  /** Whether another server asked for the job to stop. */
  static boolean cancelRequested(JsonNode record) {
    return record.path(CANCEL).asBoolean();
  }

  /**
   * The job's status as the API shows it at {@code nowMillis}: as published, except that an
   * unfinished job not heard of for {@link #LOST_AFTER} is failed, saying which server went quiet.
   */
  static JobView view(JsonNode record, long nowMillis) {
    JobView v;
    try {
      v = Json.MAPPER.treeToValue(record.path("status"), JobView.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("a shared job record cannot be read: " + e.getMessage(), e);
    }
    long updated = record.path("updated_at").asLong();
    if (!finished(v) && nowMillis - updated > LOST_AFTER.toMillis()) {
      return JobViews.failed(
          v,
          "server "
              + record.path("server").asText()
              + " running this job stopped reporting its progress at "
              + Instant.ofEpochMilli(updated)
              + "; run the job again (files already ingested are skipped)");
    }
    return v;
  }

  /** Whether a job has stopped. */
  static boolean finished(JobView v) {
    return JobState.valueOf(v.state().toUpperCase(Locale.ROOT)).finished();
  }
}
