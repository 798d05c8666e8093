package dev.ragserver.server.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ragserver.server.http.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The keys file ({@code server.keys_file}): a YAML list under {@code keys:} of name, role,
 * collections and the SHA-256 digest of each secret; the secrets themselves are never stored.
 * Written whole and atomically (a temporary file moved over it), readable by its owner only.
 */
public final class KeyFile {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  private static final Set<String> FIELDS = Set.of("name", "role", "collections", "sha256");

  private final Path path;

  public KeyFile(Path path) {
    this.path = path;
  }

  /** Where the file is. */
  public Path path() {
    return path;
  }

  /** The keys in the file; none when it does not exist. */
  public List<ApiKey> load() {
    if (!Files.exists(path)) {
      return List.of();
    }
    JsonNode root;
    try {
      root = YAML.readTree(path.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the keys file " + path + " is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    JsonNode keys = root.get("keys");
    if (!root.isObject() || keys == null || !keys.isArray()) {
      throw new IllegalArgumentException(
          "the keys file " + path + " must hold a list under \"keys:\"");
    }
    List<ApiKey> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      JsonNode k = keys.get(i);
      try {
        for (var it = k.fieldNames(); it.hasNext(); ) {
          String f = it.next();
          if (!FIELDS.contains(f)) {
            throw new IllegalArgumentException(
                "unknown field \"" + f + "\"; known fields: collections, name, role, sha256");
          }
        }
        List<String> collections = new ArrayList<>();
        JsonNode c = k.get("collections");
        if (c != null && c.isArray()) {
          c.forEach(n -> collections.add(n.asText()));
        } else if (c != null && c.isTextual()) {
          collections.add(c.asText());
        }
        ApiKey key =
            new ApiKey(text(k, "name"), Role.of(text(k, "role")), collections, text(k, "sha256"));
        if (out.stream().anyMatch(o -> o.name().equals(key.name()))) {
          throw new IllegalArgumentException(
              "the name " + key.name() + " is taken by an earlier key");
        }
        out.add(key);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the keys file " + path + ", keys[" + i + "]: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Adds a key with a new secret and returns the secret (shown once: only its digest is kept).
   *
   * @throws IllegalArgumentException when the name is taken or a setting is invalid
   */
  public String add(String name, Role role, List<String> collections) {
    List<ApiKey> keys = new ArrayList<>(load());
    if (keys.stream().anyMatch(k -> k.name().equals(name))) {
      throw new IllegalArgumentException(
          "a key named " + name + " exists in " + path + "; remove it first or pick another name");
    }
    String secret = Secrets.newSecret();
    keys.add(new ApiKey(name, role, collections, Secrets.hexDigest(secret)));
    save(keys);
    return secret;
  }

  /** Removes the key of this name; false when there was none. */
  public boolean remove(String name) {
    List<ApiKey> keys = new ArrayList<>(load());
    boolean removed = keys.removeIf(k -> k.name().equals(name));
    if (removed) {
      save(keys);
    }
    return removed;
  }

  private void save(List<ApiKey> keys) {
    ObjectNode root = YAML.createObjectNode();
    ArrayNode list = root.putArray("keys");
    for (ApiKey k : keys) {
      ObjectNode n = list.addObject();
      n.put("name", k.name());
      n.put("role", k.role().id());
      ArrayNode c = n.putArray("collections");
      k.collections().forEach(c::add);
      n.put("sha256", k.sha256());
    }
    try {
      Path dir = path.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".keys-", ".yaml");
      try {
        ownerOnly(tmp);
        Files.writeString(
            tmp,
            "# API keys of this server, written by ./rag keys: only SHA-256 digests of the secrets.\n"
                + YAML.writeValueAsString(root));
        try {
          Files.move(
              tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the keys file " + path + ": " + e.getMessage(), e);
    }
  }

  private static void ownerOnly(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its default permissions apply
    }
  }

  private static String text(JsonNode k, String field) {
    JsonNode v = k.get(field);
    if (v == null || !v.isValueNode()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return v.asText();
  }
}
