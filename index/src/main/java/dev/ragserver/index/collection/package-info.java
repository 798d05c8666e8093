/**
 * Collections: one Lucene index directory plus a manifest (schema version, embedding model,
 * analyzer, HNSW and quantisation settings), created, listed, described and deleted through a
 * {@link dev.ragserver.index.collection.CollectionRegistry}.
 */
package dev.ragserver.index.collection;
