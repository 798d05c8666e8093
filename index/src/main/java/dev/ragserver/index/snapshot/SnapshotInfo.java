package dev.ragserver.index.snapshot;

import java.util.List;

/**
 * What {@code snapshot.json} says about an archive.
 *
 * @param id the snapshot's id
 * @param collection the collection it was taken of
 * @param created when (ISO-8601)
 * @param chunks chunks in the snapshot (those committed when it was taken)
 * @param files every file of the archive, with its size
 */
public record SnapshotInfo(
    String id, String collection, String created, long chunks, List<FileEntry> files) {
  /** The archive format this server writes and reads. */
  public static final int FORMAT = 1;

  public SnapshotInfo {
    files = List.copyOf(files);
  }

  /**
   * One file of the archive.
   *
   * @param name its path in the archive
   * @param size its size in bytes
   */
  public record FileEntry(String name, long size) {}
}
