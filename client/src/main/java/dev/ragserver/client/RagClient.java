package dev.ragserver.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.api.collections.CollectionEntry;
import dev.ragserver.api.collections.CollectionView;
import dev.ragserver.api.collections.CreateCollection;
import dev.ragserver.api.documents.DeleteRequest;
import dev.ragserver.api.documents.Deleted;
import dev.ragserver.api.documents.DocumentInput;
import dev.ragserver.api.documents.DocumentView;
import dev.ragserver.api.documents.UpsertRequest;
import dev.ragserver.api.documents.Written;
import dev.ragserver.api.embeddings.EmbeddingsRequest;
import dev.ragserver.api.embeddings.EmbeddingsResponse;
import dev.ragserver.api.embeddings.Model;
import dev.ragserver.api.embeddings.ModelList;
import dev.ragserver.api.jobs.JobRequest;
import dev.ragserver.api.jobs.JobView;
import dev.ragserver.api.json.ApiJson;
import dev.ragserver.api.query.QueryRequest;
import dev.ragserver.api.query.QueryResponse;
import dev.ragserver.api.snapshots.SnapshotList;
import dev.ragserver.api.snapshots.SnapshotView;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A client for one server: every route of the HTTP API as a typed method over the API's own
 * records. Thread-safe; one client serves a whole app. Errors are {@link RagApiException}s (the
 * server said no, with its problem details) or {@link RagClientException}s (no answer).
 *
 * <pre>{@code
 * try (RagClient rag = RagClient.builder(URI.create("http://localhost:8080")).build()) {
 *   QueryResponse r = rag.query("demo", QueryRequest.text("what causes tides").withTopK(3));
 * }
 * }</pre>
 */
public final class RagClient implements AutoCloseable {
  private static final ObjectMapper JSON = ApiJson.builder().build();

  private final URI base;
  private final String apiKey;
  private final Duration timeout;
  private final Duration pollInterval;
  private final HttpClient http;
  private final boolean ownsHttp;

  private RagClient(Builder b) {
    String s = b.base.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.apiKey = b.apiKey;
    this.timeout = b.timeout;
    this.pollInterval = b.pollInterval;
    this.ownsHttp = b.http == null;
    this.http =
        b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
  }

  /** A builder for a client of the server at this base URL (e.g. {@code http://localhost:8080}). */
  public static Builder builder(URI base) {
    return new Builder(base);
  }

  /** Settings of a client; each has a default. */
  public static final class Builder {
    private final URI base;
    private String apiKey;
    private Duration timeout = Duration.ofMinutes(2);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration pollInterval = Duration.ofMillis(500);
    private HttpClient http;

    private Builder(URI base) {
      Objects.requireNonNull(base, "base");
      if (base.getScheme() == null
          || !(base.getScheme().equals("http") || base.getScheme().equals("https"))) {
        throw new IllegalArgumentException("base must be an http or https URL, got: " + base);
      }
      this.base = base;
    }

    /**
     * The API key sent as {@code Authorization: Bearer KEY} (default: none; null or blank is none,
     * so an unset environment variable can be passed as it is).
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
      return this;
    }

    /** How long one request may take before {@link RagClientException} (default 2 minutes). */
    public Builder timeout(Duration timeout) {
      this.timeout = positive("timeout", timeout);
      return this;
    }

    /** How long connecting may take (default 10 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive("connectTimeout", connectTimeout);
      return this;
    }

    /** How often {@link RagClient#awaitJob} asks for a job's status (default 500 ms). */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive("pollInterval", pollInterval);
      return this;
    }

