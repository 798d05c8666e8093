package dev.ragserver.index.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Blobs in a folder: {@code <folder>/<first two hex digits>/<id>} with the media type in a {@code
 * .type} file beside it (the embedded backend's store). Thread-safe.
 */
public final class FileBlobStore implements BlobStore {
  private final Path folder;

  public FileBlobStore(Path folder) {
    this.folder = folder;
  }

  @Override
  public void put(String id, byte[] bytes, String mediaType) {
    BlobStore.requireId(id);
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

  @Override
  public Optional<Blob> get(String id) {
    if (!BlobStore.isId(id)) {
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
