/**
 * Token-aware, citation-preserving chunking: structure first (blocks: sections, paragraphs, code),
 * then sentences (Latin and Chinese punctuation), then tokens, counted with the collection model's
 * own tokenizer. Every chunk is an exact span of the document text, with its page span and heading
 * path.
 */
package dev.ragserver.ingest.chunk;
