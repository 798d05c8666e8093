/**
 * Filters over built-in fields and user metadata (equals, in, range, exists, and/or/not), compiled
 * to Lucene queries that the dense leg applies inside the HNSW search.
 */
package dev.ragserver.index.filter;
