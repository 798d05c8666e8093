package dev.ragserver.server.http;

import dev.ragserver.config.ServerConfig;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.search.InvalidQueryException;
import dev.ragserver.index.search.QueryLimits;
import dev.ragserver.index.search.SearchDefaults;
import dev.ragserver.model.ModelException;
import dev.ragserver.server.audit.Audit;
import dev.ragserver.server.audit.AuditLog;
import dev.ragserver.server.collections.CollectionsController;
import dev.ragserver.server.compat.DifyRetrievalController;
import dev.ragserver.server.compat.EmbeddingsController;
import dev.ragserver.server.compat.ModelsController;
import dev.ragserver.server.documents.DocumentsController;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.engine.Ingestion;
import dev.ragserver.server.images.ImagesController;
import dev.ragserver.server.jobs.JobManager;
import dev.ragserver.server.jobs.JobsController;
import dev.ragserver.server.keys.ApiKey;
import dev.ragserver.server.keys.KeyRing;
import dev.ragserver.server.mcp.McpEndpoint;
import dev.ragserver.server.mcp.McpTools;
import dev.ragserver.server.ops.OpsController;
import dev.ragserver.server.query.QueryController;
import dev.ragserver.server.query.QueryReader;
import dev.ragserver.server.query.QueryService;
import dev.ragserver.server.snapshots.Snapshots;
import dev.ragserver.server.snapshots.SnapshotsController;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import io.micrometer.core.instrument.FunctionCounter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: every controller's routes on one Javalin app, API keys checked before each
 * matched route, every error mapped to problem+json, every request timed. With no API keys it binds
 * to 127.0.0.1 only.
 */
