/**
 * Snapshots of a collection: a zip archive of the files of one point in time (the manifest, the
 * index's commit, the image blobs) with {@code snapshot.json} last, listing every file, so that an
 * archive cut short or changed is refused whole ({@link
 * dev.ragserver.index.snapshot.SnapshotArchive}).
 */
package dev.ragserver.index.snapshot;
