/**
 * The HTTP API's request and response bodies as records, shared by the server (which writes and
 * reads them) and the Java client (which sends and reads the same classes); one package per
 * resource, and {@link dev.ragserver.api.json.ApiJson} for the JSON they are written in.
 */
package dev.ragserver.api;