public final class ServerApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerApp.class);

  private final Metrics metrics = new Metrics();
  private final AuditLog audit;
  private final Timeouts timeouts;
  private final JobManager jobs;
  private final McpEndpoint mcp;
  private final Javalin app;
  private final String host;
  private final boolean keysEnabled;

  private ServerApp(Engine engine) {
    ServerConfig server = engine.config().server();
    this.timeouts = new Timeouts(server.requestTimeoutMs());
    Collections collections = engine.collections();
    Ingestion ingestion = engine.ingestion();
    Path dataDir = Path.of(engine.config().index().dataDir());
    Uploads.sweep(dataDir);
    this.jobs = new JobManager(collections, ingestion, metrics.registry());
    ApiKeys keys = new ApiKeys(KeyRing.of(server, dataDir));
    this.audit = AuditLog.of(server, dataDir, Json.MAPPER);
    this.keysEnabled = keys.enabled();
    this.host = keys.enabled() ? server.host() : "127.0.0.1";
    BrowserGuard guard = new BrowserGuard(server, keys.enabled());
    Admission admission =
        new Admission(server.maxConcurrentQueries(), server.maxConcurrentWrites());
    QueryService queries = QueryService.of(engine);
    FunctionCounter.builder("rag.query.cache.hits", queries, QueryService::cacheHits)
        .description("queries whose embedding came from the cache (model.query_cache_size)")
        .register(metrics.registry());
    FunctionCounter.builder("rag.query.cache.misses", queries, QueryService::cacheMisses)
        .description("queries whose embedding ran the model")
        .register(metrics.registry());
    int maxChars = server.maxQueryChars();
    SearchDefaults defaults = new SearchDefaults(engine.config().search());
    QueryLimits limits = QueryLimits.of(engine.config().search(), maxChars);
    this.mcp =
        new McpEndpoint(
            new McpTools.Sources(collections, queries, new QueryReader(defaults, limits), timeouts),
            new McpEndpoint.Guard() {
              @Override
              public McpEndpoint.Refusal refusal(Function<String, String> header) {
                return mcpRefusal(guard, keys, header);
              }

              @Override
              public ApiKey key(Function<String, String> header) {
                return keys.reader(header.apply("Authorization"), header.apply("api-key")).key();
              }
            },
            version());
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
              Console.serve(cfg);
              cfg.http.maxRequestSize = server.maxRequestBytes();
              cfg.http.prefer405over404 = true;
              cfg.jetty.host = host;
              cfg.jetty.port = server.port();
              cfg.jetty.multipartConfig.maxTotalRequestSize(
                  server.maxRequestBytes(), SizeUnit.BYTES);
              cfg.jetty.multipartConfig.maxFileSize(server.maxRequestBytes(), SizeUnit.BYTES);
              cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
              cfg.jetty.threadPool =
                  new QueuedThreadPool(
                      Math.max(
                          250, server.maxConcurrentQueries() + server.maxConcurrentWrites() + 64),
                      8,
                      60_000);
              cfg.jetty.modifyServletContextHandler(
                  context -> {
                    ServletHolder holder = new ServletHolder(mcp.servlet());
                    holder.setAsyncSupported(true);
                    context.addServlet(holder, McpEndpoint.PATH);
                  });
              cfg.jetty.modifyServer(
                  jetty -> {
                    jetty.setHandler(new MinimumBodyRate(server.minBodyBytesPerSecond()));
                    jetty.setErrorHandler(new JettyErrors());
                  });
              cfg.requestLogger.http(
                  (ctx, ms) -> {
                    metrics.request(ctx.method().name(), route(ctx), ctx.statusCode(), ms);
                    audit(ctx);
                  });
              cfg.routes.beforeMatched(
                  ctx -> {
                    Set<RouteRole> roles = ctx.routeRoles();
                    refuseDeclaredTooLarge(ctx, server.maxRequestBytes());
                    guard.check(ctx, roles);
                    keys.check(ctx, roles);
                    admission.enter(ctx, roles);
                  });
              cfg.routes.afterMatched(admission::leave);
              new OpsController(collections, dataDir, metrics, server.metricsAccess())
                  .register(cfg.routes);
              Snapshots snapshots = new Snapshots(collections, dataDir);
              new SnapshotsController(snapshots).register(cfg.routes);
              new CollectionsController(collections, jobs, engine.config().opensearch(), snapshots)
                  .register(cfg.routes);
              new DocumentsController(
                      collections, ingestion, jobs, dataDir, server.maxFilesPerUpload(), limits)
                  .register(cfg.routes);
              new JobsController(
                      collections,
                      jobs,
                      ingestion,
                      dataDir,
                      server.maxFilesPerUpload(),
                      server.ingestRoots())
                  .register(cfg.routes);
              new QueryController(queries, new QueryReader(defaults, limits), metrics, timeouts)
                  .register(cfg.routes);
              new ImagesController(collections).register(cfg.routes);
              new EmbeddingsController(
                      engine.models(),
                      engine.config().model().name(),
                      metrics,
                      timeouts,
                      maxChars,
                      server.maxEmbeddingTokens())
                  .register(cfg.routes);
              new ModelsController(engine.models().names(), System.currentTimeMillis() / 1000)
                  .register(cfg.routes);
              new DifyRetrievalController(collections, queries, timeouts, defaults, limits)
                  .register(cfg.routes);
              errors(cfg.routes);
            });
    headAsGet(app);
  }

  /**
   * A HEAD route for every GET route, with the same roles and handler (Jetty sends no body): HEAD
   * answers exactly as GET would, keys checked first, instead of Javalin's bare 200.
   */
  private static void headAsGet(Javalin app) {
    var router = app.unsafe.internalRouter;
    for (ParsedEndpoint p : List.copyOf(router.allHttpHandlers())) {
      Endpoint e = p.endpoint;
      if (e.method == HandlerType.GET) {
        Roles roles = e.metadata(Roles.class);
        router.addHttpEndpoint(
            new Endpoint(
                HandlerType.HEAD,
                e.path,
                e.handler,
                roles == null ? Set.<EndpointMetadata>of() : Set.<EndpointMetadata>of(roles)));
      }
    }
  }

  /**
   * Refuses a body on its declared length, before a byte of it is read (a client that sent {@code
   * Expect: 100-continue} never sends it at all); the connection then closes, as the body is left
   * unread.
   */
  private static void refuseDeclaredTooLarge(io.javalin.http.Context ctx, long maxBytes) {
    if (ctx.contentLength() > maxBytes) {
      ctx.header("Connection", "close");
      throw ApiException.tooLarge(
          "the request body is larger than server.max_request_bytes (" + maxBytes + " bytes)");
    }
  }

  private static void errors(io.javalin.config.RoutesConfig routes) {
    routes.exception(ApiException.class, (e, ctx) -> Problems.write(ctx, e));
    routes.exception(
        CollectionRegistry.UnknownCollectionException.class,
        (e, ctx) -> Problems.write(ctx, 404, "Not Found", e.getMessage(), Map.of()));
    routes.exception(
        InvalidQueryException.class,
        (e, ctx) ->
            Problems.write(ctx, 400, "Bad Request", e.getMessage(), Map.of("field", e.field())));
    routes.exception(
        IllegalArgumentException.class,
        (e, ctx) -> Problems.write(ctx, 400, "Bad Request", e.getMessage(), Map.of()));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> Problems.write(ctx, e.getStatus(), title(e.getStatus()), message(e), Map.of()));
    routes.exception(ModelException.class, (e, ctx) -> failed(ctx, "model", e));
    routes.exception(IndexException.class, (e, ctx) -> failed(ctx, "index", e));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          ApiException slow = MinimumBodyRate.refusal(e);
          if (slow != null) {
            Problems.write(ctx, slow);
            return;
          }
          LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
          Problems.write(
              ctx,
              500,
              "Internal Server Error",
              "unexpected error: "
                  + e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : ": " + Problems.withoutPaths(e.getMessage())),
              Map.of());
        });
    routes.error(
        404,
        ctx -> {
          if (!Problems.MEDIA_TYPE.equals(ctx.res().getContentType())) {
            Problems.write(
                ctx, 404, "Not Found", "no route " + ctx.method() + " " + ctx.path(), Map.of());
          }
        });
    routes.error(
        405,
        ctx -> {
          if (!Problems.MEDIA_TYPE.equals(ctx.res().getContentType())) {
            Problems.write(
                ctx,
                405,
                "Method Not Allowed",
                ctx.method() + " is not allowed on " + ctx.path(),
                Map.of());
          }
        });
  }

  /**
   * The matched route's path template ("unmatched" for a 404 or 405), so metrics do not grow per
   * id.
   */
  static String route(io.javalin.http.Context ctx) {
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    return matched == null || !matched.method.isHttpMethod() || matched.path.isEmpty()
        ? "unmatched"
        : matched.path;
  }

  /** A 503 for a failure of the model or the index: the log has it whole, the client its gist. */
  private static void failed(io.javalin.http.Context ctx, String what, Exception e) {
    LOG.error("{} failure on {} {}", what, ctx.method(), ctx.path(), e);
    Problems.write(
        ctx,
        503,
        "Service Unavailable",
        "the " + what + " failed: " + Problems.withoutPaths(e.getMessage()),
        Map.of());
  }

  private static String message(HttpResponseException e) {
    if (e.getStatus() == 413) {
      return "the request body is larger than server.max_request_bytes";
    }
    return e.getMessage();
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Server Error" : "Client Error";
    };
  }

  /** Starts a server for this engine. */
  public static ServerApp start(Engine engine) {
    ServerApp s = new ServerApp(engine);
    s.app.start();
    if (!s.keysEnabled) {
      LOG.warn(
          "no API keys configured (server.admin_keys, server.read_keys, server.keys_file):"
              + " listening on 127.0.0.1 only");
    }
    LOG.info("listening on http://{}:{}", s.host, s.app.port());
    return s;
  }

  /**
   * Writes the audit line of a write request (a route of the write or admin role, any method but
   * GET/HEAD/OPTIONS), whatever its outcome: refusals are part of the trail.
   */
  private void audit(Context ctx) {
    if (audit == null) {
      return;
    }
    HandlerType m = ctx.method();
    if (m == HandlerType.GET || m == HandlerType.HEAD || m == HandlerType.OPTIONS) {
      return;
    }
    Role needed = Role.needed(ctx.routeRoles());
    if (needed != Role.WRITE && needed != Role.ADMIN) {
      return;
    }
    ApiKey key = Access.key(ctx);
    audit.write(Audit.line(ctx, route(ctx), key == null ? null : key.name()));
  }

  /** Whether the server started with API keys (else it listens on 127.0.0.1 only). */
  public boolean keysEnabled() {
    return keysEnabled;
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** The host it binds. */
  public String host() {
    return host;
  }

  /** Every registered route as "METHOD path", as Javalin holds them. */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map((ParsedEndpoint p) -> p.endpoint)
        .filter(e -> e.method.isHttpMethod() && e.method != HandlerType.HEAD)
        .map(e -> e.method.name() + " " + e.path)
        .sorted()
        .toList();
  }

  /** The job manager (for the CLI's demo). */
  public JobManager jobs() {
    return jobs;
  }

  /** The server's version (its jar's), "dev" when run from classes. */
  public static String version() {
    String v = ServerApp.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The checks of the API's routes, for {@code /mcp}: its Host and Origin, then a key. */
  private static McpEndpoint.Refusal mcpRefusal(
      BrowserGuard guard, ApiKeys keys, Function<String, String> header) {
    String foreign = guard.refusal(header.apply("Host"), header.apply("Origin"));
    if (foreign != null) {
      return new McpEndpoint.Refusal(403, foreign);
    }
    String unauthorized =
        keys.reader(header.apply("Authorization"), header.apply("api-key")).refusal();
    return unauthorized == null ? null : new McpEndpoint.Refusal(401, unauthorized);
  }

  @Override
  public void close() {
    app.stop();
    mcp.close();
    jobs.close();
    timeouts.close();
    metrics.close();
    if (audit != null) {
      audit.close();
    }
  }
}
