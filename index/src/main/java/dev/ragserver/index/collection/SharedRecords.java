package dev.ragserver.index.collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Small JSON records, by id, that every server over one backend reads and writes: the status of the
 * ingest jobs each server runs, so that any server answers for any job. Writes are seen by reads at
 * once (no refresh to wait for). Thread-safe.
 */
public interface SharedRecords {
  /**
   * Sets these fields of a record (creating it), leaving its other fields as they are, and returns
   * the whole record after the write.
   *
   * @throws dev.ragserver.index.IndexException when the store cannot be reached
   */
  JsonNode merge(String id, ObjectNode fields);

  /** A record, empty when there is none with this id. */
  Optional<JsonNode> get(String id);
}
