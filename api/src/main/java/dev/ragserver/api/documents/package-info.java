/** Documents: the JSON upsert, a document with its chunks, deletes by id or filter. */
package dev.ragserver.api.documents;
