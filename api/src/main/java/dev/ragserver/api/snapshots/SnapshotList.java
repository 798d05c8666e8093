package dev.ragserver.api.snapshots;

import java.util.List;

/**
 * The body of {@code GET /v1/collections/{c}/snapshots}.
 *
 * @param snapshots the collection's snapshots, oldest first
 */
public record SnapshotList(List<SnapshotView> snapshots) {}
