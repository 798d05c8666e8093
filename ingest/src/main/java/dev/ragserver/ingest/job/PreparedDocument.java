package dev.ragserver.ingest.job;

import java.util.List;

/**
 * What a parse thread made of one input: chunks ready to embed, or a skip, or a failure.
 *
 * @param input the file
 * @param chunks chunks to embed (empty unless ready)
 * @param skipped whether the file is unchanged since it was last ingested
 * @param failure why it failed, or null
 * @param warnings notes about the file that did not stop it
 */
record PreparedDocument(
    IngestInput input,
    List<PendingChunk> chunks,
    boolean skipped,
    String failure,
    List<String> warnings) {

  static PreparedDocument ready(
      IngestInput input, List<PendingChunk> chunks, List<String> warnings) {
    return new PreparedDocument(input, List.copyOf(chunks), false, null, warnings);
  }

  static PreparedDocument skipped(IngestInput input) {
    return new PreparedDocument(input, List.of(), true, null, List.of());
  }

  static PreparedDocument failed(IngestInput input, String reason) {
    return new PreparedDocument(input, List.of(), false, reason, List.of());
  }
}
