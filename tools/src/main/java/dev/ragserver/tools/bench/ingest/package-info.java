/**
 * {@code ./rag bench ingest}: end-to-end ingest time against the time the model alone spends
 * embedding the same chunks, measured in the same run. A benchmark, not a test.
 */
package dev.ragserver.tools.bench.ingest;
