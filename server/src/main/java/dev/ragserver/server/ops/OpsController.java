package dev.ragserver.server.ops;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragserver.config.MetricsAccess;
import dev.ragserver.index.collection.BackendHealth;
import dev.ragserver.index.collection.CollectionStats;
import dev.ragserver.model.pool.ModelPool;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.http.Access;
import dev.ragserver.server.http.Metrics;
import dev.ragserver.server.http.Problems;
import dev.ragserver.server.http.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Liveness, readiness, metrics and the OpenAPI document; open to every caller, but for {@code
 * /metrics}, which needs a read key unless {@code server.metrics_access} is {@code open}.
 */
public final class OpsController {
  /** The OpenAPI document in the jar: the API's source of truth. */
  public static final String OPENAPI_RESOURCE = "/dev/ragserver/server/openapi.json";

  private final Collections collections;
  private final Path dataDir;
  private final Metrics metrics;
  private final MetricsAccess metricsAccess;
  private final byte[] openapi;
  private final MultiGauge documents;
  private final MultiGauge chunks;
  private final MultiGauge available;
  private final AtomicInteger clusterUp = new AtomicInteger();
  private final AtomicInteger clusterNodes = new AtomicInteger();
  private final AtomicInteger clusterStatus = new AtomicInteger();

  /**
   * @param dataDir the data folder, which must be writable for the server to be ready
   */
  public OpsController(
      Collections collections, Path dataDir, Metrics metrics, MetricsAccess metricsAccess) {
    this.collections = collections;
    this.dataDir = dataDir;
    this.metrics = metrics;
    this.metricsAccess = metricsAccess;
    this.openapi = openapi();
    this.documents =
        MultiGauge.builder("rag.collection.documents")
            .description("documents per collection")
            .register(metrics.registry());
    this.chunks =
        MultiGauge.builder("rag.collection.chunks")
            .description("chunks per collection")
            .register(metrics.registry());
    this.available =
        MultiGauge.builder("rag.collection.available")
            .description("1 when a collection can serve, 0 when it cannot (/readyz says why)")
            .register(metrics.registry());
    ModelPool models = collections.models();
    for (String name : models.names()) {
      Gauge.builder("rag.model.loaded", models, m -> m.state(name).loaded() ? 1 : 0)
          .tags("model", name)
          .description("1 while a text model is loaded")
          .register(metrics.registry());
      FunctionCounter.builder("rag.model.loads", models, m -> m.state(name).loads())
          .tags("model", name)
          .description("loads of a text model (its first use, and again after an unload)")
          .register(metrics.registry());
      FunctionCounter.builder("rag.model.unloads", models, m -> m.state(name).unloads())
          .tags("model", name)
          .description("unloads of an idle text model to stay within model.max_loaded_models")
          .register(metrics.registry());
    }
    if (collections.hasBackend("opensearch")) {
      Gauge.builder("rag.opensearch.up", clusterUp, AtomicInteger::get)
          .description("1 when the OpenSearch cluster answered the last health check")
          .register(metrics.registry());
      Gauge.builder("rag.opensearch.nodes", clusterNodes, AtomicInteger::get)
          .description("nodes in the OpenSearch cluster at the last health check")
          .register(metrics.registry());
      Gauge.builder("rag.opensearch.status", clusterStatus, AtomicInteger::get)
          .description(
              "OpenSearch cluster status at the last health check: 2 green, 1 yellow, 0 red or unreachable")
          .register(metrics.registry());
    }
  }

  /**
   * Asks each backend that depends on a cluster for its health (one small request), records it for
   * the gauges and under the backend's name in {@code out}; the problems, empty when usable.
   */
  private List<String> checkBackends(Map<String, ClusterView> out) {
    List<String> problems = new ArrayList<>();
    for (BackendHealth h : collections.health()) {
      out.put(
          h.backend(),
          new ClusterView(
              h.status(),
              h.reachable() ? h.nodes() : null,
              h.reachable() ? h.unassignedShards() : null,
              h.degraded()));
      if (h.backend().equals("opensearch")) {
        clusterUp.set(h.reachable() ? 1 : 0);
        clusterNodes.set(h.nodes());
        clusterStatus.set(
            switch (h.status()) {
              case "green" -> 2;
              case "yellow" -> 1;
              default -> 0;
            });
      }
      if (!h.usable()) {
        problems.add(h.problem());
      }
    }
    return problems;
  }

