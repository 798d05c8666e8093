/**
 * {@code /v1/collections/{c}/documents}: JSON batch upsert (whole text or pre-chunked), file
 * upload, get a document with its chunks, delete by id, by ids or by filter.
 */
package dev.ragserver.server.documents;
