package dev.ragserver.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.server.http.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} as Prometheus reads it: names that pass promtool, refusals under their route.
 */
class MetricsExpositionTest {
  private static final String ADMIN = "metrics-admin-key-0123456789";
  private static final String READ = "metrics-read-key-0123456789";

  @TempDir Path dir;

  @Test
  void refusedKeysAreCountedUnderTheRealRouteAndTheMessageNamesIt() throws Exception {
    try (TestServer s =
        new TestServer(
            dir.resolve("data"),
            Map.of(
                "server.admin_keys",
                "[\"" + ADMIN + "\"]",
                "server.read_keys",
                "[\"" + READ + "\"]"))) {
      TestServer.Response forbidden = s.key(READ).put("/v1/collections/blocked", "{}");
      assertEquals(403, forbidden.status());
      assertTrue(
          forbidden.json().get("detail").asText().contains("PUT /v1/collections/{c} needs admin"),
          forbidden.text());
      assertEquals(401, s.key(null).get("/v1/collections").status());
      String metrics = s.key(READ).get("/metrics").text();
      assertTrue(
          metrics.contains("route=\"/v1/collections/{c}\"") && metrics.contains("status=\"403\""),
          "the 403 is counted under its route");
      assertFalse(metrics.contains("route=\"*\""), "no request is counted under route=\"*\"");
      promtoolIsSilent(metrics);
    }
  }

  /**
   * {@code promtool check metrics} prints nothing for the exposition (skipped without promtool).
   */
  private void promtoolIsSilent(String metrics) throws IOException, InterruptedException {
    Path promtool = Path.of("/usr/bin/promtool");
    Assumptions.assumeTrue(
        Files.isExecutable(promtool),
        "promtool is not installed: skipped (Debian: apt-get install prometheus; CI installs it)");
    Process p =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish in a minute");
    assertEquals("", out.strip(), "promtool check metrics");
    assertEquals(0, p.exitValue());
  }
}
