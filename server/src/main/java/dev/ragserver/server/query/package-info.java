/**
 * {@code POST /v1/collections/{c}/query}: reads the JSON query (legs, fusion, filter, grouping,
 * paging, neighbours, explain), embeds the text, runs the hybrid search and writes hits.
 */
package dev.ragserver.server.query;
