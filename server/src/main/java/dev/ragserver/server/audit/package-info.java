/**
 * The audit trail: one JSON line per write ({@link dev.ragserver.server.audit.AuditLog}, a file
 * rotated by size) with who (the key's name), what (the route, the collection, ids or counts) and
 * the result; {@link dev.ragserver.server.audit.Audit} collects a request's details.
 */
package dev.ragserver.server.audit;
