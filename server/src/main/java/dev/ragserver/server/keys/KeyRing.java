package dev.ragserver.server.keys;

import dev.ragserver.config.ServerConfig;
import dev.ragserver.server.http.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every key the server accepts: the short forms of the configuration ({@code server.admin_keys}:
 * admin on every collection, named {@code admin_keys[i]}; {@code server.read_keys}: read on every
 * collection, {@code read_keys[i]}) and the keys file, read again within a second of a change (a
 * file that no longer reads keeps the keys it had, with an error in the log).
 */
public final class KeyRing {
  private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
  private static final long RECHECK_NANOS = 1_000_000_000L;

  /** A key with its digest as bytes, decoded once when the key is read (not per request). */
  @SuppressWarnings("ArrayRecordComponent") // compared with MessageDigest.isEqual only
  private record Entry(ApiKey key, byte[] digest) {
    static List<Entry> of(List<ApiKey> keys) {
      return keys.stream().map(k -> new Entry(k, k.digest())).toList();
    }
  }

  private final List<Entry> configured;
  private final KeyFile file;
  private volatile List<Entry> fromFile;
  private volatile FileTime seen;
  private volatile long checkedAt;

  private KeyRing(List<ApiKey> configured, KeyFile file) {
    this.configured = Entry.of(configured);
    this.file = file;
    this.fromFile = Entry.of(file.load());
    this.seen = modified(file.path());
    this.checkedAt = System.nanoTime();
  }

  /** The keys of this configuration; fails when the keys file cannot be read. */
  public static KeyRing of(ServerConfig server, Path dataDir) {
    List<ApiKey> configured = new ArrayList<>();
    for (int i = 0; i < server.adminKeys().size(); i++) {
      configured.add(
          new ApiKey(
              "admin_keys[" + i + "]",
              Role.ADMIN,
              List.of("*"),
              Secrets.hexDigest(server.adminKeys().get(i))));
    }
    for (int i = 0; i < server.readKeys().size(); i++) {
      configured.add(
          new ApiKey(
              "read_keys[" + i + "]",
              Role.READ,
              List.of("*"),
              Secrets.hexDigest(server.readKeys().get(i))));
    }
    return new KeyRing(configured, new KeyFile(file(server, dataDir)));
  }

  /** The keys file of this configuration. */
  public static Path file(ServerConfig server, Path dataDir) {
    return server.keysFile().isEmpty() ? dataDir.resolve("keys.yaml") : Path.of(server.keysFile());
  }

  /** Whether any key is configured (with none, every route is open). */
  public boolean enabled() {
    return !configured.isEmpty() || !current().isEmpty();
  }

  /** The key with this secret, compared as SHA-256 digests in constant time. */
  public Optional<ApiKey> find(String secret) {
    byte[] d = Secrets.digest(secret);
    ApiKey found = null;
    for (List<Entry> entries : List.of(configured, current())) {
      for (Entry e : entries) {
        if (MessageDigest.isEqual(e.digest(), d) && found == null) {
          found = e.key();
        }
      }
    }
    return Optional.ofNullable(found);
  }

  private List<Entry> current() {
    long now = System.nanoTime();
    if (now - checkedAt < RECHECK_NANOS) {
      return fromFile;
    }
    synchronized (this) {
      if (now - checkedAt >= RECHECK_NANOS) {
        FileTime m = modified(file.path());
        if (!java.util.Objects.equals(m, seen)) {
          try {
            fromFile = Entry.of(file.load());
            seen = m;
            LOG.info("keys file {} read: {} keys", file.path(), fromFile.size());
          } catch (RuntimeException e) {
            LOG.error(
                "keys file {} not read again, its earlier keys stay: {}",
                file.path(),
                e.getMessage());
            seen = m;
          }
        }
        checkedAt = System.nanoTime();
      }
    }
    return fromFile;
  }

  private static FileTime modified(Path p) {
    try {
      return Files.exists(p) ? Files.getLastModifiedTime(p) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
