/**
 * API keys: each named, with a role and the collections it may use ({@link
 * dev.ragserver.server.keys.ApiKey}), kept as SHA-256 digests in a file ({@link
 * dev.ragserver.server.keys.KeyFile}, written by {@code ./rag keys}) and, in short form, in {@code
 * server.admin_keys}/{@code server.read_keys}; {@link dev.ragserver.server.keys.KeyRing} finds the
 * key a request presents.
 */
package dev.ragserver.server.keys;
