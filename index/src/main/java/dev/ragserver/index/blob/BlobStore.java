package dev.ragserver.index.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A collection's blobs (image bytes and their thumbnails) by id. Ids are the SHA-256 of the bytes
 * (plus a suffix for derived blobs such as thumbnails), so storing the same image twice stores it
 * once. Implementations are thread-safe: {@link FileBlobStore} in the collection's folder, or the
 * OpenSearch backend's blob index on the cluster, which every server over it reads.
 */
public interface BlobStore {
  /** What an id looks like: a SHA-256 in hex, optionally with a -suffix. */
  Pattern ID = Pattern.compile("[0-9a-f]{64}(-[a-z0-9]{1,16})?");

  /** A stored blob. */
  @SuppressWarnings("ArrayRecordComponent")
  // arrays on purpose (image bytes as stored); its equals and hashCode compare them by content
  record Blob(byte[] bytes, String mediaType) {
    /** Equal when every component is (arrays by content). */
    @Override
    public boolean equals(Object o) {
      return o instanceof Blob other
          && Arrays.equals(bytes, other.bytes)
          && Objects.equals(mediaType, other.mediaType);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(mediaType) + Arrays.hashCode(bytes);
    }
  }

  /** The SHA-256 id of these bytes. */
  static String idOf(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a string is a well-formed blob id (nothing else ever reaches the file system). */
  static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Fails unless {@code id} is a well-formed blob id. */
  static void requireId(String id) {
    if (!isId(id)) {
      throw new IllegalArgumentException(
          "blob ids are a SHA-256 in hex, optionally with a -suffix, got: " + id);
    }
  }

  /** Stores bytes under their SHA-256 id and returns it. */
  default String put(byte[] bytes, String mediaType) {
    String id = idOf(bytes);
    put(id, bytes, mediaType);
    return id;
  }

  /** Stores bytes under a given id (a content id plus a suffix, for derived blobs). */
  void put(String id, byte[] bytes, String mediaType);

  /** The blob, or empty when there is none with this id. */
  Optional<Blob> get(String id);
}
