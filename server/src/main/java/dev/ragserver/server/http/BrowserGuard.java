package dev.ragserver.server.http;

import dev.ragserver.config.ServerConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps web pages a user happens to open from using their server: a request whose {@code Origin} is
 * another site is refused (403), a {@code Host} that is not this server's is refused (DNS
 * rebinding; 403), and a write with a body must say {@code application/json} or {@code
 * multipart/form-data} (415), which a page cannot send to another origin without a CORS preflight
 * this server never grants. With no API keys configured this is all that stands between a page and
 * the data, so the {@code Host} check is always on then.
 */
final class BrowserGuard {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final Set<String> hosts;
  private final boolean checkHost;
  private final Set<String> origins;

  BrowserGuard(ServerConfig config, boolean keysEnabled) {
    Set<String> h = new LinkedHashSet<>(LOOPBACK);
    h.addAll(config.allowedHosts());
    String bound = config.host().toLowerCase(Locale.ROOT);
    if (!bound.equals("0.0.0.0") && !bound.equals("::") && !bound.equals("[::]")) {
      h.add(bound.contains(":") && !bound.startsWith("[") ? "[" + bound + "]" : bound);
    }
    this.hosts = Set.copyOf(h);
    this.checkHost = !keysEnabled || !config.allowedHosts().isEmpty();
    this.origins = Set.copyOf(config.allowedOrigins());
  }

  /** Fails unless the request may come from where it says it comes from. */
  void check(Context ctx, Set<? extends RouteRole> roles) {
    String refusal = refusal(ctx.header("Host"), ctx.header("Origin"));
    if (refusal != null) {
      throw ApiException.forbidden(refusal);
    }
    if (writesBody(ctx, roles) && !jsonOrMultipart(ctx.contentType())) {
      throw ApiException.unsupportedMediaType(
          "a write must send Content-Type: application/json (or multipart/form-data for"
              + " uploads), got: "
              + (ctx.contentType() == null ? "none" : ctx.contentType()));
    }
  }

  /**
   * Why a request with this {@code Host} and {@code Origin} (either may be null) is refused, or
   * null when it is not.
   */
  String refusal(String host, String origin) {
    if (checkHost && host != null && !hostAllowed(host)) {
      return "this server does not answer to Host \""
          + host
          + "\"; add it to server.allowed_hosts if this server is reached by that name";
    }
    if (origin != null && !originAllowed(origin, host)) {
      return "requests from web pages of origin \""
          + origin
          + "\" are not allowed; add it to server.allowed_origins to let that site call"
          + " this server";
    }
    return null;
  }

  private boolean hostAllowed(String host) {
    String h = host.toLowerCase(Locale.ROOT).strip();
    if (hosts.contains(h)) {
      return true;
    }
    int colon = h.lastIndexOf(':');
    return colon > 0 && h.indexOf(']') < colon && hosts.contains(h.substring(0, colon));
  }

  /** The server's own origin (any scheme, as a TLS proxy may sit in front), or a configured one. */
  private boolean originAllowed(String origin, String host) {
    String o = origin.toLowerCase(Locale.ROOT).strip();
    if (origins.contains(o)) {
      return true;
    }
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT).strip();
    return o.equals("http://" + h) || o.equals("https://" + h);
  }

  /** A write or admin route sent a body: the requests a cross-site page could forge. */
  private static boolean writesBody(Context ctx, Set<? extends RouteRole> roles) {
    HandlerType m = ctx.method();
    boolean write =
        m == HandlerType.POST
            || m == HandlerType.PUT
            || m == HandlerType.PATCH
            || m == HandlerType.DELETE;
    Role needed = Role.needed(roles);
    boolean writeRoute = needed == Role.WRITE || needed == Role.ADMIN;
    boolean hasBody = ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null;
    return write && writeRoute && hasBody;
  }

  private static boolean jsonOrMultipart(String contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
    return t.equals("application/json")
        || (t.startsWith("application/") && t.endsWith("+json"))
        || t.equals("multipart/form-data");
  }
}
