package dev.ragserver.config;

import java.util.List;

/**
 * The HTTP server: where it listens, who may call it, and the limits that keep it healthy.
 *
 * @param host interface to bind; with no API keys configured the server binds 127.0.0.1 whatever
 *     this says
 * @param port TCP port
 * @param adminKeys API keys allowed everything
 * @param readKeys API keys allowed to read: query, embeddings, get documents and collections
 * @param maxRequestBytes largest request body (JSON or multipart)
 * @param maxFilesPerUpload most files in one multipart upload
 * @param maxQueryChars longest query text
 * @param requestTimeoutMs a query or embedding request taking longer is answered 503
 * @param ingestRoots server-side folders an ingest job may read (admin only); empty = none
 */
public record ServerConfig(
    String host,
    int port,
    List<String> adminKeys,
    List<String> readKeys,
    long maxRequestBytes,
    int maxFilesPerUpload,
    int maxQueryChars,
    int requestTimeoutMs,
    List<String> ingestRoots) {
  public ServerConfig {
    Checks.notBlank("server.host", host);
    Checks.range("server.port", port, 0, 65_535);
    adminKeys = keys("server.admin_keys", adminKeys);
    readKeys = keys("server.read_keys", readKeys);
    Checks.range("server.max_request_bytes", maxRequestBytes, 1024, 1L << 40);
    Checks.range("server.max_files_per_upload", maxFilesPerUpload, 1, 100_000);
    Checks.range("server.max_query_chars", maxQueryChars, 1, 1_000_000);
    Checks.range("server.request_timeout_ms", requestTimeoutMs, 10, 3_600_000);
    Checks.notNull("server.ingest_roots", ingestRoots);
    ingestRoots = List.copyOf(ingestRoots);
  }

  private static List<String> keys(String name, List<String> keys) {
    Checks.notNull(name, keys);
    for (String k : keys) {
      if (k == null || k.length() < 16) {
        throw new IllegalArgumentException(
            name
                + " must hold keys of at least 16 characters, got one of "
                + (k == null ? "null" : k.length() + " characters"));
      }
    }
    return List.copyOf(keys);
  }

  /** Whether any API key is configured (else the server is open and binds to localhost only). */
  public boolean authEnabled() {
    return !adminKeys.isEmpty() || !readKeys.isEmpty();
  }
}
