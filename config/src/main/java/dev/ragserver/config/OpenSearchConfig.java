package dev.ragserver.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The OpenSearch cluster that collections created with {@code backend: opensearch} live on.
 *
 * @param hosts the nodes' HTTP base URLs ({@code http://10.0.0.1:9200}); empty = no cluster, every
 *     collection is embedded
 * @param user basic-auth user ("" = none)
 * @param password basic-auth password
 * @param caCertificate a PEM file of the certificate authorities to trust for {@code https://}
 *     hosts ("" = the JVM's trust store)
 * @param shards default primary shards of a new collection's index
 * @param replicas default replicas of each shard
 * @param timeoutMs per-request timeout
 * @param indexPrefix prefix of the index names the server creates ({@code prefix + collection
 *     name})
 * @param snapshotRepository the cluster's snapshot repository (registered by its operator) that
 *     snapshots of OpenSearch collections go to; "" = none (they are refused)
 */
public record OpenSearchConfig(
    List<String> hosts,
    String user,
    String password,
    String caCertificate,
    int shards,
    int replicas,
    int timeoutMs,
    String indexPrefix,
    String snapshotRepository) {
  /** The default {@code opensearch.index_prefix}. */
  public static final String DEFAULT_INDEX_PREFIX = "rag-";

  private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9_-]{0,40}");

  public OpenSearchConfig {
    Checks.notNull("opensearch.hosts", hosts);
    for (String h : hosts) {
      if (h == null || !(h.startsWith("http://") || h.startsWith("https://"))) {
        throw new IllegalArgumentException(
            "opensearch.hosts must be http:// or https:// URLs, got: " + h);
      }
    }
    hosts = List.copyOf(hosts);
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    caCertificate = caCertificate == null ? "" : caCertificate;
    Checks.range("opensearch.shards", shards, 1, 1024);
    Checks.range("opensearch.replicas", replicas, 0, 16);
    Checks.range("opensearch.timeout_ms", timeoutMs, 100, 600_000);
    if (indexPrefix == null || !PREFIX.matcher(indexPrefix).matches()) {
      throw new IllegalArgumentException(
          "opensearch.index_prefix must match " + PREFIX.pattern() + ", got: " + indexPrefix);
    }
    if (snapshotRepository == null
        || !(snapshotRepository.isEmpty() || snapshotRepository.matches("[a-z0-9][a-z0-9_.-]*"))) {
      throw new IllegalArgumentException(
          "opensearch.snapshot_repository must be \"\" or a repository name (lower-case letters,"
              + " digits, _ . -), got: \""
              + snapshotRepository
              + "\"");
    }
  }

  /** Whether a cluster is configured. */
  public boolean enabled() {
    return !hosts.isEmpty();
  }
}
