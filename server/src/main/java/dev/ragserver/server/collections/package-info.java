/** {@code /v1/collections}: create, list, describe, delete. */
package dev.ragserver.server.collections;
