/** {@code GET /v1/collections/{c}/images/{id}}: stored image bytes and thumbnails. */
package dev.ragserver.server.images;
