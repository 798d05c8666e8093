/** What a chunk is and how it maps to Lucene fields. */
package dev.ragserver.index.schema;
