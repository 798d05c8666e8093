/**
 * The text models a server can serve, loaded on first use, shared by every collection that names
 * them, and closed when idle beyond a cap on loaded models.
 */
package dev.ragserver.model.pool;
