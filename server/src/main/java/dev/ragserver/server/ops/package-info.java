/**
 * Operations: {@code /livez}, {@code /readyz}, Prometheus {@code /metrics}, {@code
 * /v1/openapi.json}.
 */
package dev.ragserver.server.ops;
