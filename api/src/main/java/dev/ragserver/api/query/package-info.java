/** Queries: the request (text, image, legs, fusion, filter), the hits and the chunk they carry. */
package dev.ragserver.api.query;
