/** The Lucene codec of a collection: per-field HNSW formats with the chosen quantisation. */
package dev.ragserver.index.codec;