    /** The JDK HTTP client to send with (default: a new one, closed with this client). */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    public RagClient build() {
      return new RagClient(this);
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, got: " + d);
      }
      return d;
    }
  }

  // --- collections ---

  /** Every collection, sorted by name; one that cannot serve is listed with the reason. */
  public List<CollectionEntry> collections() {
    return send(get("/v1/collections"), CollectionEntry.Listing.class).collections();
  }

  /** The collection's description (model, settings, counts). */
  public CollectionView collection(String name) {
    return send(get(collectionPath(name)), CollectionView.class);
  }

  /** Creates a collection (admin key); {@link RagApiException.Conflict} if it exists. */
  public CollectionView createCollection(String name, CreateCollection settings) {
    return send(put(collectionPath(name), settings), CollectionView.class);
  }

  /** Deletes a collection and everything in it (admin key). */
  public void deleteCollection(String name) {
    send(request(collectionPath(name)).DELETE(), CollectionEntry.Deleted.class);
  }

  // --- snapshots ---

  /** Takes a snapshot of a collection (admin key): writes and queries go on meanwhile. */
  public SnapshotView createSnapshot(String collection) {
    return send(
        request(collectionPath(collection) + "/snapshots")
            .POST(HttpRequest.BodyPublishers.noBody()),
        SnapshotView.class);
  }

  /** The collection's snapshots, oldest first (also those of a collection deleted since). */
  public List<SnapshotView> snapshots(String collection) {
    return send(get(collectionPath(collection) + "/snapshots"), SnapshotList.class).snapshots();
  }

  /** Downloads a snapshot's archive into this file (replaced if it exists). */
  public Path downloadSnapshot(String collection, String id, Path file) {
    HttpRequest request = get(collectionPath(collection) + "/snapshots/" + segment(id)).build();
    try {
      HttpResponse<Path> r = http.send(request, HttpResponse.BodyHandlers.ofFile(file));
      if (r.statusCode() / 100 != 2) {
        byte[] body = java.nio.file.Files.readAllBytes(file);
        java.nio.file.Files.deleteIfExists(file);
        fail(r.statusCode(), r.headers(), body);
      }
      return file;
    } catch (IOException e) {
      throw new RagClientException("GET " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RagClientException("GET " + request.uri() + " interrupted", e);
    }
  }

  /** Deletes a snapshot. */
  public void deleteSnapshot(String collection, String id) {
    send(
        request(collectionPath(collection) + "/snapshots/" + segment(id)).DELETE(),
        com.fasterxml.jackson.databind.JsonNode.class);
  }

  /** Restores a snapshot as a new collection (admin key). */
  public CollectionView restoreSnapshot(String name, String collection, String id) {
    return createCollection(name, CreateCollection.restoredFrom(collection, id));
  }

  // --- documents ---

  /** Writes these documents (each replaces the document with its id); the server chunks text. */
  public Written upsert(String collection, List<DocumentInput> documents) {
    return send(
        post(collectionPath(collection) + "/documents", new UpsertRequest(List.copyOf(documents))),
        Written.class);
  }

  /**
   * Uploads these files (text, Markdown, HTML, PDF, images) and ingests them before answering; a
   * file's name is its document id. The status lists files that failed; when every file failed it
   * is still returned (the server's 422), with the reasons.
   */
  public JobView uploadFiles(String collection, List<Path> files) {
    Multipart body = Multipart.ofFiles("file", files);
    HttpResponse<byte[]> r = exchange(multipart(collectionPath(collection) + "/documents", body));
    if (r.statusCode() == 422 && isJson(r)) {
      return read(r, JSON.constructType(JobView.class));
    }
    return read(check(r), JSON.constructType(JobView.class));
  }

  /** The document with its chunks in order; {@link RagApiException.NotFound} if there is none. */
  public DocumentView document(String collection, String id) {
    return send(get(collectionPath(collection) + "/documents/" + segment(id)), DocumentView.class);
  }

  /** Deletes a document; {@link RagApiException.NotFound} if there is none. */
  public Deleted deleteDocument(String collection, String id) {
    return send(
        request(collectionPath(collection) + "/documents/" + segment(id)).DELETE(), Deleted.class);
  }

  /** Deletes documents by id, or every chunk a filter matches. */
  public Deleted deleteDocuments(String collection, DeleteRequest request) {
    return send(post(collectionPath(collection) + "/documents/delete", request), Deleted.class);
  }

  // --- jobs ---

  /**
   * Starts an ingest job over uploaded files and answers at once (queued); see {@link #awaitJob}.
   */
  public JobView startUpload(String collection, List<Path> files) {
    return send(
        multipart(collectionPath(collection) + "/jobs", Multipart.ofFiles("file", files)),
        JobView.class);
  }

  /** Starts an ingest job over folders on the server (inside its {@code server.ingest_roots}). */
  public JobView startJob(String collection, JobRequest request) {
    return send(post(collectionPath(collection) + "/jobs", request), JobView.class);
  }

  /** A job's status. */
  public JobView job(String id) {
    return send(get("/v1/jobs/" + segment(id)), JobView.class);
  }

  /** Cancels a job; what it committed stays. */
  public JobView cancelJob(String id) {
    return send(request("/v1/jobs/" + segment(id)).DELETE(), JobView.class);
  }

  /**
   * Polls a job until it has finished, handing every status seen to {@code progress}; the final
   * status is returned whatever its state (succeeded, partial, failed, cancelled).
   *
   * @throws RagClientException when it has not finished within {@code timeout}
   */
  public JobView awaitJob(String id, Duration timeout, Consumer<JobView> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JobView v = job(id);
      progress.accept(v);
      if (v.finished()) {
        return v;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new RagClientException(
            "job " + id + " has not finished within " + timeout + "; last state: " + v.state());
      }
      try {
        Thread.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RagClientException("interrupted while waiting for job " + id, e);
      }
    }
  }

  // --- query and embeddings ---

  /** Runs a query (text, image, or both) on a collection. */
  public QueryResponse query(String collection, QueryRequest request) {
    return send(post(collectionPath(collection) + "/query", request), QueryResponse.class);
  }

  /** Embeddings ({@code /v1/embeddings}, OpenAI's shape). */
  public EmbeddingsResponse embeddings(EmbeddingsRequest request) {
    return send(post("/v1/embeddings", request), EmbeddingsResponse.class);
  }

  /**
   * The text models the server serves, each under its name and its query alias ({@code
   * NAME:query}), as OpenAI's {@code GET /v1/models} lists them.
   */
  public List<Model> models() {
    return send(get("/v1/models"), ModelList.class).data();
  }

  /** Dense vectors of these queries (the model's query instruction added), in order. */
  public List<float[]> embedQueries(String model, List<String> texts) {
    return vectors(embeddings(EmbeddingsRequest.of(model, texts, "query")));
  }

  /** Dense vectors of these document texts, in order. */
  public List<float[]> embedDocuments(String model, List<String> texts) {
    return vectors(embeddings(EmbeddingsRequest.of(model, texts, "document")));
  }

  /**
   * The bytes at a path the API hands out, such as an image hit's {@code image_url} ({@code
   * /v1/collections/{c}/images/{id}}).
   */
  public byte[] download(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /, got: " + path);
    }
    return check(exchange(request(path).GET())).body();
  }

  @Override
  public void close() {
    if (ownsHttp) {
      http.close();
    }
  }

  // --- plumbing ---

  private static List<float[]> vectors(EmbeddingsResponse r) {
    return r.data().stream().map(EmbeddingsResponse.Item::vector).toList();
  }

  private static String collectionPath(String name) {
    return "/v1/collections/" + segment(name);
  }

  private static String segment(String s) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("a name or id must not be empty, got: " + s);
    }
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Accept", "application/json");
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    return b;
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder post(String path, Object body) {
    return request(path).header("Content-Type", "application/json").POST(json(body));
  }

  private HttpRequest.Builder put(String path, Object body) {
    return request(path).header("Content-Type", "application/json").PUT(json(body));
  }

  private HttpRequest.Builder multipart(String path, Multipart body) {
    return request(path)
        .header("Content-Type", body.contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the request as JSON: " + e.getMessage(), e);
    }
  }

  private <T> T send(HttpRequest.Builder request, Class<T> type) {
    return read(check(exchange(request)), JSON.constructType(type));
  }

  private HttpResponse<byte[]> exchange(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.net.http.HttpTimeoutException e) {
      throw new RagClientException(
          request.method() + " " + request.uri() + ": no answer within " + timeout, e);
    } catch (IOException e) {
      throw new RagClientException(
          request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RagClientException(request.method() + " " + request.uri() + " interrupted", e);
    }
  }

  /** The response if it succeeded, else the {@link RagApiException} for its problem. */
  private static HttpResponse<byte[]> check(HttpResponse<byte[]> r) {
    fail(r.statusCode(), r.headers(), r.body());
    return r;
  }

  /** Nothing for a 2xx status; else the {@link RagApiException} for the response's problem. */
  private static void fail(int status, java.net.http.HttpHeaders headers, byte[] body) {
    if (status >= 200 && status < 300) {
      return;
    }
    Problem problem;
    try {
      problem = isJson(headers) ? JSON.readValue(body, Problem.class) : null;
    } catch (IOException e) {
      problem = null;
    }
    if (problem == null || problem.status() != status || problem.detail() == null) {
      problem = Problem.ofStatus(status, new String(body, StandardCharsets.UTF_8));
    }
    Duration retryAfter =
        headers
            .firstValue("Retry-After")
            .filter(v -> v.chars().allMatch(Character::isDigit) && !v.isEmpty())
            .map(v -> Duration.ofSeconds(Long.parseLong(v)))
            .orElse(null);
    throw RagApiException.of(problem, retryAfter);
  }

  private static boolean isJson(HttpResponse<byte[]> r) {
    return isJson(r.headers());
  }

  private static boolean isJson(java.net.http.HttpHeaders headers) {
    String type = headers.firstValue("Content-Type").orElse("");
    return type.startsWith("application/json") || type.startsWith("application/problem+json");
  }

  private static <T> T read(HttpResponse<byte[]> r, JavaType type) {
    try {
      return JSON.readValue(r.body(), type);
    } catch (IOException e) {
      throw new RagClientException(
          "cannot read the answer of "
              + r.request().method()
              + " "
              + r.request().uri()
              + " as "
              + type.getRawClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
