/**
 * Snapshots of embedded collections: taken while queries and writes go on, kept as archives under
 * the data folder's {@code .snapshots/}, listed, downloaded, deleted, and restored into a new
 * collection ({@code restore_from}, {@code ./rag restore}).
 */
package dev.ragserver.server.snapshots;
