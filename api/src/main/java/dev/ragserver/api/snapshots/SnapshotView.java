package dev.ragserver.api.snapshots;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A snapshot of a collection, as {@code POST /v1/collections/{c}/snapshots} made it.
 *
 * @param id its id, to download, delete or restore it
 * @param collection the collection it was taken of
 * @param created when (ISO-8601)
 * @param chunks chunks it holds (those committed when it was taken)
 * @param sizeBytes the archive's size (0 for a snapshot in a cluster's repository)
 * @param url the snapshot's resource: an archive's download, a cluster snapshot's delete
 * @param repository null for an archive in the server's data folder; else the cluster's snapshot
 *     repository that holds it (an OpenSearch collection's)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotView(
    String id,
    String collection,
    String created,
    long chunks,
    long sizeBytes,
    String url,
    String repository) {}
