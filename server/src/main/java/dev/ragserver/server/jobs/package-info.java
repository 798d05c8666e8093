/**
 * Ingest jobs over HTTP: {@code POST /v1/collections/{c}/jobs} (server-side paths under the
 * configured roots, or uploaded files), {@code GET /v1/jobs/{id}}, {@code DELETE /v1/jobs/{id}}.
 */
package dev.ragserver.server.jobs;
