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
 * @param keysFile the file of named keys, each with a role and the collections it may use, stored
 *     as SHA-256 digests ({@code ./rag keys add}); "" = {@code keys.yaml} in the data folder
 * @param maxRequestBytes largest request body (JSON or multipart)
 * @param maxFilesPerUpload most files in one multipart upload
 * @param maxQueryChars longest query text
 * @param requestTimeoutMs a query or embedding request taking longer is answered 503
 * @param ingestRoots server-side folders an ingest job may read (admin only); empty = none
 * @param metricsAccess who may read {@code /metrics} when API keys are configured
 * @param allowedHosts {@code Host} header values accepted besides the loopback names and the bound
 *     host; with API keys configured and this empty, any host is accepted
 * @param allowedOrigins browser origins ({@code https://app.example.com}) allowed to call the API
 *     besides the server's own; any other {@code Origin} is refused
 * @param minBodyBytesPerSecond a request body arriving slower than this (after one second) is cut
 *     off with 408; 0 = no minimum
 * @param maxConcurrentQueries most queries, retrievals and embedding requests served at once; more
 *     are answered 503 at once
 * @param maxConcurrentWrites most write requests (uploads, document writes, jobs, collection
 *     changes) served at once; more are answered 503 at once
 * @param maxQueryImagePixels largest query image, in pixels (ingest has its own limit)
 * @param maxEmbeddingTokens most tokens (inputs × tokens each) one embeddings request may ask for
 * @param auditLog the audit trail (one JSON line per write): a file path, "" = {@code audit.log} in
 *     the data folder, {@code off} = none
 * @param auditMaxBytes the audit file is rotated past this size
 * @param auditFiles rotated audit files kept ({@code audit.log.1} newest)
 */
public record ServerConfig(
    String host,
    int port,
    List<String> adminKeys,
    List<String> readKeys,
    String keysFile,
    long maxRequestBytes,
    int maxFilesPerUpload,
    int maxQueryChars,
    int requestTimeoutMs,
    List<String> ingestRoots,
    MetricsAccess metricsAccess,
    List<String> allowedHosts,
    List<String> allowedOrigins,
    int minBodyBytesPerSecond,
    int maxConcurrentQueries,
    int maxConcurrentWrites,
    long maxQueryImagePixels,
    int maxEmbeddingTokens,
    String auditLog,
    long auditMaxBytes,
    int auditFiles) {
  public ServerConfig {
    Checks.notBlank("server.host", host);
    Checks.range("server.port", port, 0, 65_535);
    adminKeys = keys("server.admin_keys", adminKeys);
    readKeys = keys("server.read_keys", readKeys);
    Checks.notNull("server.keys_file", keysFile);
    Checks.range("server.max_request_bytes", maxRequestBytes, 1024, 1L << 40);
    Checks.range("server.max_files_per_upload", maxFilesPerUpload, 1, 100_000);
    Checks.range("server.max_query_chars", maxQueryChars, 1, 1_000_000);
    Checks.range("server.request_timeout_ms", requestTimeoutMs, 10, 3_600_000);
    Checks.notNull("server.ingest_roots", ingestRoots);
    ingestRoots = List.copyOf(ingestRoots);
    Checks.notNull("server.metrics_access", metricsAccess);
    allowedHosts = hosts(allowedHosts);
    allowedOrigins = origins(allowedOrigins);
    Checks.range("server.min_body_bytes_per_second", minBodyBytesPerSecond, 0, 1 << 30);
    Checks.range("server.max_concurrent_queries", maxConcurrentQueries, 1, 100_000);
    Checks.range("server.max_concurrent_writes", maxConcurrentWrites, 1, 100_000);
    Checks.range("server.max_query_image_pixels", maxQueryImagePixels, 1, 1L << 40);
    Checks.range("server.max_embedding_tokens", maxEmbeddingTokens, 1, 100_000_000);
    Checks.notNull("server.audit_log", auditLog);
    Checks.range("server.audit_max_bytes", auditMaxBytes, 1024, 1L << 40);
    Checks.range("server.audit_files", auditFiles, 1, 1000);
  }

  private static List<String> hosts(List<String> hosts) {
    Checks.notNull("server.allowed_hosts", hosts);
    for (String h : hosts) {
      if (h == null || h.isBlank() || h.contains("/") || h.contains(" ")) {
        throw new IllegalArgumentException(
            "server.allowed_hosts must hold host names (optionally with :port), got: \""
                + h
                + "\"");
      }
    }
    return hosts.stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList();
  }

  private static List<String> origins(List<String> origins) {
    Checks.notNull("server.allowed_origins", origins);
    for (String o : origins) {
      if (o == null || !o.matches("(?i)https?://[^/\\s]+")) {
        throw new IllegalArgumentException(
            "server.allowed_origins must hold origins such as https://app.example.com"
                + " (scheme, host, optional port, no path), got: \""
                + o
                + "\"");
      }
    }
    return origins.stream().map(o -> o.toLowerCase(java.util.Locale.ROOT)).toList();
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
