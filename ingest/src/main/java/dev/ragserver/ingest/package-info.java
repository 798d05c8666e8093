/**
 * Ingestion: loaders (text, Markdown, HTML, PDF, images), citation-preserving chunking and bulk
 * jobs, feeding the embedder and the index. Built in issue 4; nothing below {@code server} knows
 * HTTP.
 */
package dev.ragserver.ingest;
