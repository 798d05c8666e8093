/**
 * What a loader makes of a file: the document's text, its structural blocks (with heading path and
 * page), the images found in it, and warnings. Offsets index into {@code ParsedDocument.text()}.
 */
package dev.ragserver.ingest.document;
