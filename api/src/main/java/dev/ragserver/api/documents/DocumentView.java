package dev.ragserver.api.documents;

import dev.ragserver.api.query.ChunkView;
import java.util.List;

/**
 * A document with its chunks in order ({@code GET /v1/collections/{c}/documents/{id}}).
 *
 * @param documentId the document's id
 * @param chunks its chunks
 */
public record DocumentView(String documentId, List<ChunkView> chunks) {}
