/**
 * Content-addressed blob store of a collection: original image bytes and thumbnails, stored once by
 * their SHA-256, written atomically (temporary file, then rename).
 */
package dev.ragserver.index.blob;
