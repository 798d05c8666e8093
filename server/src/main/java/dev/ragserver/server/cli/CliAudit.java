package dev.ragserver.server.cli;

import dev.ragserver.config.RagConfig;
import dev.ragserver.server.audit.AuditLog;
import dev.ragserver.server.http.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The audit line of a write made from the command line (keys, snapshots, restores). */
final class CliAudit {
  private CliAudit() {}

  /**
   * Appends {@code {time, key: null, method: CLI, route, ...fields, result: ok}} to the audit trail
   * of this configuration (nothing when it is off).
   */
  static void write(RagConfig config, String route, Map<String, Object> fields) {
    AuditLog log = AuditLog.of(config.server(), Path.of(config.index().dataDir()), Json.MAPPER);
    if (log == null) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", java.time.Instant.now().toString());
    line.put("key", null);
    line.put("method", "CLI");
    line.put("route", route);
    line.putAll(fields);
    line.put("result", "ok");
    try (log) {
      log.write(line);
    }
  }
}
