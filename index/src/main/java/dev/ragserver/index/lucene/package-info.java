/**
 * The embedded backend: a collection is a Lucene index in its folder ({@code LuceneCollection},
 * opened by {@code LuceneBackend}), searched through {@code LuceneSearchView}.
 */
package dev.ragserver.index.lucene;
