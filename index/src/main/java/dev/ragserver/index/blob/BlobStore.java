package dev.ragserver.index.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Blobs by id: {@code <folder>/<first two hex digits>/<id>} with the media type in a {@code .type}
 * file beside it. Ids are the SHA-256 of the bytes (plus a suffix for derived blobs such as
 * thumbnails), so storing the same image twice stores it once. Thread-safe.
 */
public final class BlobStore {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}(-[a-z0-9]{1,16})?");
  private final Path folder;

  public BlobStore(Path folder) {
    this.folder = folder;
  }

  /** A stored blob. */
  @SuppressWarnings("ArrayRecordComponent")
  // arrays on purpose (image bytes as stored); its equals and hashCode compare them by content
  public record Blob(byte[] bytes, String mediaType) {
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
  public static String idOf(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a string is a well-formed blob id (nothing else ever reaches the file system). */
  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Stores bytes under their SHA-256 id and returns it. */
  public String put(byte[] bytes, String mediaType) {
    String id = idOf(bytes);
    put(id, bytes, mediaType);
    return id;
  }

  /** Stores bytes under a given id (a content id plus a suffix, for derived blobs). */
  public void put(String id, byte[] bytes, String mediaType) {
    if (!isId(id)) {
      throw new IllegalArgumentException(
          "blob ids are a SHA-256 in hex, optionally with a -suffix, got: " + id);
    }
    Path file = file(id);
    if (Files.isRegularFile(file)) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      write(file.resolveSibling(id + ".type"), mediaType.getBytes(StandardCharsets.UTF_8));
      write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store blob " + id + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), ".blob", ".tmp");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The blob, or empty when there is none with this id. */
  public Optional<Blob> get(String id) {
    if (!isId(id)) {
      return Optional.empty();
    }
    Path file = file(id);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      Path type = file.resolveSibling(id + ".type");
      String mediaType =
          Files.isRegularFile(type) ? Files.readString(type) : "application/octet-stream";
      return Optional.of(new Blob(Files.readAllBytes(file), mediaType));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read blob " + id + ": " + e.getMessage(), e);
    }
  }

  private Path file(String id) {
    return folder.resolve(id.substring(0, 2)).resolve(id);
  }
}
