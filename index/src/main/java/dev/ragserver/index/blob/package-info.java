/**
 * Content-addressed blob stores of a collection: original image bytes and thumbnails, stored once
 * by their SHA-256. {@link dev.ragserver.index.blob.FileBlobStore} writes them atomically to the
 * collection's folder (temporary file, then rename); the OpenSearch backend keeps them on the
 * cluster.
 */
package dev.ragserver.index.blob;
