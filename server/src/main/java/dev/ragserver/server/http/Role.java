package dev.ragserver.server.http;

import io.javalin.security.RouteRole;

/** Who may call a route. */
public enum Role implements RouteRole {
  /** Anyone, keys or not (liveness, readiness, metrics, the OpenAPI document). */
  OPEN,
  /** Read and admin keys: queries, embeddings, reading collections, documents, images, jobs. */
  READ,
  /** Admin keys only: creating, writing, deleting, ingest jobs. */
  ADMIN
}
