/** Snapshots of a collection: what one holds, and the listing. */
package dev.ragserver.api.snapshots;
