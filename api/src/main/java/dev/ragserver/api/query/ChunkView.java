package dev.ragserver.api.query;

import java.util.List;
import java.util.Map;

/**
 * A chunk as the API writes it (in every hit, document and neighbour): ids, text and its citation.
 *
 * @param chunkId the chunk's id
 * @param documentId its document's id
 * @param chunkNumber its place in the document, from 0
 * @param text the chunk's text
 * @param source where the document came from
 * @param title the document's title
 * @param pageStart first page, or null for a document without pages
 * @param pageEnd last page, or null
 * @param charStart first character in the source document
 * @param charEnd end (exclusive) in the source document
 * @param headingPath headings above the chunk, outermost first
 * @param modality text or image
 * @param imageUrl the original image of an image chunk, or null
 * @param metadata the document's metadata
 */
public record ChunkView(
    String chunkId,
    String documentId,
    int chunkNumber,
    String text,
    String source,
    String title,
    Integer pageStart,
    Integer pageEnd,
    int charStart,
    int charEnd,
    List<String> headingPath,
    String modality,
    String imageUrl,
    Map<String, Object> metadata) {}
