/**
 * The HTTP server's frame: Javalin set-up, API-key roles, the one JSON error shape ({@code
 * application/problem+json}), JSON reading with field-naming errors, and request metrics.
 * Controllers in the resource packages only do IO.
 */
package dev.ragserver.server.http;
