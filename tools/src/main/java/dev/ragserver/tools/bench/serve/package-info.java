/**
 * {@code ./rag bench serve}: a load run against a real server on loopback. A benchmark, not a test.
 */
package dev.ragserver.tools.bench.serve;
