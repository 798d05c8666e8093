package dev.ragserver.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The web console: static files bundled in the jar ({@code dev/ragserver/server/console/}), served
 * at {@code /}. They are public (no data in them); everything they show comes from the API with the
 * key the user enters. A content security policy keeps the page to this server: no inline script,
 * no other origin.
 */
final class Console {
  static final String RESOURCES = "/dev/ragserver/server/console";
  static final String POLICY =
      "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
          + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  private Console() {}

  static void serve(JavalinConfig cfg) {
    cfg.staticFiles.add(
        files -> {
          files.hostedPath = "/";
          files.directory = RESOURCES;
          files.location = Location.CLASSPATH;
          files.headers =
              Map.of(
                  "Cache-Control",
                  "no-cache",
                  "Content-Security-Policy",
                  POLICY,
                  "X-Content-Type-Options",
                  "nosniff");
        });
  }
}
