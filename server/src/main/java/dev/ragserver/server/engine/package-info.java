/**
 * The running engine shared by the CLI commands and the HTTP server: configuration, the loaded
 * model, the collection registry and the ingest jobs, opened once and closed together.
 */
package dev.ragserver.server.engine;
