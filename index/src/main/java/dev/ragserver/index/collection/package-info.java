/**
 * Collections behind the backend seam: {@code CollectionIndex} (one open collection), {@code
 * CollectionBackend} (creates, opens and deletes a storage engine's collections, and states its
 * {@code Guarantees}), the manifest (schema version, model, analyzer, HNSW and quantisation
 * settings, backend placement), and the {@code CollectionRegistry} that picks a backend by the
 * manifest and runs the checks every backend shares ({@code ChunkChecks}) above the seam.
 */
package dev.ragserver.index.collection;
