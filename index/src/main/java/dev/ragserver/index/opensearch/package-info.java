/**
 * The OpenSearch side of the scale-out backend: the index mapping of a collection (k-NN fields
 * forced to the Lucene engine, with a guard that refuses any other before a request leaves the
 * process), and a small HTTP client for the calls the backend makes (cluster health, index
 * create/delete, {@code _bulk} with retries and back-off, {@code _msearch}). No OpenSearch client
 * library: JSON over {@code java.net.http}, so the server's dependency set stays as it is.
 */
package dev.ragserver.index.opensearch;
