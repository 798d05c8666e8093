package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.config.OpenSearchConfig;
import dev.ragserver.index.IndexException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * The calls the OpenSearch backend makes, through the official opensearch-java client's Apache
 * HttpClient 5 transport: requests go round the cluster's hosts, a host that does not answer (or
 * answers 502–504) is skipped for a while and the request goes to the next, and when none answers
 * the call fails with an {@link IndexException} that says so, naming the hosts (the server maps it
 * to 503). Requests and replies are JSON trees (the generic client), as the backend builds them.
 * {@code _bulk} retries with exponential back-off on 429 and 5xx, the whole request when the
 * cluster refuses it and only the refused items otherwise; because every chunk is indexed under its
 * own id, a retry or a re-run replaces instead of duplicating. Basic auth is sent with every
 * request when a user is set; {@code https://} hosts are verified against the JVM's trust store or
 * a configured CA file.
 */
public final class OpenSearchClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> hosts;
  private final Retry retry;
  private final ApacheHttpClient5Transport transport;
  private final OpenSearchGenericClient generic;

  /**
   * Back-off for {@code _bulk}: attempt n waits {@code initial · 2^(n−1)}, at most {@code max}.
   *
   * @param attempts tries in all, at least 1
   * @param initial the first wait
   * @param max the longest wait
   */
  public record Retry(int attempts, Duration initial, Duration max) {
    public Retry {
      if (attempts < 1) {
        throw new IllegalArgumentException("retry attempts must be at least 1, got: " + attempts);
      }
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
    }

    /** 6 tries, 100 ms doubling up to 5 s (about 10 s in all). */
    public static Retry standard() {
      return new Retry(6, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    Duration wait(int attempt) {
      long ms = initial.toMillis() << Math.min(20, attempt - 1);
      return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }
  }

  /**
   * @param hosts base URLs, e.g. {@code http://10.0.0.1:9200}
   * @param user basic-auth user, or null for none
   * @param password its password
   * @param timeout per request (connecting, and waiting for the reply)
   * @param retry back-off for {@code _bulk}
   */
  public OpenSearchClient(
      List<URI> hosts, String user, String password, Duration timeout, Retry retry) {
    this(hosts, user, password, null, timeout, retry);
  }

  /**
   * @param trust the certificate authorities {@code https://} hosts are verified against, or null
   *     for the JVM's trust store
   */
  public OpenSearchClient(
      List<URI> hosts,
      String user,
      String password,
      SSLContext trust,
      Duration timeout,
      Retry retry) {
    if (hosts == null || hosts.isEmpty()) {
      throw new IllegalArgumentException("an OpenSearch backend needs at least one host");
    }
    for (URI h : hosts) {
      if (!"http".equals(h.getScheme()) && !"https".equals(h.getScheme())) {
        throw new IllegalArgumentException(
            "OpenSearch hosts must be http:// or https:// URLs, got: " + h);
      }
    }
    this.hosts = List.copyOf(hosts);
    this.retry = Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeout, "timeout");
    this.transport = transport(this.hosts, user, password, trust, timeout);
    this.generic = new OpenSearchGenericClient(transport);
  }

  private static ApacheHttpClient5Transport transport(
      List<URI> hosts, String user, String password, SSLContext trust, Duration timeout) {
    HttpHost[] nodes =
        hosts.stream()
            .map(h -> new HttpHost(h.getScheme(), h.getHost(), port(h)))
            .toArray(HttpHost[]::new);
    Timeout t = Timeout.ofMilliseconds(timeout.toMillis());
    ApacheHttpClient5TransportBuilder b =
        ApacheHttpClient5TransportBuilder.builder(nodes)
            .setMapper(new JacksonJsonpMapper())
            .setRequestConfigCallback(r -> r.setResponseTimeout(t).setConnectionRequestTimeout(t))
            .setConnectionConfigCallback(c -> c.setConnectTimeout(t).setSocketTimeout(t));
    if (user != null) {
      String basic =
          Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      // sent with every request (no 401 challenge first), as curl -u does
      b.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + basic)});
    }
    if (trust != null) {
      b.setHttpClientConfigCallback(
          client ->
              client.setConnectionManager(
                  PoolingAsyncClientConnectionManagerBuilder.create()
                      .setMaxConnPerRoute(
                          ApacheHttpClient5TransportBuilder.DEFAULT_MAX_CONN_PER_ROUTE)
                      .setMaxConnTotal(ApacheHttpClient5TransportBuilder.DEFAULT_MAX_CONN_TOTAL)
                      .setDefaultConnectionConfig(
                          ConnectionConfig.custom()
                              .setConnectTimeout(t)
                              .setSocketTimeout(t)
                              .build())
                      .setTlsStrategy(
                          ClientTlsStrategyBuilder.create().setSslContext(trust).build())
                      .build()));
    }
    return b.build();
  }

  private static int port(URI h) {
    return h.getPort() != -1 ? h.getPort() : "https".equals(h.getScheme()) ? 443 : 80;
  }

  /** The client of the configured cluster ({@code opensearch.*}), or null when no hosts are set. */
  public static OpenSearchClient forConfig(OpenSearchConfig c) {
    if (!c.enabled()) {
      return null;
    }
    return new OpenSearchClient(
        c.hosts().stream().map(URI::create).toList(),
        c.user().isEmpty() ? null : c.user(),
        c.password(),
        c.caCertificate().isEmpty() ? null : TrustedCertificates.load(Path.of(c.caCertificate())),
        Duration.ofMillis(c.timeoutMs()),
        Retry.standard());
  }

  /** A reply with an HTTP status; {@code body} is JSON or null. */
  record Reply(int status, JsonNode body) {}

  /** Sends one request; the transport picks the host and moves on from one that fails. */
  Reply send(String method, String path, byte[] body, String contentType) {
    int q = path.indexOf('?');
    String endpoint = q < 0 ? path : path.substring(0, q);
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : path.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    Request request =
        Requests.create(
            method, endpoint, List.of(), query, body == null ? null : Body.from(body, contentType));
    try (Response r = generic.execute(request)) {
      return new Reply(r.getStatus(), json(r.getBody().map(Body::bodyAsBytes).orElse(null)));
    } catch (IOException e) {
      // a refusal the transport raises (401/403, 502–504 from the last host) is still a reply
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ResponseException refused) {
          return reply(refused);
        }
      }
      throw unreachable(method, path, e);
    } catch (java.util.concurrent.CancellationException e) {
      Thread.currentThread().interrupt();
      throw new IndexException("interrupted while calling OpenSearch " + method + " " + path, e);
    }
  }

  /**
   * A reply the transport raised as an exception (401/403, or 502–504 from the last host): its
   * status, and the body its message carries after the request line.
   */
  private static Reply reply(ResponseException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    int body = message.indexOf('\n');
    int json = message.indexOf('{', Math.max(body, 0));
    String text = body < 0 ? "" : json >= 0 ? message.substring(json) : message.substring(body + 1);
    return new Reply(e.status(), json(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode json(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return JSON.createObjectNode().put("error", new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private IndexException unreachable(String method, String path, Exception e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new IndexException(
        "the OpenSearch cluster is unreachable ("
            + method
            + " "
            + path
            + "): none of "
            + hosts.stream().map(URI::toString).collect(Collectors.joining(", "))
            + " answered; the last said: "
            + why,
        e);
  }

  /**
   * The JSON reply of a request that must succeed (2xx), else an error naming OpenSearch's reason.
   */
  JsonNode call(String method, String path, JsonNode body) {
    Reply r = send(method, path, body == null ? null : bytes(body), "application/json");
    if (r.status() / 100 != 2) {
      throw failed(method, path, r);
    }
    return r.body();
  }

  /** The error of a request OpenSearch refused: the request, the status and OpenSearch's reason. */
  private static IndexException failed(String method, String path, Reply r) {
    return new IndexException(
        "OpenSearch "
            + method
            + " "
            + path
            + " failed with "
            + r.status()
            + ": "
            + reason(r.body()));
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String reason(JsonNode body) {
    if (body == null) {
      return "no body";
    }
    JsonNode error = body.path("error");
    if (error.isTextual()) {
      return error.asText();
    }
    String type = error.path("type").asText("");
    String reason = error.path("reason").asText(body.toString());
    return type.isEmpty() ? reason : type + ": " + reason;
  }

  /**
   * The cluster's health.
   *
   * @param status green, yellow or red
   * @param nodes nodes in the cluster
   * @param unassignedShards shards without a node
   */
  public record Health(String status, int nodes, int unassignedShards) {}

  /** {@code GET /_cluster/health}. */
  public Health health() {
    JsonNode h = call("GET", "/_cluster/health", null);
    return new Health(
        h.path("status").asText(),
        h.path("number_of_nodes").asInt(),
        h.path("unassigned_shards").asInt());
  }

  /**
   * CPU time the cluster's node processes have used since they started, summed over the nodes
   * ({@code GET /_nodes/stats/process}): what benchmarks subtract to give the cluster's share of a
   * load.
   */
  public long processCpuMillis() {
    long total = 0;
    for (JsonNode node : call("GET", "/_nodes/stats/process", null).path("nodes")) {
      total += node.path("process").path("cpu").path("total_in_millis").asLong();
    }
    return total;
  }

  /** The name of the elected cluster-manager node. */
  public String clusterManagerNode() {
    JsonNode nodes = call("GET", "/_cat/cluster_manager?format=json", null);
    if (!nodes.isArray() || nodes.isEmpty()) {
      throw new IndexException("the OpenSearch cluster has no elected cluster manager");
    }
    return nodes.get(0).path("node").asText();
  }

  /** Documents in an index, as of its last refresh ({@code GET /{index}/_count}). */
  public long count(String index) {
    return call("GET", "/" + index + "/_count", null).path("count").asLong();
  }

  /** Whether an index exists. */
  public boolean indexExists(String index) {
    int status = send("HEAD", "/" + index, null, null).status();
    if (status != 200 && status != 404) {
      throw new IndexException("OpenSearch HEAD /" + index + " answered " + status);
    }
    return status == 200;
  }

  /** Creates an index after {@link OpenSearchMapping#requireLuceneEngine} accepted its mapping. */
  public void createIndex(String index, JsonNode body) {
    OpenSearchMapping.requireLuceneEngine(body);
    call("PUT", "/" + index, body);
  }

  /**
   * Creates an index of the backend's own (no vectors) unless it exists, waiting until its shard
   * copies have started: of several servers creating it at once, each returns once it is there.
   */
  public void createIndexIfMissing(String index, JsonNode body) {
    // every copy started before it is used: a replica that starts after a refresh would not show a
    // search (a delete by query) what the refresh made visible
    Reply r =
        send("PUT", "/" + index + "?wait_for_active_shards=all", bytes(body), "application/json");
    if (r.status() / 100 == 2
        || (r.status() == 400
            && "resource_already_exists_exception"
                .equals(r.body() == null ? null : r.body().at("/error/type").asText()))) {
      return;
    }
    throw failed("PUT", "/" + index, r);
  }

  /** Deletes an index (gone already is fine). */
  public void deleteIndex(String index) {
    Reply r = send("DELETE", "/" + index, null, null);
    if (r.status() / 100 != 2 && r.status() != 404) {
      throw failed("DELETE", "/" + index, r);
    }
  }

  /**
   * Stores a document under an id unless one is there already ({@code PUT /{index}/_create/{id}},
   * visible to searches at once): whether this call stored it. Two callers racing for one id: one
   * gets true, the other false.
   */
  public boolean createDocument(String index, String id, JsonNode source) {
    String path = "/" + index + "/_create/" + id + "?refresh=true";
    Reply r = send("PUT", path, bytes(source), "application/json");
    if (r.status() == 409) {
      return false;
    }
    if (r.status() / 100 != 2) {
      throw failed("PUT", path, r);
    }
    return true;
  }

  /** A document's source by id, empty when it (or its index) does not exist. */
  public Optional<JsonNode> getDocument(String index, String id) {
    String path = "/" + index + "/_doc/" + id;
    Reply r = send("GET", path, null, null);
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (r.status() / 100 != 2) {
      throw failed("GET", path, r);
    }
    return Optional.of(r.body().path("_source"));
  }

  /** Deletes a document by id, visible at once (gone already is fine). */
  public void deleteDocument(String index, String id) {
    String path = "/" + index + "/_doc/" + id + "?refresh=true";
    Reply r = send("DELETE", path, null, null);
    if (r.status() / 100 != 2 && r.status() != 404) {
      throw failed("DELETE", path, r);
    }
  }

  /**
   * The sources of documents by id, read in real time (writes are seen before a refresh): one entry
   * per id found, in no particular order; none when the index does not exist.
   */
  public Map<String, JsonNode> getDocuments(String index, List<String> ids) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    ObjectNode body = JSON.createObjectNode();
    ids.forEach(body.putArray("ids")::add);
    String path = "/" + index + "/_mget";
    Reply r = send("POST", path, bytes(body), "application/json");
    if (r.status() == 404) {
      return out;
    }
    if (r.status() / 100 != 2) {
      throw failed("POST", path, r);
    }
    for (JsonNode d : r.body().path("docs")) {
      if (d.path("found").asBoolean()) {
        out.put(d.path("_id").asText(), d.path("_source"));
      }
    }
    return out;
  }

  /**
   * Deletes the documents a query matches ({@code conflicts=proceed}: one changed meanwhile is left
   * as it now is), returning how many; none when the index does not exist.
   */
  public long deleteByQuery(String index, JsonNode query) {
    ObjectNode body = JSON.createObjectNode();
    body.set("query", query);
    String path = "/" + index + "/_delete_by_query?conflicts=proceed&refresh=false";
    Reply r = send("POST", path, bytes(body), "application/json");
    if (r.status() == 404) {
      return 0;
    }
    if (r.status() / 100 != 2) {
      throw failed("POST", path, r);
    }
    if (!r.body().path("failures").isEmpty() || r.body().path("timed_out").asBoolean()) {
      throw new IndexException(
          "OpenSearch POST " + path + " left documents behind: " + r.body().path("failures"));
    }
    return r.body().path("deleted").asLong();
  }

  /** The sources of up to {@code max} documents of an index (none when it does not exist). */
  public List<JsonNode> documents(String index, int max) {
    JsonNode body = JSON.createObjectNode().put("size", max).put("sort", "_doc");
    String path = "/" + index + "/_search";
    Reply r = send("POST", path, bytes(body), "application/json");
    if (r.status() == 404) {
      return List.of();
    }
    if (r.status() / 100 != 2) {
      throw failed("POST", path, r);
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode hit : r.body().path("hits").path("hits")) {
      out.add(hit.path("_source"));
    }
    return out;
  }

  /**
   * {@code POST /{index}/_termvectors} of an artificial document: the field's analysed terms of
   * {@code text}, each with its document frequency, and the field's document count (the statistics
   * of the shard the document would route to).
   */
  public JsonNode termVectors(String index, String field, String text) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("doc").put(field, text);
    body.putArray("fields").add(field);
    body.put("term_statistics", true)
        .put("field_statistics", true)
        .put("positions", false)
        .put("offsets", false);
    return call("POST", "/" + index + "/_termvectors", body);
  }

  /** Makes everything indexed so far searchable. */
  public void refresh(String index) {
    call("POST", "/" + index + "/_refresh", null);
  }

  /**
   * One {@code _bulk} line pair: index a document under an id, delete one, or update one by a
   * script.
   */
  public sealed interface BulkAction {
    /** No version: the cluster's own (internal) versioning. */
    long NO_VERSION = 0;

    /** The document id. */
    String id();

    /**
     * Index (create or replace) {@code source} under {@code id}.
     *
     * @param version with {@code version_type: external_gte}: applied only if no version above it
     *     is stored (nor a delete above it remembered), else {@link BulkResult#superseded}; {@link
     *     #NO_VERSION} for none
     */
    record Index(String id, JsonNode source, long version) implements BulkAction {
      public Index {
        requireVersion(version);
      }

      public Index(String id, JsonNode source) {
        this(id, source, NO_VERSION);
      }
    }

    /**
     * Delete {@code id}.
     *
     * @param version as for {@link Index}: a delete at a version is remembered by the cluster
     *     ({@code index.gc_deletes}, 60 s by default), so a write of a lower version arriving after
     *     it is superseded too
     */
    record Delete(String id, long version) implements BulkAction {
      public Delete {
        requireVersion(version);
      }

      public Delete(String id) {
        this(id, NO_VERSION);
      }
    }

    /**
     * Update {@code id} with {@code body} (a script, an upsert, {@code _source}); retried on a
     * version conflict up to 10 times by the cluster.
     */
    record Update(String id, JsonNode body) implements BulkAction {}

    /** The version this action was sent with, {@link #NO_VERSION} when none. */
    default long version() {
      return NO_VERSION;
    }

    private static void requireVersion(long version) {
      if (version < 0) {
        throw new IllegalArgumentException("a version must be at least 0, got: " + version);
      }
    }
  }

  /**
   * What a {@code _bulk} did.
   *
   * @param attempts requests sent, retries included
   * @param failures items that failed for good (not 429/5xx), as "id: reason"
   * @param superseded ids of versioned items the cluster held a higher version of, not applied
   * @param items the cluster's last reply for each action, in the order of the actions
   */
  public record BulkResult(
      int attempts, List<String> failures, List<String> superseded, List<JsonNode> items) {
    public BulkResult {
      failures = List.copyOf(failures);
      superseded = List.copyOf(superseded);
      items = List.copyOf(items);
    }
  }

  /**
   * Sends the actions with {@code refresh=wait_for} when asked, retrying refused requests and items
   * with back-off; items that fail for another reason (a bad document) are reported.
   *
   * @throws IndexException when the cluster still refuses after the last try, or is unreachable
   */
  public BulkResult bulk(String index, List<? extends BulkAction> actions, boolean waitForRefresh) {
    JsonNode[] items = new JsonNode[actions.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      pending.add(i);
    }
    List<String> failures = new ArrayList<>();
    List<String> superseded = new ArrayList<>();
    int attempt = 0;
    String last = "";
    while (!pending.isEmpty()) {
      attempt++;
      if (attempt > retry.attempts()) {
        throw new IndexException(
            "OpenSearch kept refusing a bulk request to "
                + index
                + " after "
                + retry.attempts()
                + " tries ("
                + pending.size()
                + " of "
                + actions.size()
                + " actions not applied): "
                + last);
      }
      if (attempt > 1) {
        sleep(retry.wait(attempt - 1));
      }
      Reply r;
      try {
        r =
            send(
                "POST",
                "/" + index + "/_bulk" + (waitForRefresh ? "?refresh=wait_for" : ""),
                ndjson(pending.stream().<BulkAction>map(actions::get).toList()),
                "application/x-ndjson");
      } catch (IndexException unreachable) {
        last = unreachable.getMessage();
        continue;
      }
      if (r.status() == 429 || r.status() >= 500) {
        last = r.status() + ": " + reason(r.body());
        continue;
      }
      if (r.status() / 100 != 2) {
        throw new IndexException(
            "OpenSearch bulk to " + index + " failed with " + r.status() + ": " + reason(r.body()));
      }
      List<Integer> again = new ArrayList<>();
      JsonNode replies = r.body().path("items");
      for (int i = 0; i < pending.size(); i++) {
        int at = pending.get(i);
        BulkAction action = actions.get(at);
        JsonNode item = replies.get(i).elements().next();
        items[at] = item;
        int status = item.path("status").asInt();
        if (status / 100 == 2 || (action instanceof BulkAction.Delete && status == 404)) {
          continue;
        }
        if (status == 409 && action.version() != BulkAction.NO_VERSION) {
          superseded.add(action.id());
        } else if (status == 429 || status >= 500) {
          again.add(at);
          last = status + ": " + reason(item);
        } else {
          failures.add(action.id() + ": " + reason(item));
        }
      }
      pending = again;
    }
    return new BulkResult(attempt, failures, superseded, List.of(items));
  }

  private static byte[] ndjson(List<BulkAction> actions) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (BulkAction a : actions) {
        ObjectNode meta = JSON.createObjectNode();
        ObjectNode head =
            meta.putObject(
                switch (a) {
                  case BulkAction.Index i -> "index";
                  case BulkAction.Delete d -> "delete";
                  case BulkAction.Update u -> "update";
                });
        head.put("_id", a.id());
        if (a.version() != BulkAction.NO_VERSION) {
          head.put("version", a.version()).put("version_type", "external_gte");
        }
        if (a instanceof BulkAction.Update) {
          head.put("retry_on_conflict", 10);
        }
        out.write(JSON.writeValueAsBytes(meta));
        out.write('\n');
        switch (a) {
          case BulkAction.Index i -> {
            out.write(JSON.writeValueAsBytes(i.source()));
            out.write('\n');
          }
          case BulkAction.Update u -> {
            out.write(JSON.writeValueAsBytes(u.body()));
            out.write('\n');
          }
          case BulkAction.Delete d -> {}
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IndexException("interrupted while backing off before a bulk retry", e);
    }
  }

  /**
   * Runs several searches on one index in one {@code _msearch}; one response per body, in order.
   *
   * @throws IndexException when one of them failed, with OpenSearch's reason
   */
  public List<JsonNode> msearch(String index, List<? extends JsonNode> bodies) {
    return msearch(index, bodies, false);
  }

  /**
   * As {@link #msearch(String, List)}; with {@code globalStats}, {@code dfs_query_then_fetch}: BM25
   * uses the whole index's term statistics instead of each shard's, so scores match a single index.
   */
  public List<JsonNode> msearch(
      String index, List<? extends JsonNode> bodies, boolean globalStats) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (JsonNode body : bodies) {
        ObjectNode header = JSON.createObjectNode().put("index", index);
        if (globalStats) {
          header.put("search_type", "dfs_query_then_fetch");
        }
        out.write(JSON.writeValueAsBytes(header));
        out.write('\n');
        out.write(JSON.writeValueAsBytes(body));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Reply r = send("POST", "/_msearch", out.toByteArray(), "application/x-ndjson");
    if (r.status() / 100 != 2) {
      throw new IndexException(
          "OpenSearch _msearch on "
              + index
              + " failed with "
              + r.status()
              + ": "
              + reason(r.body()));
    }
    List<JsonNode> responses = new ArrayList<>();
    for (JsonNode response : r.body().path("responses")) {
      if (response.has("error")) {
        throw new IndexException("OpenSearch search on " + index + " failed: " + reason(response));
      }
      responses.add(response);
    }
    return responses;
  }

  @Override
  public void close() {
    try {
      transport.close();
    } catch (IOException e) {
      // nothing is left to release that closing again would
    }
  }
}