  /** The OpenAPI document's bytes. */
  public static byte[] openapi() {
    try (InputStream in = OpsController.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no " + OPENAPI_RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void register(RoutesConfig routes) {
    routes.get("/livez", ctx -> ctx.json(new Live("ok")), Role.OPEN);
    routes.get("/readyz", this::ready, Role.OPEN);
    // collection names and sizes: behind the read key unless server.metrics_access is open
    routes.get(
        "/metrics", this::metrics, metricsAccess == MetricsAccess.OPEN ? Role.OPEN : Role.READ);
    routes.get(
        "/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openapi), Role.OPEN);
  }

  /**
   * The body of {@code /livez}.
   *
   * @param status always {@code ok} while the process answers
   */
  record Live(String status) {}

  /**
   * A cluster backend's health in {@code /readyz}.
   *
   * @param status green, yellow, red or unreachable
   * @param nodes nodes that answered (absent when unreachable)
   * @param unassignedShards shard copies no node holds (absent when unreachable)
   * @param degraded what a yellow cluster lacks while it still serves (absent otherwise)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ClusterView(String status, Integer nodes, Integer unassignedShards, String degraded) {}

  /**
   * A collection that cannot serve, in {@code /readyz}.
   *
   * @param name the collection
   * @param model the text model its manifest names (absent when it cannot be read)
   * @param error why it cannot serve
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record UnavailableView(String name, String model, String error) {}

  /**
   * A served text model, in {@code /readyz}.
   *
   * @param name the model
   * @param loaded whether it is loaded now (models load on first use)
   * @param problem why its last load failed, or a file its next load would miss
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ModelView(String name, boolean loaded, String problem) {}

  /**
   * The body of {@code /readyz}.
   *
   * @param status ready or not ready
   * @param model the default text model ({@code model.name})
   * @param collections collections that can serve
   * @param problems why the server is not ready (empty when it is); a collection that cannot serve
   *     is not one of them
   * @param unavailable each collection that cannot serve, and why (the others serve)
   * @param models each served text model and whether it is loaded
   * @param backends each cluster backend's health, under the backend's name ({@code opensearch})
   */
  record Readiness(
      String status,
      String model,
      int collections,
      List<String> problems,
      List<UnavailableView> unavailable,
      List<ModelView> models,
      @JsonIgnore Map<String, ClusterView> backends) {
    @JsonAnyGetter
    Map<String, ClusterView> backendsByName() {
      return backends;
    }
  }

  private void ready(Context ctx) {
    Map<String, ClusterView> out = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Path data = dataDir;
    if (!Files.isDirectory(data) || !Files.isWritable(data)) {
      problems.add("data folder " + data.toAbsolutePath() + " is not a writable folder");
    }
    problems.addAll(checkBackends(out));
    int open = 0;
    List<UnavailableView> unavailable = new ArrayList<>();
    for (String name : collections.list()) {
      Collections.Availability a = collections.availability(name);
      if (a.available()) {
        open++;
      } else {
        unavailable.add(
            new UnavailableView(name, a.model(), Problems.withoutPaths(a.problem().get())));
      }
    }
    List<ModelView> models =
        collections.models().states().stream()
            .map(
                m ->
                    new ModelView(
                        m.name(), m.loaded(), m.problem().map(Problems::withoutPaths).orElse(null)))
            .toList();
    ctx.status(problems.isEmpty() ? 200 : 503)
        .json(
            new Readiness(
                problems.isEmpty() ? "ready" : "not ready",
                collections.defaultModel(),
                open,
                problems,
                unavailable,
                models,
                out));
  }

  private void metrics(Context ctx) {
    // the metrics name and count every collection: not for a key scoped to some of them
    Access.requireAll(ctx, "GET /metrics");
    List<MultiGauge.Row<?>> docRows = new ArrayList<>();
    List<MultiGauge.Row<?>> chunkRows = new ArrayList<>();
    List<MultiGauge.Row<?>> availableRows = new ArrayList<>();
    for (String name : collections.list()) {
      Tags tags = Tags.of("collection", name);
      boolean serves = false;
      try {
        // describe refuses a collection that cannot serve
        CollectionStats s = collections.describe(name).stats();
        docRows.add(MultiGauge.Row.of(tags, s.documents()));
        chunkRows.add(MultiGauge.Row.of(tags, s.chunks()));
        serves = true;
      } catch (RuntimeException e) {
        // a collection that cannot serve shows in /readyz
      }
      availableRows.add(MultiGauge.Row.of(tags, serves ? 1 : 0));
    }
    checkBackends(new LinkedHashMap<>());
    documents.register(docRows, true);
    chunks.register(chunkRows, true);
    available.register(availableRows, true);
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }
}
