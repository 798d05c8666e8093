package dev.ragserver.server.keys;

import dev.ragserver.server.http.Role;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One API key: its name (what messages and the audit log show, never the secret), its role, the
 * collections it may use, and the SHA-256 digest of its secret.
 *
 * @param name letters, digits, {@code . _ -} (at most 64)
 * @param role read, write or admin
 * @param collections collection names, {@code prefix*}, or {@code *} for all
 * @param sha256 the secret's SHA-256 digest, 64 hex digits
 */
public record ApiKey(String name, Role role, List<String> collections, String sha256) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._\\[\\]-]{1,64}");
  private static final Pattern COLLECTION =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\*?|\\*");

  public ApiKey {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a key's name must be 1-64 letters, digits, '.', '_' or '-', got: " + name);
    }
    if (role == null || role == Role.OPEN) {
      throw new IllegalArgumentException(
          "key " + name + ": role must be read, write or admin, got: " + role);
    }
    if (collections == null || collections.isEmpty()) {
      throw new IllegalArgumentException(
          "key " + name + ": collections must name at least one collection, prefix* or *");
    }
    for (String c : collections) {
      if (c == null || !COLLECTION.matcher(c).matches()) {
        throw new IllegalArgumentException(
            "key "
                + name
                + ": collections must hold collection names, prefix* or *, got: \""
                + c
                + "\"");
      }
    }
    collections = List.copyOf(collections);
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "key " + name + ": sha256 must be 64 lower-case hex digits, got: " + sha256);
    }
  }

  /** Whether the key may use this collection. */
  public boolean allows(String collection) {
    for (String c : collections) {
      if (c.equals("*")
          || c.equals(collection)
          || (c.endsWith("*") && collection.startsWith(c.substring(0, c.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the key may use every collection ({@code *}). */
  public boolean allCollections() {
    return collections.contains("*");
  }

  /** The digest as bytes. */
  byte[] digest() {
    return HexFormat.of().parseHex(sha256);
  }
}
