package dev.ragserver.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.config.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of JSON lines, rotated once it passes a size ({@code audit.log} becomes
 * {@code audit.log.1}, {@code .1} becomes {@code .2}, ..., the oldest beyond the count is deleted).
 * Each line is written and flushed whole under a lock; a line that cannot be written is logged as
 * an error (the write it records has happened) and the next line tries again.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final Path file;
  private final long maxBytes;
  private final int files;
  private final ObjectMapper json;
  private OutputStream out;
  private long size;

  /**
   * @param file the current file
   * @param maxBytes rotate once the file passes this size
   * @param files rotated files kept
   */
  public AuditLog(Path file, long maxBytes, int files, ObjectMapper json) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.files = files;
    this.json = json;
  }

  /** The audit log of this configuration, or null when it is {@code off}. */
  public static AuditLog of(ServerConfig server, Path dataDir, ObjectMapper json) {
    String where = server.auditLog();
    if (where.equals("off")) {
      return null;
    }
    Path file = where.isEmpty() ? dataDir.resolve("audit.log") : Path.of(where);
    return new AuditLog(file, server.auditMaxBytes(), server.auditFiles(), json);
  }

  /** Where the current file is. */
  public Path file() {
    return file;
  }

  /** Appends one line holding these fields (in their order). */
  public synchronized void write(Map<String, Object> fields) {
    byte[] line;
    try {
      line = (json.writeValueAsString(fields) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      LOG.error("audit line not written: {}", e.getMessage());
      return;
    }
    try {
      if (out != null && size + line.length > maxBytes && size > 0) {
        rotate();
      }
      if (out == null) {
        open();
        if (size + line.length > maxBytes && size > 0) {
          rotate();
          open();
        }
      }
      out.write(line);
      out.flush();
      size += line.length;
    } catch (IOException e) {
      LOG.error("audit line not written to {}: {}", file, e.getMessage());
      closeQuietly();
    }
  }

  /** Opens the current file for appending; {@code size} is what it holds already. */
  private void open() throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    out =
        Files.newOutputStream(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    size = Files.size(file);
  }

  private void rotate() throws IOException {
    closeQuietly();
    Files.deleteIfExists(rotated(files));
    for (int i = files - 1; i >= 1; i--) {
      if (Files.exists(rotated(i))) {
        Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (Files.exists(file)) {
      Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    }
    size = 0;
  }

  private Path rotated(int i) {
    return file.resolveSibling(file.getFileName() + "." + i);
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.warn("closing {}: {}", file, e.getMessage());
      }
      out = null;
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }
}
