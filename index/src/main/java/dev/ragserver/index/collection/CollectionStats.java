package dev.ragserver.index.collection;

/**
 * Counts and size of a collection, as of its latest refresh.
 *
 * @param documents distinct document ids
 * @param chunks chunks (Lucene documents)
 * @param segments index segments
 * @param bytesOnDisk size of the index files
 */
public record CollectionStats(long documents, long chunks, int segments, long bytesOnDisk) {}
